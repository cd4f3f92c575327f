import Foundation
import PostgresNIO
import Store

extension PostgresStore: CodingStore {
    /// Stores a new code (colour `#RRGGBB`; parent in the same study).
    public func addCode(_ code: Code) async throws -> Code {
        try StoreInputChecks.code(name: code.name, color: code.color)
        return try await withTransaction { connection in
            if let parentID = code.parentID {
                guard
                    let parent = try await connection.fetchOne(
                        Code.self, "SELECT \(unescaped: Code.columns) FROM code WHERE id = \(parentID)", logger: self.logger)
                else { throw StoreError.notFound("code", parentID) }
                guard parent.studyID == code.studyID else { throw StoreInputChecks.parentInOtherStudy(parentID) }
            }
            return try await connection.fetchOne(
                Code.self,
                """
                INSERT INTO code (studyID, parentID, name, color, details, createdAt)
                VALUES (\(code.studyID), \(code.parentID), \(code.name), \(code.color), \(code.details), \(code.createdAt))
                RETURNING \(unescaped: Code.columns)
                """, logger: self.logger)!
        }
    }

    /// The code with this id, or `nil`.
    public func code(id: Int64) async throws -> Code? {
        try await withConnection { connection in
            try await connection.fetchOne(Code.self, "SELECT \(unescaped: Code.columns) FROM code WHERE id = \(id)", logger: self.logger)
        }
    }

    /// A study's codebook, parents before children (by depth, then name in code-point order, as on SQLite).
    public func codes(studyID: Int64) async throws -> [Code] {
        try await withConnection { connection in try await self.codes(studyID: studyID, connection) }
    }

    /// ``codes(studyID:)`` on the caller's connection.
    func codes(studyID: Int64, _ connection: PostgresConnection) async throws -> [Code] {
        try await connection.fetchAll(
            Code.self,
            """
            WITH RECURSIVE tree(id, depth) AS (
                SELECT id, 0 FROM code WHERE studyID = \(studyID) AND parentID IS NULL
                UNION ALL SELECT code.id, tree.depth + 1 FROM code JOIN tree ON code.parentID = tree.id)
            SELECT \(unescaped: Code.columns) FROM code JOIN tree USING (id) ORDER BY tree.depth, code.name COLLATE "C"
            """, logger: logger)
    }

    /// A study's participants in code-point order of their pseudonyms (as SQLite sorts them).
    func studyParticipants(_ studyID: Int64, _ connection: PostgresConnection) async throws -> [Participant] {
        try await connection.query(
            "SELECT id, pseudonym, createdAt FROM participant WHERE studyID = \(studyID) ORDER BY pseudonym COLLATE \"C\"",
            logger: logger
        ).collect().map { row in
            let (id, pseudonym, createdAt) = try row.decode((Int64, String, Date).self)
            return Participant(id: id, studyID: studyID, pseudonym: pseudonym, createdAt: createdAt)
        }
    }

    /// Changes a code's name, colour, definition or parent (not its study); the parent may not be a descendant.
    public func updateCode(_ code: Code) async throws {
        guard let id = code.id else { throw StoreInputChecks.codeWithoutID }
        try StoreInputChecks.code(name: code.name, color: code.color)
        try await withTransaction { connection in
            guard
                let old = try await connection.fetchOne(
                    Code.self, "SELECT \(unescaped: Code.columns) FROM code WHERE id = \(id) FOR UPDATE", logger: self.logger)
            else { throw StoreError.notFound("code", id) }
            var ancestor = code.parentID
            while let current = ancestor {
                guard current != id else { throw StoreInputChecks.codeUnderItself(id, parentID: code.parentID!) }
                guard
                    let parent = try await connection.fetchOne(
                        Code.self, "SELECT \(unescaped: Code.columns) FROM code WHERE id = \(current)", logger: self.logger),
                    parent.studyID == old.studyID
                else { throw StoreInputChecks.parentMissing(current) }
                ancestor = parent.parentID
            }
            try await connection.query(
                """
                UPDATE code SET parentID = \(code.parentID), name = \(code.name), color = \(code.color), details = \(code.details)
                WHERE id = \(id)
                """, logger: self.logger)
        }
    }

    /// Deletes a code with its sub-codes and their codings.
    public func deleteCode(id: Int64) async throws {
        let deleted = try await withTransaction { connection in
            try await connection.count("DELETE FROM code WHERE id = \(id) RETURNING id", logger: self.logger)
        }
        if deleted == 0 { throw StoreError.notFound("code", id) }
    }

    /// Adds a codebook tree in one transaction, reusing codes with the same name under the same
    /// parent; each entry before its children, its children before its next sibling (as on SQLite).
    public func importCodebook(studyID: Int64, _ entries: [CodebookEntry]) async throws -> [Code] {
        try StoreInputChecks.codebook(entries)
        try await withTransaction { connection in
            guard try await connection.count("SELECT id FROM study WHERE id = \(studyID)", logger: self.logger) > 0 else {
                throw StoreError.notFound("study", studyID)
            }
            var pending = entries.map { (entry: $0, parentID: Int64?.none) }
            while !pending.isEmpty {
                let (entry, parentID) = pending.removeFirst()
                let found = try await connection.query(
                    """
                    SELECT id FROM code
                    WHERE studyID = \(studyID) AND coalesce(parentID, 0) = \(parentID ?? 0) AND name = \(entry.name)
                    """, logger: self.logger
                ).collect().first?.decode(Int64.self)
                let id: Int64
                if let found {
                    id = found
                } else {
                    id = try await connection.query(
                        """
                        INSERT INTO code (studyID, parentID, name, color, details, createdAt)
                        VALUES (\(studyID), \(parentID), \(entry.name), \(entry.color), \(entry.details), \(Date()))
                        RETURNING id
                        """, logger: self.logger
                    ).collect().first!.decode(Int64.self)
                }
                pending.insert(contentsOf: entry.children.map { ($0, id) }, at: 0)
            }
        }
        return try await codes(studyID: studyID)
    }

    /// Applies a code to characters `charStart..<charEnd` of a transcript version; times as on
    /// SQLite (``CodingTimes``).
    public func addCoding(transcriptID: Int64, codeID: Int64, coderID: Int64, charStart: Int, charEnd: Int) async throws
        -> Coding
    {
        try await withTransaction { connection in
            guard
                let row = try await connection.query(
                    """
                    SELECT transcript.text, recording.studyID FROM transcript JOIN recording ON recording.id = transcript.recordingID
                    WHERE transcript.id = \(transcriptID)
                    """, logger: self.logger
                ).collect().first
            else { throw StoreError.notFound("transcript", transcriptID) }
            let (text, studyID) = try row.decode((String, Int64).self)
            let length = text.unicodeScalars.count
            try StoreInputChecks.codingSpan(charStart: charStart, charEnd: charEnd, transcriptID: transcriptID, length: length)
            guard
                let code = try await connection.fetchOne(
                    Code.self, "SELECT \(unescaped: Code.columns) FROM code WHERE id = \(codeID)", logger: self.logger)
            else { throw StoreError.notFound("code", codeID) }
            guard code.studyID == studyID else { throw StoreInputChecks.codeInOtherStudy(codeID, transcriptID: transcriptID) }
            return try await self.insertCoding(
                transcriptID: transcriptID, codeID: codeID, coderID: coderID, span: charStart..<charEnd, connection)
        }
    }

    /// Inserts a coding of `span` (checked by the caller), its times from the words at both ends.
    func insertCoding(
        transcriptID: Int64, codeID: Int64, coderID: Int64, span: Range<Int>, createdAt: Date = Date(), decidedBy: Int64? = nil,
        isConsensus: Bool = false, _ connection: PostgresConnection
    ) async throws -> Coding {
        let times = try await codingTimes(transcriptID: transcriptID, span: span, connection)
        return try await connection.fetchOne(
            Coding.self,
            """
            INSERT INTO coding (transcriptID, codeID, coderID, charStart, charEnd, startTime, endTime, createdAt, isConsensus, decidedBy)
            VALUES (\(transcriptID), \(codeID), \(coderID), \(span.lowerBound), \(span.upperBound), \(times.start), \(times.end),
                \(createdAt), \(isConsensus), \(decidedBy))
            RETURNING \(unescaped: Coding.columns)
            """, logger: logger)!
    }

    /// The times of characters `span` of a version: from its words where they are timed, else
    /// interpolated in their segments (``CodingTimes``, as on SQLite).
    func codingTimes(transcriptID: Int64, span: Range<Int>, _ connection: PostgresConnection) async throws
        -> (start: Double, end: Double)
    {
        let first = try await segmentWithWords(
            "SELECT \(unescaped: Self.segmentColumns) FROM segment WHERE transcriptID = \(transcriptID) AND charEnd > \(span.lowerBound) ORDER BY position LIMIT 1",
            connection)
        let last = try await segmentWithWords(
            "SELECT \(unescaped: Self.segmentColumns) FROM segment WHERE transcriptID = \(transcriptID) AND charStart < \(span.upperBound) ORDER BY position DESC LIMIT 1",
            connection)
        return CodingTimes.span(charStart: span.lowerBound, charEnd: span.upperBound, first: first, last: last)
    }

    /// The segment columns ``segmentWithWords(_:_:)`` decodes.
    private static let segmentColumns = "id, transcriptID, position, start, \"end\", speakerID, text, confidence, charStart, charEnd"

    /// The segment `query` selects (``segmentColumns``) with its words in order, or `nil`.
    private func segmentWithWords(_ query: PostgresQuery, _ connection: PostgresConnection) async throws
        -> (segment: Segment, words: [Word])?
    {
        guard let row = try await connection.query(query, logger: logger).collect().first else { return nil }
        let (id, transcriptID, position, start, end, speakerID, text, confidence, charStart, charEnd) = try row.decode(
            (Int64, Int64, Int, Double, Double, Int64?, String, Double?, Int, Int).self)
        let segment = Segment(
            id: id, transcriptID: transcriptID, position: position, start: start, end: end, speakerID: speakerID, text: text,
            confidence: confidence, charStart: charStart, charEnd: charEnd)
        let words = try await connection.query(
            "SELECT position, start, \"end\", text, probability FROM word WHERE segmentID = \(id) ORDER BY position",
            logger: logger
        ).collect().map { row in
            let (position, start, end, text, probability) = try row.decode((Int, Double, Double, String, Double?).self)
            return Word(segmentID: id, position: position, start: start, end: end, text: text, probability: probability)
        }
        return (segment, words)
    }

    /// Removes a coding.
    public func deleteCoding(id: Int64) async throws {
        let deleted = try await withTransaction { connection in
            try await connection.count("DELETE FROM coding WHERE id = \(id) RETURNING id", logger: self.logger)
        }
        if deleted == 0 { throw StoreError.notFound("coding", id) }
    }

    /// The codings of a transcript version in text order: start, then end, then code.
    public func codings(transcriptID: Int64) async throws -> [Coding] {
        try await withConnection { connection in
            try await connection.fetchAll(
                Coding.self,
                """
                SELECT \(unescaped: Coding.columns) FROM coding WHERE transcriptID = \(transcriptID)
                ORDER BY charStart, charEnd, codeID, id
                """, logger: self.logger)
        }
    }

    /// The coding with this id, or `nil`.
    public func coding(id: Int64) async throws -> Coding? {
        try await withConnection { connection in
            try await connection.fetchOne(
                Coding.self, "SELECT \(unescaped: Coding.columns) FROM coding WHERE id = \(id)", logger: self.logger)
        }
    }

    /// Stores a memo (its `id` is ignored and assigned); every object it is attached to must belong
    /// to the memo's study, else `.notFound`.
    public func addMemo(_ memo: Memo) async throws -> Memo {
        try TextLimits.check(memo.title, limit: TextLimits.title, "memo title")
        return try await withTransaction { connection in
            let attachments: [(String, Int64?, (Int64) -> PostgresQuery)] = [
                ("participant", memo.participantID, { "SELECT studyID FROM participant WHERE id = \($0)" }),
                ("recording", memo.recordingID, { "SELECT studyID FROM recording WHERE id = \($0)" }),
                (
                    "transcript", memo.transcriptID,
                    {
                        """
                        SELECT recording.studyID FROM transcript JOIN recording ON recording.id = transcript.recordingID
                        WHERE transcript.id = \($0)
                        """
                    }
                ),
                ("code", memo.codeID, { "SELECT studyID FROM code WHERE id = \($0)" }),
                (
                    "coding", memo.codingID,
                    {
                        """
                        SELECT recording.studyID FROM coding JOIN transcript ON transcript.id = coding.transcriptID
                        JOIN recording ON recording.id = transcript.recordingID WHERE coding.id = \($0)
                        """
                    }
                ),
            ]
            for (kind, id, query) in attachments {
                guard let id else { continue }
                let studyID = try await connection.query(query(id), logger: self.logger).collect().first?.decode(Int64.self)
                guard studyID == memo.studyID else { throw StoreError.notFound(kind, id) }
            }
            return try await connection.fetchOne(
                Memo.self,
                """
                INSERT INTO memo (studyID, authorID, title, text, participantID, recordingID, transcriptID, codeID, codingID, createdAt)
                VALUES (\(memo.studyID), \(memo.authorID), \(memo.title), \(memo.text), \(memo.participantID), \(memo.recordingID),
                    \(memo.transcriptID), \(memo.codeID), \(memo.codingID), \(memo.createdAt))
                RETURNING \(unescaped: Memo.columns)
                """, logger: self.logger)!
        }
    }

    /// Deletes a memo.
    public func deleteMemo(id: Int64) async throws {
        let deleted = try await withTransaction { connection in
            try await connection.count("DELETE FROM memo WHERE id = \(id) RETURNING id", logger: self.logger)
        }
        if deleted == 0 { throw StoreError.notFound("memo", id) }
    }

    /// The memos of a study.
    public func memos(studyID: Int64) async throws -> [Memo] {
        try await withConnection { connection in
            try await connection.fetchAll(
                Memo.self, "SELECT \(unescaped: Memo.columns) FROM memo WHERE studyID = \(studyID) ORDER BY id", logger: self.logger)
        }
    }
}

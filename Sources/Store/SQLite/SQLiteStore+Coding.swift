import Foundation
import GRDB

extension SQLiteStore {
    /// Stores a new code (colour `#RRGGBB`; parent in the same study).
    public func addCode(_ code: Code) async throws -> Code {
        try StoreInputChecks.code(name: code.name, color: code.color)
        return try await write { db in
            if let parentID = code.parentID {
                guard let parent = try Code.fetchOne(db, key: parentID) else { throw StoreError.notFound("code", parentID) }
                guard parent.studyID == code.studyID else { throw StoreInputChecks.parentInOtherStudy(parentID) }
            }
            var stored = code
            stored.id = nil
            try stored.insert(db)
            return stored
        }
    }

    /// The code with this id, or `nil`.
    public func code(id: Int64) async throws -> Code? {
        try await read { db in try Code.fetchOne(db, key: id) }
    }

    /// A study's codebook, parents before children.
    public func codes(studyID: Int64) async throws -> [Code] {
        try await read { db in
            try Code.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE tree(id, depth) AS (
                        SELECT id, 0 FROM code WHERE studyID = ? AND parentID IS NULL
                        UNION ALL SELECT code.id, tree.depth + 1 FROM code JOIN tree ON code.parentID = tree.id)
                    SELECT code.* FROM code JOIN tree ON tree.id = code.id ORDER BY tree.depth, code.name
                    """, arguments: [studyID])
        }
    }

    /// Changes a code's name, colour, definition or parent (not its study); the parent may not be a descendant.
    public func updateCode(_ code: Code) async throws {
        guard let id = code.id else { throw StoreInputChecks.codeWithoutID }
        try StoreInputChecks.code(name: code.name, color: code.color)
        try await write { db in
            guard let old = try Code.fetchOne(db, key: id) else { throw StoreError.notFound("code", id) }
            var ancestor = code.parentID
            while let current = ancestor {
                guard current != id else { throw StoreInputChecks.codeUnderItself(id, parentID: code.parentID!) }
                guard let parent = try Code.fetchOne(db, key: current), parent.studyID == old.studyID else {
                    throw StoreInputChecks.parentMissing(current)
                }
                ancestor = parent.parentID
            }
            var updated = code
            updated.studyID = old.studyID
            updated.createdAt = old.createdAt
            try updated.update(db)
        }
    }

    /// Deletes a code with its sub-codes and their codings.
    public func deleteCode(id: Int64) async throws {
        let deleted = try await write { db in try Code.deleteOne(db, key: id) }
        if !deleted { throw StoreError.notFound("code", id) }
    }

    /// Adds a codebook tree in one transaction, reusing codes with the same name under the same parent.
    public func importCodebook(studyID: Int64, _ entries: [CodebookEntry]) async throws -> [Code] {
        try StoreInputChecks.codebook(entries)
        try await write { db in
            guard try Study.exists(db, key: studyID) else { throw StoreError.notFound("study", studyID) }
            func insert(_ entry: CodebookEntry, parentID: Int64?) throws {
                var existing = Code.filter(Column("studyID") == studyID && Column("name") == entry.name)
                existing = parentID.map { existing.filter(Column("parentID") == $0) } ?? existing.filter(Column("parentID") == nil)
                var code: Code
                if let found = try existing.fetchOne(db) {
                    code = found
                } else {
                    code = Code(studyID: studyID, parentID: parentID, name: entry.name, color: entry.color, details: entry.details)
                    try code.insert(db)
                }
                for child in entry.children { try insert(child, parentID: code.id) }
            }
            for entry in entries { try insert(entry, parentID: nil) }
        }
        return try await codes(studyID: studyID)
    }

    /// Applies a code to characters `charStart..<charEnd` of a transcript version.
    ///
    /// Times come from the words at both ends when word timings exist, else by linear interpolation
    /// of character positions over the segment's time span.
    public func addCoding(transcriptID: Int64, codeID: Int64, coderID: Int64, charStart: Int, charEnd: Int) async throws
        -> Coding
    {
        try await write { db in
            guard let transcript = try Transcript.fetchOne(db, key: transcriptID) else {
                throw StoreError.notFound("transcript", transcriptID)
            }
            let length = transcript.text.unicodeScalars.count
            try StoreInputChecks.codingSpan(charStart: charStart, charEnd: charEnd, transcriptID: transcriptID, length: length)
            guard let code = try Code.fetchOne(db, key: codeID) else { throw StoreError.notFound("code", codeID) }
            let studyID = try Int64.fetchOne(
                db, sql: "SELECT studyID FROM recording WHERE id = ?", arguments: [transcript.recordingID])
            guard code.studyID == studyID else { throw StoreInputChecks.codeInOtherStudy(codeID, transcriptID: transcriptID) }
            return try Self.insertCoding(
                db, transcriptID: transcriptID, codeID: codeID, coderID: coderID, charStart: charStart, charEnd: charEnd)
        }
    }

    /// Inserts a coding of `charStart..<charEnd` (checked by the caller), its times from the words at both ends.
    static func insertCoding(
        _ db: Database, transcriptID: Int64, codeID: Int64, coderID: Int64, charStart: Int, charEnd: Int, createdAt: Date = Date(),
        decidedBy: Int64? = nil, isConsensus: Bool = false
    ) throws -> Coding {
        let times = try codingTimes(db, transcriptID: transcriptID, charStart: charStart, charEnd: charEnd)
        var coding = Coding(
            transcriptID: transcriptID, codeID: codeID, coderID: coderID, charStart: charStart, charEnd: charEnd,
            startTime: times.start, endTime: times.end, createdAt: createdAt, isConsensus: isConsensus, decidedBy: decidedBy)
        try coding.insert(db)
        return coding
    }

    /// The times of characters `charStart..<charEnd` of a version: from its words where they are timed, else interpolated in their segments.
    static func codingTimes(_ db: Database, transcriptID: Int64, charStart: Int, charEnd: Int) throws -> (start: Double, end: Double) {
        let first = try Segment.fetchOne(
            db, sql: "SELECT * FROM segment WHERE transcriptID = ? AND charEnd > ? ORDER BY position LIMIT 1",
            arguments: [transcriptID, charStart])
        let last = try Segment.fetchOne(
            db, sql: "SELECT * FROM segment WHERE transcriptID = ? AND charStart < ? ORDER BY position DESC LIMIT 1",
            arguments: [transcriptID, charEnd])
        func words(of segment: Segment?) throws -> [Word] {
            guard let id = segment?.id else { return [] }
            return try Word.filter(Column("segmentID") == id).order(Column("position")).fetchAll(db)
        }
        return CodingTimes.span(
            charStart: charStart, charEnd: charEnd, first: try first.map { ($0, try words(of: $0)) },
            last: try last.map { ($0, try words(of: $0)) })
    }

    /// Removes a coding.
    public func deleteCoding(id: Int64) async throws {
        let deleted = try await write { db in try Coding.deleteOne(db, key: id) }
        if !deleted { throw StoreError.notFound("coding", id) }
    }

    /// The codings of a transcript version in text order: start, then end, then code.
    public func codings(transcriptID: Int64) async throws -> [Coding] {
        try await read { db in
            try Coding.filter(Column("transcriptID") == transcriptID)
                .order(Column("charStart"), Column("charEnd"), Column("codeID"), Column("id")).fetchAll(db)
        }
    }

    /// The coding with this id, or `nil`.
    public func coding(id: Int64) async throws -> Coding? {
        try await read { db in try Coding.fetchOne(db, key: id) }
    }

    /// Stores a memo (its `id` is ignored and assigned); every object it is attached to must belong
    /// to the memo's study, else `.notFound` (which also keeps other studies' ids from being probed).
    public func addMemo(_ memo: Memo) async throws -> Memo {
        try TextLimits.check(memo.title, limit: TextLimits.title, "memo title")
        return try await write { db in
            let attachments: [(String, Int64?, String)] = [
                ("participant", memo.participantID, "SELECT studyID FROM participant WHERE id = ?"),
                ("recording", memo.recordingID, "SELECT studyID FROM recording WHERE id = ?"),
                (
                    "transcript", memo.transcriptID,
                    "SELECT recording.studyID FROM transcript JOIN recording ON recording.id = transcript.recordingID WHERE transcript.id = ?"
                ),
                ("code", memo.codeID, "SELECT studyID FROM code WHERE id = ?"),
                (
                    "coding", memo.codingID,
                    """
                    SELECT recording.studyID FROM coding JOIN transcript ON transcript.id = coding.transcriptID
                    JOIN recording ON recording.id = transcript.recordingID WHERE coding.id = ?
                    """
                ),
            ]
            for (kind, id, sql) in attachments {
                guard let id else { continue }
                guard try Int64.fetchOne(db, sql: sql, arguments: [id]) == memo.studyID else { throw StoreError.notFound(kind, id) }
            }
            var stored = memo
            stored.id = nil
            try stored.insert(db)
            return stored
        }
    }

    /// Deletes a memo.
    public func deleteMemo(id: Int64) async throws {
        let deleted = try await write { db in try Memo.deleteOne(db, key: id) }
        if !deleted { throw StoreError.notFound("memo", id) }
    }

    /// The memos of a study.
    public func memos(studyID: Int64) async throws -> [Memo] {
        try await read { db in try Memo.filter(Column("studyID") == studyID).order(Column("id")).fetchAll(db) }
    }
}

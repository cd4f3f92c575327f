import Foundation
import PostgresNIO
import Store

extension PostgresStore: TranscriptStore {
    /// Stores `input` as the next version of the recording's transcript, with its segments, words and speakers.
    public func addTranscript(recordingID: Int64, _ input: TranscriptInput) async throws -> Transcript {
        try StoreInputChecks.transcript(input)
        return try await withTransaction { connection in
            try await self.insertVersion(recordingID: recordingID, basedOnID: nil, input: input, connection)
        }
    }

    /// Stores a new version made from `transcriptID` with `edits` applied; the old version is kept.
    /// The old version's codings are copied onto the new one at the same text, and its memos move
    /// with them (``TranscriptOffsetMap``), as on SQLite.
    public func editTranscript(_ transcriptID: Int64, edits: [SegmentEdit], editorID: Int64, status: TranscriptStatus)
        async throws -> Transcript
    {
        try await withTransaction { connection in
            let old = try await self.lockedTranscript(transcriptID, connection)
            let segments = try await self.segments(transcriptID: transcriptID, connection)
            var revision = TranscriptRevision(try await self.inputs(of: segments, recordingID: old.recordingID, connection))
            for edit in edits {
                try revision.apply(.correct(index: edit.index, text: edit.text, speakerLabel: edit.speakerLabel))
            }
            let input = TranscriptInput(
                engine: "human", model: "", language: old.language, status: status, createdBy: editorID,
                segments: revision.segments.map(\.input))
            try StoreInputChecks.transcript(input)
            let edited = try await self.insertVersion(recordingID: old.recordingID, basedOnID: transcriptID, input: input, connection)
            try await self.carryForward(
                from: old, map: TranscriptOffsetMap(old: segments.map(\.text), new: input.segments.map(\.text)), to: edited,
                connection)
            return edited
        }
    }

    /// Applies a person's changes (``TranscriptOperation``) as SQLite does: in place on the working
    /// draft (the newest version, by a person, not validated), else as a new version based on it
    /// with the codings carried forward; each change enters the version's history. A change that
    /// removes the whole text of a coding makes a new version, so that the coding stays on the
    /// previous one, and says so; a split or merge of segments with consensus decisions too.
    public func amendTranscript(_ transcriptID: Int64, operations: [TranscriptOperation], editorID: Int64) async throws
        -> TranscriptAmendment
    {
        try StoreInputChecks.operations(operations)
        return try await withTransaction { connection in
            let old = try await self.lockedTranscript(transcriptID, connection)
            let segments = try await self.segments(transcriptID: transcriptID, connection)
            var revision = TranscriptRevision(try await self.inputs(of: segments, recordingID: old.recordingID, connection))
            for operation in operations { try revision.apply(operation) }
            guard !revision.history.isEmpty else {
                return TranscriptAmendment(transcript: old, isNewVersion: false, codingsLeftBehind: [], retimedSegments: [])
            }
            let inputs = revision.segments.map(\.input)
            let input = TranscriptInput(
                engine: "human", model: "", language: old.language, status: .draft, createdBy: editorID, segments: inputs)
            try StoreInputChecks.transcript(input)
            let groups = revision.groups
            let map = TranscriptOffsetMap(old: groups.old, new: groups.new)
            let codings = try await connection.fetchAll(
                Coding.self, "SELECT \(unescaped: Coding.columns) FROM coding WHERE transcriptID = \(transcriptID) ORDER BY id",
                logger: self.logger)
            let emptied = codings.filter { map.offset($0.charEnd, isEnd: true) <= map.offset($0.charStart, isEnd: false) }
                .compactMap(\.id)
            let newest = try await connection.query(
                "SELECT max(version) FROM transcript WHERE recordingID = \(old.recordingID)", logger: self.logger
            ).collect().first?.decode(Int?.self)
            // Consensus decisions name segments by position: a split or merge would move them, so it
            // goes to a new version and the decisions stay on the one they were made on.
            let decided = try await connection.count(
                "SELECT unitIndex FROM consensus_decision WHERE transcriptID = \(transcriptID)", logger: self.logger)
            let structural = inputs.count != segments.count
            let inPlace =
                old.engine == "human" && old.status == .draft && newest == old.version && emptied.isEmpty
                && !(structural && decided > 0)
            let target: Transcript
            if inPlace {
                try await connection.query("DELETE FROM segment WHERE transcriptID = \(transcriptID)", logger: self.logger)
                try await self.insertContent(transcriptID: transcriptID, recordingID: old.recordingID, input: input, connection)
                let text = inputs.map(\.text).joined(separator: "\n")
                target = try await connection.fetchOne(
                    Transcript.self,
                    "UPDATE transcript SET text = \(text) WHERE id = \(transcriptID) RETURNING \(unescaped: Transcript.columns)",
                    logger: self.logger)!
                try await self.moveCodings(codings, transcriptID: transcriptID, map: map, connection)
            } else {
                target = try await self.insertVersion(
                    recordingID: old.recordingID, basedOnID: transcriptID, input: input, connection)
                try await self.carryForward(from: old, map: map, to: target, connection)
                if !structural {
                    try await connection.query(
                        """
                        INSERT INTO consensus_decision (transcriptID, unitIndex, decidedBy, decidedAt)
                        SELECT \(target.id!), unitIndex, decidedBy, decidedAt FROM consensus_decision WHERE transcriptID = \(transcriptID)
                        """, logger: self.logger)
                }
            }
            let now = Date()
            for entry in revision.history {
                try await connection.query(
                    """
                    INSERT INTO transcript_edit (transcriptID, editorID, kind, position, before, after, createdAt)
                    VALUES (\(target.id!), \(editorID), \(entry.kind), \(entry.position), \(entry.before), \(entry.after), \(now))
                    """, logger: self.logger)
            }
            let retimed = revision.segments.indices.filter { revision.segments[$0].textChanged && inputs[$0].words.isEmpty }
            return TranscriptAmendment(
                transcript: target, isNewVersion: !inPlace, codingsLeftBehind: emptied, retimedSegments: retimed)
        }
    }

    /// Marks a version validated (`reviewed`) or back to `draft`, with an entry in its history.
    public func setTranscriptStatus(_ transcriptID: Int64, status: TranscriptStatus, editorID: Int64) async throws -> Transcript {
        try await withTransaction { connection in
            let transcript = try await self.lockedTranscript(transcriptID, connection)
            guard transcript.status != status else { return transcript }
            try await connection.query(
                """
                INSERT INTO transcript_edit (transcriptID, editorID, kind, position, before, after, createdAt)
                VALUES (\(transcriptID), \(editorID), 'status', NULL, \(transcript.status.rawValue), \(status.rawValue), \(Date()))
                """, logger: self.logger)
            return try await connection.fetchOne(
                Transcript.self,
                """
                UPDATE transcript SET status = \(status.rawValue) WHERE id = \(transcriptID)
                RETURNING \(unescaped: Transcript.columns)
                """, logger: self.logger)!
        }
    }

    /// A version's edit history, oldest first.
    public func transcriptEdits(transcriptID: Int64) async throws -> [TranscriptEdit] {
        try await withConnection { connection in
            try await connection.fetchAll(
                TranscriptEdit.self,
                "SELECT \(unescaped: TranscriptEdit.columns) FROM transcript_edit WHERE transcriptID = \(transcriptID) ORDER BY id",
                logger: self.logger)
        }
    }

    /// Gives timed words to segments of a version that have none, keyed by segment position;
    /// segments that already have words keep them. Words outside their segment's times are clamped to it.
    public func setWords(transcriptID: Int64, words: [Int: [WordInput]]) async throws {
        try await withTransaction { connection in
            _ = try await self.lockedTranscript(transcriptID, connection)
            for segment in try await self.segments(transcriptID: transcriptID, connection) {
                guard let given = words[segment.position], !given.isEmpty,
                    try await connection.count("SELECT id FROM word WHERE segmentID = \(segment.id!) LIMIT 1", logger: self.logger)
                        == 0
                else { continue }
                for (position, word) in given.enumerated() {
                    let start = min(max(word.start, segment.start), segment.end)
                    let end = min(max(word.end, start), segment.end)
                    try await connection.query(
                        """
                        INSERT INTO word (segmentID, position, start, "end", text, probability)
                        VALUES (\(segment.id!), \(position), \(start), \(end), \(word.text), \(word.probability))
                        """, logger: self.logger)
                }
            }
        }
    }

    /// The transcript version with this id, or `nil`.
    public func transcript(id: Int64) async throws -> Transcript? {
        try await withConnection { connection in
            try await connection.fetchOne(
                Transcript.self, "SELECT \(unescaped: Transcript.columns) FROM transcript WHERE id = \(id)", logger: self.logger)
        }
    }

    /// All versions of a recording's transcript, oldest first.
    public func transcripts(recordingID: Int64) async throws -> [Transcript] {
        try await withConnection { connection in
            try await connection.fetchAll(
                Transcript.self,
                "SELECT \(unescaped: Transcript.columns) FROM transcript WHERE recordingID = \(recordingID) ORDER BY version",
                logger: self.logger)
        }
    }

    /// The newest version of a recording's transcript, or `nil`.
    public func latestTranscript(recordingID: Int64) async throws -> Transcript? {
        try await withConnection { connection in
            try await connection.fetchOne(
                Transcript.self,
                """
                SELECT \(unescaped: Transcript.columns) FROM transcript WHERE recordingID = \(recordingID)
                ORDER BY version DESC LIMIT 1
                """, logger: self.logger)
        }
    }

    /// The version that readers, search and exports use (``TranscriptCurrency``), or `nil`.
    public func currentTranscript(recordingID: Int64) async throws -> Transcript? {
        try await withConnection { connection in try await self.currentTranscript(recordingID: recordingID, connection) }
    }

    /// A version with its segments, words and speakers, from one snapshot; `nil` if unknown.
    public func transcriptDetail(transcriptID: Int64) async throws -> TranscriptDetail? {
        try await withSnapshot { connection in
            guard
                let transcript = try await connection.fetchOne(
                    Transcript.self, "SELECT \(unescaped: Transcript.columns) FROM transcript WHERE id = \(transcriptID)",
                    logger: self.logger)
            else { return nil }
            return try await self.detail(of: transcript, connection)
        }
    }

    /// The current version with its content, from one snapshot; `nil` when the recording has none.
    public func currentTranscriptDetail(recordingID: Int64) async throws -> TranscriptDetail? {
        try await withSnapshot { connection in
            guard let transcript = try await self.currentTranscript(recordingID: recordingID, connection) else { return nil }
            return try await self.detail(of: transcript, connection)
        }
    }

    /// The segments of a transcript version, in order.
    public func segments(transcriptID: Int64) async throws -> [Segment] {
        try await withConnection { connection in try await self.segments(transcriptID: transcriptID, connection) }
    }

    /// The words of a transcript version, in order.
    public func words(transcriptID: Int64) async throws -> [Word] {
        try await withConnection { connection in try await self.words(transcriptID: transcriptID, connection) }
    }

    /// The speakers of a recording, by label.
    public func speakers(recordingID: Int64) async throws -> [Speaker] {
        try await withConnection { connection in try await self.speakers(recordingID: recordingID, connection) }
    }

    /// Identifies a speaker as a participant and/or the interviewer.
    public func identifySpeaker(_ speakerID: Int64, participantID: Int64?, isInterviewer: Bool) async throws {
        let updated = try await withTransaction { connection in
            try await connection.count(
                """
                UPDATE speaker SET participantID = \(participantID), isInterviewer = \(isInterviewer)
                WHERE id = \(speakerID) RETURNING id
                """, logger: self.logger)
        }
        guard updated > 0 else { throw StoreError.notFound("speaker", speakerID) }
    }

    /// Renames a speaker; the label must be new in its recording.
    public func renameSpeaker(_ speakerID: Int64, label: String) async throws -> Speaker {
        let label = try StoreInputChecks.speakerLabel(label)
        return try await withTransaction { connection in
            guard
                let speaker = try await connection.fetchOne(
                    Speaker.self, "SELECT \(unescaped: Speaker.columns) FROM speaker WHERE id = \(speakerID) FOR UPDATE",
                    logger: self.logger)
            else { throw StoreError.notFound("speaker", speakerID) }
            guard speaker.label != label else { return speaker }
            let taken = try await connection.count(
                "SELECT id FROM speaker WHERE recordingID = \(speaker.recordingID) AND label = \(label)", logger: self.logger)
            guard taken == 0 else { throw StoreInputChecks.speakerLabelTaken(label) }
            return try await connection.fetchOne(
                Speaker.self, "UPDATE speaker SET label = \(label) WHERE id = \(speakerID) RETURNING \(unescaped: Speaker.columns)",
                logger: self.logger)!
        }
    }
}

import Foundation
import GRDB

extension SQLiteStore {
    /// Applies `operations` to a version (``TranscriptOperation``). The working draft (the newest
    /// version, written by a person, not validated) is changed in place, so a day of corrections is
    /// one version with an edit history, not one version per segment; a machine, validated or older
    /// version gets a new version based on it. A change that removes the whole text of a coding
    /// also makes a new version, so that the coding stays on the previous one, and says so.
    public func amendTranscript(_ transcriptID: Int64, operations: [TranscriptOperation], editorID: Int64) async throws
        -> TranscriptAmendment
    {
        try StoreInputChecks.operations(operations)
        return try await write { db in
            guard let old = try Transcript.fetchOne(db, key: transcriptID) else { throw StoreError.notFound("transcript", transcriptID) }
            let segments = try Segment.filter(Column("transcriptID") == transcriptID).order(Column("position")).fetchAll(db)
            var revision = TranscriptRevision(try Self.inputs(of: segments, recordingID: old.recordingID, in: db))
            for operation in operations { try revision.apply(operation) }
            guard !revision.history.isEmpty else {
                return TranscriptAmendment(transcript: old, isNewVersion: false, codingsLeftBehind: [], retimedSegments: [])
            }
            let inputs = revision.segments.map(\.input)
            let input = TranscriptInput(
                engine: "human", model: "", language: old.language, status: .draft, createdBy: editorID, segments: inputs)
            try Self.validate(input)
            let groups = revision.groups
            let map = TranscriptOffsetMap(old: groups.old, new: groups.new)
            let codings = try Coding.filter(Column("transcriptID") == transcriptID).fetchAll(db)
            let emptied = codings.filter { map.offset($0.charEnd, isEnd: true) <= map.offset($0.charStart, isEnd: false) }.compactMap(\.id)
            let newest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM transcript WHERE recordingID = ?", arguments: [old.recordingID])
            // Consensus decisions name segments by position: a split or merge would move them, so it
            // goes to a new version and the decisions stay on the one they were made on.
            let decisions = try ConsensusRecord.filter(Column("transcriptID") == transcriptID).fetchAll(db)
            let structural = inputs.count != segments.count
            let inPlace =
                old.engine == "human" && old.status == .draft && newest == old.version && emptied.isEmpty
                && !(structural && !decisions.isEmpty)
            let target: Transcript
            if inPlace {
                target = try Self.replaceContent(db, of: old, with: input, map: map, codings: codings)
            } else {
                target = try Self.insertVersion(db, recordingID: old.recordingID, basedOnID: transcriptID, input: input)
                try Self.carryForward(db, from: old, map: map, to: target)
                if !structural {
                    for decision in decisions {
                        var copy = decision
                        copy.transcriptID = target.id!
                        try copy.insert(db)
                    }
                }
            }
            let now = Date()
            for entry in revision.history {
                var edit = TranscriptEdit(
                    transcriptID: target.id!, editorID: editorID, kind: entry.kind, position: entry.position, before: entry.before,
                    after: entry.after, createdAt: now)
                try edit.insert(db)
            }
            let retimed = revision.segments.indices.filter { revision.segments[$0].textChanged && inputs[$0].words.isEmpty }
            return TranscriptAmendment(transcript: target, isNewVersion: !inPlace, codingsLeftBehind: emptied, retimedSegments: retimed)
        }
    }

    /// Marks a version validated (`reviewed`) or back to `draft`, with an entry in its history.
    public func setTranscriptStatus(_ transcriptID: Int64, status: TranscriptStatus, editorID: Int64) async throws -> Transcript {
        try await write { db in
            guard var transcript = try Transcript.fetchOne(db, key: transcriptID) else {
                throw StoreError.notFound("transcript", transcriptID)
            }
            guard transcript.status != status else { return transcript }
            var edit = TranscriptEdit(
                transcriptID: transcriptID, editorID: editorID, kind: "status", position: nil, before: transcript.status.rawValue,
                after: status.rawValue)
            transcript.status = status
            try transcript.update(db)
            try edit.insert(db)
            return transcript
        }
    }

    /// A version's edit history, oldest first.
    public func transcriptEdits(transcriptID: Int64) async throws -> [TranscriptEdit] {
        try await read { db in
            try TranscriptEdit.filter(Column("transcriptID") == transcriptID).order(Column("id")).fetchAll(db)
        }
    }

    /// The segments of a stored version as inputs (speaker labels, words, flags), to edit them.
    static func inputs(of segments: [Segment], recordingID: Int64, in db: Database) throws -> [SegmentInput] {
        let speakers = try Speaker.filter(Column("recordingID") == recordingID).fetchAll(db)
        let labels = Dictionary(uniqueKeysWithValues: speakers.compactMap { speaker in speaker.id.map { ($0, speaker.label) } })
        return try segments.map { segment in
            let words = try Word.filter(Column("segmentID") == segment.id).order(Column("position")).fetchAll(db)
            return SegmentInput(
                start: segment.start, end: segment.end, speakerLabel: segment.speakerID.flatMap { labels[$0] }, text: segment.text,
                confidence: segment.confidence,
                words: words.map { WordInput(start: $0.start, end: $0.end, text: $0.text, probability: $0.probability) },
                flags: (segment.flags ?? "").split(separator: ",").map(String.init))
        }
    }

    /// Rewrites a version's segments and words with `input`, and moves its codings along `map`
    /// (times again from the new segments); the version keeps its id, memos and codings.
    private static func replaceContent(
        _ db: Database, of old: Transcript, with input: TranscriptInput, map: TranscriptOffsetMap, codings: [Coding]
    ) throws -> Transcript {
        try Segment.filter(Column("transcriptID") == old.id).deleteAll(db)
        var transcript = old
        transcript.text = try insertContent(db, transcriptID: old.id!, recordingID: old.recordingID, input: input)
        try transcript.update(db)
        for coding in codings {
            let start = map.offset(coding.charStart, isEnd: false), end = map.offset(coding.charEnd, isEnd: true)
            let times = try codingTimes(db, transcriptID: old.id!, charStart: start, charEnd: end)
            try db.execute(
                sql: "UPDATE coding SET charStart = ?, charEnd = ?, startTime = ?, endTime = ? WHERE id = ?",
                arguments: [start, end, times.start, times.end, coding.id])
        }
        return transcript
    }
}

extension TranscriptEdit: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "transcript_edit"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

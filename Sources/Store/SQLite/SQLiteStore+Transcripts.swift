import Foundation
import GRDB

extension SQLiteStore {
    /// Stores `input` as the next version of the recording's transcript, with its segments, words and speakers.
    public func addTranscript(recordingID: Int64, _ input: TranscriptInput) async throws -> Transcript {
        try Self.validate(input)
        return try await write { db in
            guard try Recording.exists(db, key: recordingID) else { throw StoreError.notFound("recording", recordingID) }
            return try Self.insertVersion(db, recordingID: recordingID, basedOnID: nil, input: input)
        }
    }

    /// Stores a new version made from `transcriptID` with `edits` applied; the old version is kept.
    /// The old version's codings are copied onto the new one at the same text, and its memos move
    /// with them (``TranscriptOffsetMap``).
    public func editTranscript(_ transcriptID: Int64, edits: [SegmentEdit], editorID: Int64, status: TranscriptStatus)
        async throws -> Transcript
    {
        try await write { db in
            guard let old = try Transcript.fetchOne(db, key: transcriptID) else {
                throw StoreError.notFound("transcript", transcriptID)
            }
            let segments = try Segment.filter(Column("transcriptID") == transcriptID).order(Column("position")).fetchAll(db)
            var revision = TranscriptRevision(try Self.inputs(of: segments, recordingID: old.recordingID, in: db))
            for edit in edits {
                try revision.apply(.correct(index: edit.index, text: edit.text, speakerLabel: edit.speakerLabel))
            }
            let inputs = revision.segments.map(\.input)
            let input = TranscriptInput(
                engine: "human", model: "", language: old.language, status: status, createdBy: editorID, segments: inputs)
            try Self.validate(input)
            let edited = try Self.insertVersion(db, recordingID: old.recordingID, basedOnID: transcriptID, input: input)
            try Self.carryForward(
                db, from: old, map: TranscriptOffsetMap(old: segments.map(\.text), new: inputs.map(\.text)), to: edited)
            return edited
        }
    }

    /// Copies the codings of `old` onto `edited` at the same text (``TranscriptOffsetMap``, times from
    /// the new version's words), leaving those whose text was deleted; memos on `old` or on its codings
    /// move to `edited` and the copies.
    static func carryForward(_ db: Database, from old: Transcript, map: TranscriptOffsetMap, to edited: Transcript) throws {
        let codings = try Coding.filter(Column("transcriptID") == old.id).order(Column("id")).fetchAll(db)
        for coding in codings {
            let start = map.offset(coding.charStart, isEnd: false), end = map.offset(coding.charEnd, isEnd: true)
            guard end > start else { continue }
            let copy = try insertCoding(
                db, transcriptID: edited.id!, codeID: coding.codeID, coderID: coding.coderID, charStart: start, charEnd: end,
                createdAt: coding.createdAt, decidedBy: coding.decidedBy, isConsensus: coding.isConsensus)
            try db.execute(
                sql: """
                    UPDATE memo SET codingID = ?, transcriptID = CASE WHEN transcriptID = ? THEN ? ELSE transcriptID END
                    WHERE codingID = ?
                    """,
                arguments: [copy.id, old.id, edited.id, coding.id])
        }
        try db.execute(
            sql: "UPDATE memo SET transcriptID = ? WHERE transcriptID = ? AND codingID IS NULL", arguments: [edited.id, old.id])
    }

    /// The transcript version with this id, or `nil`.
    public func transcript(id: Int64) async throws -> Transcript? {
        try await read { db in try Transcript.fetchOne(db, key: id) }
    }

    /// All versions of a recording's transcript, oldest first.
    public func transcripts(recordingID: Int64) async throws -> [Transcript] {
        try await read { db in
            try Transcript.filter(Column("recordingID") == recordingID).order(Column("version")).fetchAll(db)
        }
    }

    /// The newest version of a recording's transcript, or `nil`.
    public func latestTranscript(recordingID: Int64) async throws -> Transcript? {
        try await read { db in
            try Transcript.filter(Column("recordingID") == recordingID).order(Column("version").desc).fetchOne(db)
        }
    }

    /// The version that readers, search and exports use (``TranscriptCurrency``), or `nil`.
    public func currentTranscript(recordingID: Int64) async throws -> Transcript? {
        try await read { db in try Self.currentTranscript(recordingID: recordingID, in: db) }
    }

    private static func currentTranscript(recordingID: Int64, in db: Database) throws -> Transcript? {
        try Transcript.fetchOne(
            db, sql: "SELECT * FROM transcript WHERE id = \(TranscriptCurrency.currentIDSQL(recording: "?"))", arguments: [recordingID])
    }

    /// A version with its segments, words and speakers, from one snapshot; `nil` if unknown.
    public func transcriptDetail(transcriptID: Int64) async throws -> TranscriptDetail? {
        try await read { db in
            try Transcript.fetchOne(db, key: transcriptID).map { try Self.detail(of: $0, in: db) }
        }
    }

    /// The current version with its content, from one snapshot; `nil` when the recording has none.
    public func currentTranscriptDetail(recordingID: Int64) async throws -> TranscriptDetail? {
        try await read { db in try Self.currentTranscript(recordingID: recordingID, in: db).map { try Self.detail(of: $0, in: db) } }
    }

    private static func detail(of transcript: Transcript, in db: Database) throws -> TranscriptDetail {
        TranscriptDetail(
            transcript: transcript, segments: try segments(transcriptID: transcript.id!, in: db),
            words: try words(transcriptID: transcript.id!, in: db), speakers: try speakers(recordingID: transcript.recordingID, in: db))
    }

    private static func segments(transcriptID: Int64, in db: Database) throws -> [Segment] {
        try Segment.filter(Column("transcriptID") == transcriptID).order(Column("position")).fetchAll(db)
    }

    private static func words(transcriptID: Int64, in db: Database) throws -> [Word] {
        try Word.fetchAll(
            db,
            sql: """
                SELECT word.* FROM word JOIN segment ON segment.id = word.segmentID
                WHERE segment.transcriptID = ? ORDER BY segment.position, word.position
                """, arguments: [transcriptID])
    }

    private static func speakers(recordingID: Int64, in db: Database) throws -> [Speaker] {
        try Speaker.filter(Column("recordingID") == recordingID).order(Column("label")).fetchAll(db)
    }

    /// The segments of a transcript version, in order.
    public func segments(transcriptID: Int64) async throws -> [Segment] {
        try await read { db in try Self.segments(transcriptID: transcriptID, in: db) }
    }

    /// The words of a transcript version, in order.
    public func words(transcriptID: Int64) async throws -> [Word] {
        try await read { db in try Self.words(transcriptID: transcriptID, in: db) }
    }

    /// The speakers of a recording.
    public func speakers(recordingID: Int64) async throws -> [Speaker] {
        try await read { db in try Self.speakers(recordingID: recordingID, in: db) }
    }

    /// Identifies a speaker as a participant and/or the interviewer.
    public func identifySpeaker(_ speakerID: Int64, participantID: Int64?, isInterviewer: Bool) async throws {
        try await write { db in
            guard var speaker = try Speaker.fetchOne(db, key: speakerID) else { throw StoreError.notFound("speaker", speakerID) }
            speaker.participantID = participantID
            speaker.isInterviewer = isInterviewer
            try speaker.update(db)
        }
    }

    public func renameSpeaker(_ speakerID: Int64, label: String) async throws -> Speaker {
        let label = try StoreInputChecks.speakerLabel(label)
        return try await write { db in
            guard var speaker = try Speaker.fetchOne(db, key: speakerID) else { throw StoreError.notFound("speaker", speakerID) }
            guard speaker.label != label else { return speaker }
            let taken = try Speaker.filter(Column("recordingID") == speaker.recordingID && Column("label") == label).fetchCount(db)
            guard taken == 0 else {
                throw StoreInputChecks.speakerLabelTaken(label)
            }
            speaker.label = label
            try speaker.update(db)
            return speaker
        }
    }

    static func validate(_ input: TranscriptInput) throws {
        try StoreInputChecks.transcript(input)
    }

    /// Inserts a version with its speakers (created on first use), segments and words.
    static func insertVersion(_ db: Database, recordingID: Int64, basedOnID: Int64?, input: TranscriptInput) throws
        -> Transcript
    {
        let lastVersion =
            try Int.fetchOne(db, sql: "SELECT MAX(version) FROM transcript WHERE recordingID = ?", arguments: [recordingID])
            ?? 0
        var transcript = Transcript(
            recordingID: recordingID, version: lastVersion + 1, basedOnID: basedOnID, engine: input.engine,
            model: input.model, language: input.language, status: input.status,
            text: input.segments.map(\.text).joined(separator: "\n"), createdBy: input.createdBy)
        try transcript.insert(db)
        _ = try insertContent(db, transcriptID: transcript.id!, recordingID: recordingID, input: input)
        return transcript
    }

    /// Inserts the speakers (created on first use), segments and words of `input` into the version
    /// `transcriptID`; returns the text they make (the segments joined by line feeds).
    static func insertContent(_ db: Database, transcriptID: Int64, recordingID: Int64, input: TranscriptInput) throws -> String {
        var speakerIDs: [String: Int64] = [:]
        for speaker in try Speaker.filter(Column("recordingID") == recordingID).fetchAll(db) {
            speakerIDs[speaker.label] = speaker.id
        }
        for label in input.segments.compactMap(\.speakerLabel) where speakerIDs[label] == nil {
            var speaker = Speaker(recordingID: recordingID, label: label)
            try speaker.insert(db)
            speakerIDs[label] = speaker.id
        }
        var offset = 0
        for (position, item) in input.segments.enumerated() {
            let length = item.text.unicodeScalars.count
            var segment = Segment(
                transcriptID: transcriptID, position: position, start: item.start, end: item.end,
                speakerID: item.speakerLabel.flatMap { speakerIDs[$0] }, text: item.text, confidence: item.confidence,
                charStart: offset, charEnd: offset + length, flags: item.flags.isEmpty ? nil : item.flags.joined(separator: ","))
            try segment.insert(db)
            offset += length + 1
            for (wordPosition, word) in item.words.enumerated() {
                var stored = Word(
                    segmentID: segment.id!, position: wordPosition, start: word.start, end: word.end, text: word.text,
                    probability: word.probability)
                try stored.insert(db)
            }
        }
        return input.segments.map(\.text).joined(separator: "\n")
    }
}

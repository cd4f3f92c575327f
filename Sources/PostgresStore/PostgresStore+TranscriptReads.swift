import Foundation
import PostgresNIO
import Store

extension PostgresStore {
    /// Runs `body` in a read-only transaction that sees one snapshot.
    func withSnapshot<Result: Sendable>(_ body: @Sendable @escaping (PostgresConnection) async throws -> Result)
        async throws(StoreError) -> Result
    {
        try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            return try await body(connection)
        }
    }

    /// The version `transcriptID`, locked until the transaction ends; `.notFound` when unknown.
    func lockedTranscript(_ transcriptID: Int64, _ connection: PostgresConnection) async throws -> Transcript {
        guard
            let transcript = try await connection.fetchOne(
                Transcript.self, "SELECT \(unescaped: Transcript.columns) FROM transcript WHERE id = \(transcriptID) FOR UPDATE",
                logger: logger)
        else { throw StoreError.notFound("transcript", transcriptID) }
        return transcript
    }

    /// The current version (``currentTranscriptSQL(recording:_:)``) of a recording, or `nil`.
    func currentTranscript(recordingID: Int64, _ connection: PostgresConnection) async throws -> Transcript? {
        let current = try await currentTranscriptSQL(recording: "$1", connection)
        var bindings = PostgresBindings()
        bindings.append(recordingID)
        return try await connection.fetchOne(
            Transcript.self,
            PostgresQuery(unsafeSQL: "SELECT \(Transcript.columns) FROM transcript WHERE id = \(current)", binds: bindings),
            logger: logger)
    }

    /// A version with its segments, words and the recording's speakers.
    func detail(of transcript: Transcript, _ connection: PostgresConnection) async throws -> TranscriptDetail {
        TranscriptDetail(
            transcript: transcript, segments: try await segments(transcriptID: transcript.id!, connection),
            words: try await words(transcriptID: transcript.id!, connection),
            speakers: try await speakers(recordingID: transcript.recordingID, connection))
    }

    /// The segments of a version, in order.
    func segments(transcriptID: Int64, _ connection: PostgresConnection) async throws -> [Segment] {
        try await connection.fetchAll(
            Segment.self,
            "SELECT \(unescaped: Segment.columns) FROM segment WHERE transcriptID = \(transcriptID) ORDER BY position",
            logger: logger)
    }

    /// The words of a version, by segment then word position.
    func words(transcriptID: Int64, _ connection: PostgresConnection) async throws -> [Word] {
        try await connection.fetchAll(
            Word.self,
            """
            SELECT \(unescaped: Word.columns) FROM word JOIN segment ON segment.id = word.segmentID
            WHERE segment.transcriptID = \(transcriptID) ORDER BY segment.position, word.position
            """, logger: logger)
    }

    /// The speakers of a recording, by label (in code-point order, as SQLite sorts).
    func speakers(recordingID: Int64, _ connection: PostgresConnection) async throws -> [Speaker] {
        try await connection.fetchAll(
            Speaker.self,
            "SELECT \(unescaped: Speaker.columns) FROM speaker WHERE recordingID = \(recordingID) ORDER BY label COLLATE \"C\"",
            logger: logger)
    }

    /// The segments of a stored version as inputs (speaker labels, words, flags), to revise them.
    func inputs(of segments: [Segment], recordingID: Int64, _ connection: PostgresConnection) async throws -> [SegmentInput] {
        var labels: [Int64: String] = [:]
        for speaker in try await speakers(recordingID: recordingID, connection) { labels[speaker.id!] = speaker.label }
        var wordsBySegment: [Int64: [Word]] = [:]
        if let transcriptID = segments.first?.transcriptID {
            for word in try await words(transcriptID: transcriptID, connection) { wordsBySegment[word.segmentID, default: []].append(word) }
        }
        return segments.map { segment in
            SegmentInput(
                start: segment.start, end: segment.end, speakerLabel: segment.speakerID.flatMap { labels[$0] }, text: segment.text,
                confidence: segment.confidence,
                words: (wordsBySegment[segment.id!] ?? []).map {
                    WordInput(start: $0.start, end: $0.end, text: $0.text, probability: $0.probability)
                },
                flags: (segment.flags ?? "").split(separator: ",").map(String.init))
        }
    }
}

import Foundation
import PostgresNIO
import Store

extension PostgresStore {
    /// Inserts a version of a recording's transcript with its speakers (created on first use),
    /// segments and words, in the caller's transaction, as SQLite's `insertVersion` does.
    ///
    /// The recording's row is locked first: versions of one recording are numbered one after the
    /// other, and a missing recording is `.notFound`.
    func insertVersion(recordingID: Int64, basedOnID: Int64?, input: TranscriptInput, _ connection: PostgresConnection)
        async throws -> Transcript
    {
        guard try await connection.count("SELECT id FROM recording WHERE id = \(recordingID) FOR UPDATE", logger: logger) > 0
        else { throw StoreError.notFound("recording", recordingID) }
        let last = try await connection.query(
            "SELECT coalesce(max(version), 0) FROM transcript WHERE recordingID = \(recordingID)", logger: logger
        ).collect().first?.decode(Int.self) ?? 0
        let text = input.segments.map(\.text).joined(separator: "\n")
        let transcript = try await connection.fetchOne(
            Transcript.self,
            """
            INSERT INTO transcript (recordingID, version, basedOnID, engine, model, language, status, text, createdBy, createdAt)
            VALUES (\(recordingID), \(last + 1), \(basedOnID), \(input.engine), \(input.model), \(input.language),
                \(input.status.rawValue), \(text), \(input.createdBy), \(Date()))
            RETURNING \(unescaped: Transcript.columns)
            """, logger: logger)!
        try await insertContent(transcriptID: transcript.id!, recordingID: recordingID, input: input, connection)
        return transcript
    }

    /// Inserts the speakers, segments (with character offsets in Unicode scalars, lines joined by
    /// line feeds, and their search tokens) and words of `input` into the version `transcriptID`.
    func insertContent(transcriptID: Int64, recordingID: Int64, input: TranscriptInput, _ connection: PostgresConnection)
        async throws
    {
        var speakerIDs: [String: Int64] = [:]
        for row in try await connection.query(
            "SELECT label, id FROM speaker WHERE recordingID = \(recordingID)", logger: logger
        ).collect() {
            let (label, id) = try row.decode((String, Int64).self)
            speakerIDs[label] = id
        }
        for label in input.segments.compactMap(\.speakerLabel) where speakerIDs[label] == nil {
            speakerIDs[label] = try await connection.query(
                "INSERT INTO speaker (recordingID, label) VALUES (\(recordingID), \(label)) RETURNING id", logger: logger
            ).collect().first!.decode(Int64.self)
        }
        var offset = 0
        for (position, item) in input.segments.enumerated() {
            let length = item.text.unicodeScalars.count
            let speakerID = item.speakerLabel.flatMap { speakerIDs[$0] }
            let flags = item.flags.isEmpty ? nil : item.flags.joined(separator: ",")
            let search = SearchTokens(item.text)
            let segmentID = try await connection.query(
                """
                INSERT INTO segment (transcriptID, position, start, "end", speakerID, text, confidence, charStart, charEnd, flags,
                    searchTokens, tokenCount)
                VALUES (\(transcriptID), \(position), \(item.start), \(item.end), \(speakerID), \(item.text),
                    \(item.confidence), \(offset), \(offset + length), \(flags), \(search.column), \(search.tokens.count))
                RETURNING id
                """, logger: logger
            ).collect().first!.decode(Int64.self)
            offset += length + 1
            for (wordPosition, word) in item.words.enumerated() {
                try await connection.query(
                    """
                    INSERT INTO word (segmentID, position, start, "end", text, probability)
                    VALUES (\(segmentID), \(wordPosition), \(word.start), \(word.end), \(word.text), \(word.probability))
                    """, logger: logger)
            }
        }
    }
}

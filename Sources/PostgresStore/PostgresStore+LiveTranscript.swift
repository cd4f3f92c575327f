import Foundation
import PostgresNIO
import Store

extension PostgresStore: LiveTranscriptStore {
    /// Appends a live transcription step's segments and moves the capture's `transcribedUntil`, in
    /// one transaction, only if it is still `expectedUntil` and the capture still recording; `false`,
    /// with nothing written, otherwise. The capture's row is locked first, so two steps that started
    /// from the same point are serialised and the second finds the point moved.
    public func appendLiveSegments(
        captureID: Int64, expectedUntil: Double, segments: [LiveTranscriptSegment], transcribedUntil: Double, partStarts: [Double],
        language: String?
    ) async throws -> Bool {
        try StoreInputChecks.liveStep(
            expectedUntil: expectedUntil, segments: segments, transcribedUntil: transcribedUntil, partStarts: partStarts)
        let parts = String(decoding: try JSONEncoder().encode(partStarts), as: UTF8.self)
        return try await withTransaction { connection in
            let state = try await connection.query(
                "SELECT state FROM capture WHERE id = \(captureID) FOR UPDATE", logger: self.logger
            ).collect().first?.decode(String.self)
            guard state == Capture.State.recording.rawValue else { return false }
            let current = try await connection.query(
                "SELECT transcribedUntil FROM live_transcript WHERE captureID = \(captureID)", logger: self.logger
            ).collect().first?.decode(Double.self)
            guard (current ?? 0) == expectedUntil else { return false }
            try await connection.query(
                """
                INSERT INTO live_transcript (captureID, transcribedUntil, partStarts, language, updatedAt)
                VALUES (\(captureID), \(transcribedUntil), \(parts), \(language), \(Date()))
                ON CONFLICT (captureID) DO UPDATE SET transcribedUntil = excluded.transcribedUntil,
                    partStarts = excluded.partStarts, language = excluded.language, updatedAt = excluded.updatedAt
                """, logger: self.logger)
            var position = try await connection.query(
                "SELECT count(*) FROM live_segment WHERE captureID = \(captureID)", logger: self.logger
            ).collect().first?.decode(Int.self) ?? 0
            for segment in segments {
                try await connection.query(
                    """
                    INSERT INTO live_segment (captureID, position, start, "end", text)
                    VALUES (\(captureID), \(position), \(segment.start), \(segment.end), \(segment.text))
                    """, logger: self.logger)
                position += 1
            }
            return true
        }
    }

    /// The capture's live transcript so far (an empty one before its first step), read in one snapshot.
    public func liveTranscript(captureID: Int64) async throws -> LiveTranscript {
        try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            guard
                let row = try await connection.query(
                    "SELECT transcribedUntil, partStarts, language FROM live_transcript WHERE captureID = \(captureID)",
                    logger: self.logger
                ).collect().first
            else { return LiveTranscript() }
            let (transcribedUntil, parts, language) = try row.decode((Double, String, String?).self)
            let segments = try await connection.query(
                "SELECT start, \"end\", text FROM live_segment WHERE captureID = \(captureID) ORDER BY position", logger: self.logger
            ).collect().map { row in
                let (start, end, text) = try row.decode((Double, Double, String).self)
                return LiveTranscriptSegment(start: start, end: end, text: text)
            }
            return LiveTranscript(
                transcribedUntil: transcribedUntil, partStarts: (try? JSONDecoder().decode([Double].self, from: Data(parts.utf8))) ?? [0],
                language: language, segments: segments)
        }
    }
}

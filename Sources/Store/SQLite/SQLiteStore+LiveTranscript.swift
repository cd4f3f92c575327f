import Foundation
import GRDB

extension SQLiteStore {
    /// Appends a live transcription step's segments and moves the capture's `transcribedUntil`, in
    /// one transaction, only if `transcribedUntil` is still `expectedUntil` (what the step started
    /// from) and the capture is still recording; `false`, with nothing written, when another step
    /// got there first or the capture finished or was discarded meanwhile.
    public func appendLiveSegments(
        captureID: Int64, expectedUntil: Double, segments: [LiveTranscriptSegment], transcribedUntil: Double, partStarts: [Double],
        language: String?
    ) async throws -> Bool {
        try StoreInputChecks.liveStep(expectedUntil: expectedUntil, segments: segments, transcribedUntil: transcribedUntil, partStarts: partStarts)
        return try await write { db in
            // A capture that finished or was discarded meanwhile takes no more live text.
            guard try String.fetchOne(db, sql: "SELECT state FROM capture WHERE id = ?", arguments: [captureID]) == Capture.State.recording.rawValue
            else { return false }
            let current = try Double.fetchOne(db, sql: "SELECT transcribedUntil FROM live_transcript WHERE captureID = ?", arguments: [captureID])
            guard (current ?? 0) == expectedUntil else { return false }
            let parts = String(decoding: try JSONEncoder().encode(partStarts), as: UTF8.self)
            try db.execute(
                sql: """
                    INSERT INTO live_transcript (captureID, transcribedUntil, partStarts, language, updatedAt) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (captureID) DO UPDATE SET transcribedUntil = excluded.transcribedUntil,
                        partStarts = excluded.partStarts, language = excluded.language, updatedAt = excluded.updatedAt
                    """, arguments: [captureID, transcribedUntil, parts, language, Date()])
            var position = try Int.fetchOne(db, sql: "SELECT count(*) FROM live_segment WHERE captureID = ?", arguments: [captureID]) ?? 0
            for segment in segments {
                try db.execute(
                    sql: "INSERT INTO live_segment (captureID, position, start, \"end\", text) VALUES (?, ?, ?, ?, ?)",
                    arguments: [captureID, position, segment.start, segment.end, segment.text])
                position += 1
            }
            return true
        }
    }

    /// The capture's live transcript so far (an empty one before its first step).
    public func liveTranscript(captureID: Int64) async throws -> LiveTranscript {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT transcribedUntil, partStarts, language FROM live_transcript WHERE captureID = ?",
                    arguments: [captureID])
            else { return LiveTranscript() }
            let segments = try Row.fetchAll(
                db, sql: "SELECT start, \"end\", text FROM live_segment WHERE captureID = ? ORDER BY position", arguments: [captureID]
            ).map { LiveTranscriptSegment(start: $0["start"], end: $0["end"], text: $0["text"]) }
            let parts: String = row["partStarts"]
            return LiveTranscript(
                transcribedUntil: row["transcribedUntil"], partStarts: (try? JSONDecoder().decode([Double].self, from: Data(parts.utf8))) ?? [0],
                language: row["language"], segments: segments)
        }
    }

    /// Queues a job unless one of the same kind and payload is waiting (queued, not yet claimed);
    /// `nil` when one was. One transaction, so two callers at once queue one job.
    public func enqueueUnlessWaiting(kind: String, payload: String, studyID: Int64?, priority: Int, maxAttempts: Int) async throws -> Job? {
        guard !kind.isEmpty, maxAttempts > 0 else {
            throw StoreError(.invalidInput, "A job needs a kind and at least 1 attempt.", fr: "Une tâche a besoin d’un type et d’au moins 1 tentative.")
        }
        return try await write { db in
            let waiting = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM job WHERE kind = ? AND payload = ? AND state = 'queued')", arguments: [kind, payload])
            guard waiting != true else { return nil }
            var job = Job(kind: kind, payload: payload, studyID: studyID, priority: priority, maxAttempts: maxAttempts)
            try job.insert(db)
            return job
        }
    }
}

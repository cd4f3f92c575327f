import Foundation
import GRDB

extension SQLiteStore {
    /// Stores a new capture (nothing received yet); the study, users and participant must exist,
    /// the participant in the study.
    public func createCapture(_ capture: Capture) async throws -> Capture {
        try StoreInputChecks.capture(capture)
        return try await write { db in
            guard try Study.exists(db, key: capture.studyID) else { throw StoreError.notFound("study", capture.studyID) }
            for user in Set([capture.createdBy, capture.consentBy]) where try !User.exists(db, key: user) {
                throw StoreError.notFound("user", user)
            }
            if let participantID = capture.participantID {
                guard let participant = try Participant.fetchOne(db, key: participantID), participant.studyID == capture.studyID else {
                    throw StoreError.notFound("participant", participantID)
                }
            }
            var stored = capture
            stored.id = nil
            stored.state = .recording
            (stored.chunkCount, stored.byteCount, stored.parts, stored.recordingID, stored.jobID) = (0, 0, 0, nil, nil)
            try stored.insert(db)
            return stored
        }
    }

    /// The capture with this id, or `nil`.
    public func capture(id: Int64) async throws -> Capture? {
        try await read { db in try Capture.fetchOne(db, key: id) }
    }

    /// A study's captures, newest first, only those in `state` when given.
    public func captures(studyID: Int64, state: Capture.State?) async throws -> [Capture] {
        try await read { db in
            var request = Capture.filter(Column("studyID") == studyID)
            if let state { request = request.filter(Column("state") == state) }
            return try request.order(Column("id").desc).fetchAll(db)
        }
    }

    /// The chunk at `index` of a capture, or `nil`.
    public func captureChunk(captureID: Int64, index: Int) async throws -> CaptureChunk? {
        try await read { db in
            try CaptureChunk.filter(Column("captureID") == captureID && Column("chunkIndex") == index).fetchOne(db)
        }
    }

    /// Bytes received so far in one part of a capture.
    public func capturePartBytes(captureID: Int64, part: Int) async throws -> Int64 {
        try await read { db in
            try Int64.fetchOne(
                db, sql: "SELECT ifnull(sum(byteCount), 0) FROM capture_chunk WHERE captureID = ? AND part = ?", arguments: [captureID, part])
                ?? 0
        }
    }

    /// Records the capture's next chunk: its index must be the capture's `chunkCount` and its part
    /// the current one or the next (`.conflict` otherwise, or when the capture is not recording).
    public func appendCaptureChunk(_ chunk: CaptureChunk) async throws -> Capture {
        try await write { db in
            guard let old = try Capture.fetchOne(db, key: chunk.captureID) else { throw StoreError.notFound("capture", chunk.captureID) }
            let capture = try StoreInputChecks.appending(chunk, to: old, at: Date())
            try chunk.insert(db)
            try capture.update(db)
            return capture
        }
    }

    /// Marks a recording capture discarded; `.conflict` when it is finished.
    public func discardCapture(id: Int64) async throws -> Capture {
        try await write { db in
            guard var capture = try Capture.fetchOne(db, key: id) else { throw StoreError.notFound("capture", id) }
            if capture.state == .discarded { return capture }
            try StoreInputChecks.requireRecording(capture)
            capture.state = .discarded
            capture.updatedAt = Date()
            try capture.update(db)
            // What was said in a discarded interview is not kept either.
            try db.execute(sql: "DELETE FROM live_segment WHERE captureID = ?; DELETE FROM live_transcript WHERE captureID = ?", arguments: [id, id])
            return capture
        }
    }

    /// In one transaction: stores `recording`, queues its transcription and marks the capture
    /// finished, linked to both; `.conflict` when the capture is not recording or the study has this file already.
    public func finishCapture(
        id: Int64, recording: Recording, jobKind: String, priority: Int, payload: @escaping @Sendable (Int64) throws -> String
    ) async throws -> (capture: Capture, recording: Recording, job: Job) {
        try TextLimits.check(recording.title, limit: TextLimits.title, "recording title")
        return try await write { db in
            guard var capture = try Capture.fetchOne(db, key: id) else { throw StoreError.notFound("capture", id) }
            try StoreInputChecks.requireRecording(capture)
            if let existing = try Self.recording(db, studyID: recording.studyID, fileHash: recording.fileHash) {
                throw StoreInputChecks.capturedFileExists(studyID: recording.studyID, recordingID: existing.id!, title: existing.title)
            }
            var stored = recording
            stored.id = nil
            try stored.insert(db)
            if let participantID = capture.participantID {
                try RecordingParticipant(recordingID: stored.id!, participantID: participantID, role: .interviewee).insert(db)
            }
            var job = Job(kind: jobKind, payload: try payload(stored.id!), studyID: recording.studyID, priority: priority, maxAttempts: 3)
            try job.insert(db)
            capture.state = .finished
            capture.recordingID = stored.id
            capture.jobID = job.id
            capture.updatedAt = Date()
            try capture.update(db)
            return (capture, stored, job)
        }
    }
}

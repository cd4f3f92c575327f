import Foundation
import GRDB

extension SQLiteStore {
    /// Stores a new capture (nothing received yet); the study, users and participant must exist,
    /// the participant in the study.
    public func createCapture(_ capture: Capture) async throws -> Capture {
        try TextLimits.check(capture.title, limit: TextLimits.title, "capture title")
        try TextLimits.check(capture.consentNote ?? "", limit: 500, "consent note")
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
            guard var capture = try Capture.fetchOne(db, key: chunk.captureID) else { throw StoreError.notFound("capture", chunk.captureID) }
            try Self.requireRecording(capture)
            guard chunk.chunkIndex == capture.chunkCount else {
                throw StoreError(
                    .conflict, "Capture \(chunk.captureID) expects chunk \(capture.chunkCount), not \(chunk.chunkIndex); send the chunks in order.",
                    fr: "La capture \(chunk.captureID) attend le morceau \(capture.chunkCount), pas \(chunk.chunkIndex) ; envoyez les morceaux dans l’ordre.")
            }
            let current = max(capture.parts - 1, 0)
            guard chunk.part == current || (capture.parts > 0 && chunk.part == current + 1) else {
                throw StoreError(
                    .conflict, "Chunk \(chunk.chunkIndex) names part \(chunk.part); capture \(chunk.captureID) is in part \(current), so send \(current) or start \(capture.parts == 0 ? 0 : current + 1).",
                    fr: "Le morceau \(chunk.chunkIndex) indique la partie \(chunk.part) ; la capture \(chunk.captureID) en est à la partie \(current), envoyez donc \(current) ou commencez la \(capture.parts == 0 ? 0 : current + 1).")
            }
            try chunk.insert(db)
            capture.chunkCount += 1
            capture.byteCount += chunk.byteCount
            capture.parts = max(capture.parts, chunk.part + 1)
            capture.updatedAt = Date()
            try capture.update(db)
            return capture
        }
    }

    /// Marks a recording capture discarded; `.conflict` when it is finished.
    public func discardCapture(id: Int64) async throws -> Capture {
        try await write { db in
            guard var capture = try Capture.fetchOne(db, key: id) else { throw StoreError.notFound("capture", id) }
            if capture.state == .discarded { return capture }
            try Self.requireRecording(capture)
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
            try Self.requireRecording(capture)
            if let existing = try Self.recording(db, studyID: recording.studyID, fileHash: recording.fileHash) {
                throw StoreError(
                    .conflict, "Study \(recording.studyID) has recording \(existing.id!) (\"\(existing.title)\") of this file already; use that recording.",
                    fr: "L’étude \(recording.studyID) a déjà l’enregistrement \(existing.id!) (« \(existing.title) ») de ce fichier ; utilisez-le.")
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

    /// `.conflict` unless the capture is still receiving chunks.
    private static func requireRecording(_ capture: Capture) throws {
        guard capture.state == .recording else {
            throw StoreError(
                .conflict, "Capture \(capture.id!) is \(capture.state.rawValue) and takes no more chunks; start a new recording.",
                fr: "La capture \(capture.id!) est \(capture.state == .finished ? "terminée" : "abandonnée") et ne prend plus de morceaux ; commencez un nouvel enregistrement.")
        }
    }
}

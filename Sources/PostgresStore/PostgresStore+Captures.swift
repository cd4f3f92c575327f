import Foundation
import PostgresNIO
import Store

extension Capture: PostgresRecord {
    static let columns = """
        id, studyID, title, createdBy, consentBy, consentAt, consentNote, mimeType, hasVideo, participantID, language, state,
        chunkCount, byteCount, parts, recordingID, jobID, createdAt, updatedAt
        """
    init(row: PostgresRow) throws {
        let (
            id, studyID, title, createdBy, consentBy, consentAt, consentNote, mimeType, hasVideo, participantID, language, rawState,
            chunkCount, byteCount, parts, recordingID, jobID, createdAt, updatedAt
        ) = try row.decode(
            (Int64, Int64, String, Int64, Int64, Date, String?, String, Bool, Int64?, String?, String, Int, Int64, Int, Int64?,
                Int64?, Date, Date).self)
        guard let state = Capture.State(rawValue: rawState) else {
            throw StoreError(
                .database, "Capture \(id) has an unknown state '\(rawState)'; discard it and record again.",
                fr: "La capture \(id) a un état inconnu « \(rawState) » ; abandonnez-la et enregistrez de nouveau.")
        }
        self.init(
            id: id, studyID: studyID, title: title, createdBy: createdBy, consentBy: consentBy, consentAt: consentAt,
            consentNote: consentNote, mimeType: mimeType, hasVideo: hasVideo, participantID: participantID, language: language,
            state: state, chunkCount: chunkCount, byteCount: byteCount, parts: parts, recordingID: recordingID, jobID: jobID,
            createdAt: createdAt, updatedAt: updatedAt)
    }
}

extension CaptureChunk: PostgresRecord {
    static let columns = "captureID, chunkIndex, part, sha256, byteCount, receivedAt"
    init(row: PostgresRow) throws {
        let (captureID, chunkIndex, part, sha256, byteCount, receivedAt) = try row.decode(
            (Int64, Int, Int, String, Int64, Date).self)
        self.init(captureID: captureID, chunkIndex: chunkIndex, part: part, sha256: sha256, byteCount: byteCount, receivedAt: receivedAt)
    }
}

extension PostgresStore: CaptureStore {
    /// Stores a new capture (nothing received yet); the study, users and participant must exist,
    /// the participant in the study.
    public func createCapture(_ capture: Capture) async throws -> Capture {
        try StoreInputChecks.capture(capture)
        return try await withTransaction { connection in
            guard try await connection.count("SELECT id FROM study WHERE id = \(capture.studyID)", logger: self.logger) > 0 else {
                throw StoreError.notFound("study", capture.studyID)
            }
            for user in Set([capture.createdBy, capture.consentBy]).sorted() {
                if try await connection.count("SELECT id FROM app_user WHERE id = \(user)", logger: self.logger) == 0 {
                    throw StoreError.notFound("user", user)
                }
            }
            if let participantID = capture.participantID {
                guard
                    try await connection.count(
                        "SELECT id FROM participant WHERE id = \(participantID) AND studyID = \(capture.studyID)", logger: self.logger) > 0
                else { throw StoreError.notFound("participant", participantID) }
            }
            return try await connection.fetchOne(
                Capture.self,
                """
                INSERT INTO capture (studyID, title, createdBy, consentBy, consentAt, consentNote, mimeType, hasVideo, participantID,
                    language, state, chunkCount, byteCount, parts, createdAt, updatedAt)
                VALUES (\(capture.studyID), \(capture.title), \(capture.createdBy), \(capture.consentBy), \(capture.consentAt),
                    \(capture.consentNote), \(capture.mimeType), \(capture.hasVideo), \(capture.participantID), \(capture.language),
                    'recording', 0, 0, 0, \(capture.createdAt), \(capture.updatedAt))
                RETURNING \(unescaped: Capture.columns)
                """, logger: self.logger)!
        }
    }

    /// The capture with this id, or `nil`.
    public func capture(id: Int64) async throws -> Capture? {
        try await withConnection { connection in
            try await connection.fetchOne(Capture.self, "SELECT \(unescaped: Capture.columns) FROM capture WHERE id = \(id)", logger: self.logger)
        }
    }

    /// A study's captures, newest first, only those in `state` when given.
    public func captures(studyID: Int64, state: Capture.State?) async throws -> [Capture] {
        try await withConnection { connection in
            try await connection.fetchAll(
                Capture.self,
                """
                SELECT \(unescaped: Capture.columns) FROM capture
                WHERE studyID = \(studyID) AND (\(state?.rawValue)::TEXT IS NULL OR state = \(state?.rawValue))
                ORDER BY id DESC
                """, logger: self.logger)
        }
    }

    /// The chunk at `index` of a capture, or `nil`.
    public func captureChunk(captureID: Int64, index: Int) async throws -> CaptureChunk? {
        try await withConnection { connection in
            try await connection.fetchOne(
                CaptureChunk.self,
                "SELECT \(unescaped: CaptureChunk.columns) FROM capture_chunk WHERE captureID = \(captureID) AND chunkIndex = \(index)",
                logger: self.logger)
        }
    }

    /// Bytes received so far in one part of a capture.
    public func capturePartBytes(captureID: Int64, part: Int) async throws -> Int64 {
        try await withConnection { connection in
            try await connection.query(
                "SELECT coalesce(sum(byteCount), 0)::BIGINT FROM capture_chunk WHERE captureID = \(captureID) AND part = \(part)",
                logger: self.logger
            ).collect().first?.decode(Int64.self) ?? 0
        }
    }

    /// Records the capture's next chunk (``StoreInputChecks/appending(_:to:at:)``); the capture's
    /// row is locked, so two uploads of the same index cannot both pass.
    public func appendCaptureChunk(_ chunk: CaptureChunk) async throws -> Capture {
        try await withTransaction { connection in
            guard let old = try await self.lockedCapture(chunk.captureID, connection) else {
                throw StoreError.notFound("capture", chunk.captureID)
            }
            let capture = try StoreInputChecks.appending(chunk, to: old, at: Date())
            try await connection.query(
                """
                INSERT INTO capture_chunk (captureID, chunkIndex, part, sha256, byteCount, receivedAt)
                VALUES (\(chunk.captureID), \(chunk.chunkIndex), \(chunk.part), \(chunk.sha256), \(chunk.byteCount), \(chunk.receivedAt))
                """, logger: self.logger)
            return try await connection.fetchOne(
                Capture.self,
                """
                UPDATE capture SET chunkCount = \(capture.chunkCount), byteCount = \(capture.byteCount), parts = \(capture.parts),
                    updatedAt = \(capture.updatedAt)
                WHERE id = \(chunk.captureID)
                RETURNING \(unescaped: Capture.columns)
                """, logger: self.logger)!
        }
    }

    /// Marks a recording capture discarded, and deletes its live transcript; `.conflict` when it is finished.
    public func discardCapture(id: Int64) async throws -> Capture {
        try await withTransaction { connection in
            guard let capture = try await self.lockedCapture(id, connection) else { throw StoreError.notFound("capture", id) }
            if capture.state == .discarded { return capture }
            try StoreInputChecks.requireRecording(capture)
            // What was said in a discarded interview is not kept either.
            try await connection.query("DELETE FROM live_segment WHERE captureID = \(id)", logger: self.logger)
            try await connection.query("DELETE FROM live_transcript WHERE captureID = \(id)", logger: self.logger)
            return try await connection.fetchOne(
                Capture.self,
                """
                UPDATE capture SET state = 'discarded', updatedAt = \(Date()) WHERE id = \(id) RETURNING \(unescaped: Capture.columns)
                """, logger: self.logger)!
        }
    }

    /// In one transaction: stores `recording` (linked to the capture's participant), queues its
    /// transcription and marks the capture finished, linked to both; `.conflict` when the capture
    /// is not recording or the study has this file already.
    public func finishCapture(
        id: Int64, recording: Recording, jobKind: String, priority: Int, payload: @escaping @Sendable (Int64) throws -> String
    ) async throws -> (capture: Capture, recording: Recording, job: Job) {
        try TextLimits.check(recording.title, limit: TextLimits.title, "recording title")
        return try await withTransaction { connection in
            guard let capture = try await self.lockedCapture(id, connection) else { throw StoreError.notFound("capture", id) }
            try StoreInputChecks.requireRecording(capture)
            // The first recording of a file is the one others are duplicates of.
            if let row = try await connection.query(
                """
                SELECT id, title FROM recording WHERE studyID = \(recording.studyID) AND fileHash = \(recording.fileHash)
                ORDER BY id LIMIT 1
                """, logger: self.logger
            ).collect().first {
                let (existingID, title) = try row.decode((Int64, String).self)
                throw StoreInputChecks.capturedFileExists(studyID: recording.studyID, recordingID: existingID, title: title)
            }
            let recordingID = try await connection.query(
                """
                INSERT INTO recording (studyID, title, mediaPath, fileHash, container, hasVideo, audioChannels, duration, recordedAt,
                    createdAt, originalName, consentBy, consentAt)
                VALUES (\(recording.studyID), \(recording.title), \(recording.mediaPath), \(recording.fileHash), \(recording.container),
                    \(recording.hasVideo), \(recording.audioChannels), \(recording.duration), \(recording.recordedAt),
                    \(recording.createdAt), \(recording.originalName), \(recording.consentBy), \(recording.consentAt))
                RETURNING id
                """, logger: self.logger
            ).collect().first!.decode(Int64.self)
            var stored = recording
            stored.id = recordingID
            if let participantID = capture.participantID {
                try await connection.query(
                    """
                    INSERT INTO recording_participant (recordingID, participantID, role)
                    VALUES (\(recordingID), \(participantID), \(ParticipantRole.interviewee.rawValue))
                    """, logger: self.logger)
            }
            let job = try await self.insert(
                Job(kind: jobKind, payload: try payload(recordingID), studyID: recording.studyID, priority: priority, maxAttempts: 3),
                connection)
            let finished = try await connection.fetchOne(
                Capture.self,
                """
                UPDATE capture SET state = 'finished', recordingID = \(recordingID), jobID = \(job.id), updatedAt = \(Date())
                WHERE id = \(id) RETURNING \(unescaped: Capture.columns)
                """, logger: self.logger)!
            return (finished, stored, job)
        }
    }

    /// The capture with this id, its row locked until the transaction ends.
    private func lockedCapture(_ id: Int64, _ connection: PostgresConnection) async throws -> Capture? {
        try await connection.fetchOne(
            Capture.self, "SELECT \(unescaped: Capture.columns) FROM capture WHERE id = \(id) FOR UPDATE", logger: logger)
    }
}

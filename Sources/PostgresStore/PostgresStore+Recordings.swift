import Foundation
import PostgresNIO
import Store

extension PostgresStore: RecordingStore {
    /// Stores a new recording (its `id` is ignored and assigned); `.conflict` naming the recording
    /// to use when the study has one of the same file already.
    public func addRecording(_ recording: Recording) async throws -> Recording {
        try TextLimits.check(recording.title, limit: TextLimits.title, "recording title")
        return try await withTransaction { connection in
            // The unique index decides between writers; this says which recording to use instead.
            if let existing = try await self.recording(studyID: recording.studyID, fileHash: recording.fileHash, connection) {
                throw StoreInputChecks.duplicateRecording(studyID: recording.studyID, existing: existing)
            }
            let r = recording
            return try await connection.fetchOne(
                Recording.self,
                """
                INSERT INTO recording (studyID, title, mediaPath, fileHash, container, hasVideo, audioChannels, duration,
                    recordedAt, createdAt, originalName, consentBy, consentAt)
                VALUES (\(r.studyID), \(r.title), \(r.mediaPath), \(r.fileHash), \(r.container), \(r.hasVideo), \(r.audioChannels),
                    \(r.duration), \(r.recordedAt), \(r.createdAt), \(r.originalName), \(r.consentBy), \(r.consentAt))
                RETURNING \(unescaped: Recording.columns)
                """, logger: self.logger)!
        }
    }

    /// The recording with this id, or `nil`.
    public func recording(id: Int64) async throws -> Recording? {
        try await withConnection { connection in
            try await connection.fetchOne(
                Recording.self, "SELECT \(unescaped: Recording.columns) FROM recording WHERE id = \(id)", logger: self.logger)
        }
    }

    /// The recordings of a study, by id.
    public func recordings(studyID: Int64) async throws -> [Recording] {
        try await withConnection { connection in
            try await connection.fetchAll(
                Recording.self, "SELECT \(unescaped: Recording.columns) FROM recording WHERE studyID = \(studyID) ORDER BY id",
                logger: self.logger)
        }
    }

    /// The study's recording of the file with this SHA-256 (lower-case hex), or `nil`.
    public func recording(studyID: Int64, fileHash: String) async throws -> Recording? {
        try await withConnection { connection in try await self.recording(studyID: studyID, fileHash: fileHash, connection) }
    }

    /// The study's first recording of the file with this hash, in the caller's transaction.
    private func recording(studyID: Int64, fileHash: String, _ connection: PostgresConnection) async throws -> Recording? {
        try await connection.fetchOne(
            Recording.self,
            """
            SELECT \(unescaped: Recording.columns) FROM recording WHERE studyID = \(studyID) AND fileHash = \(fileHash)
            ORDER BY id LIMIT 1
            """, logger: logger)
    }

    /// Links a participant to a recording of the same study with a role (replacing a previous role).
    public func linkParticipant(recordingID: Int64, participantID: Int64, role: ParticipantRole) async throws {
        try await withTransaction { connection in
            let recordingStudy = try await connection.query(
                "SELECT studyID FROM recording WHERE id = \(recordingID)", logger: self.logger
            ).collect().first?.decode(Int64.self)
            guard let recordingStudy else { throw StoreError.notFound("recording", recordingID) }
            let participantStudy = try await connection.query(
                "SELECT studyID FROM participant WHERE id = \(participantID)", logger: self.logger
            ).collect().first?.decode(Int64.self)
            guard let participantStudy else { throw StoreError.notFound("participant", participantID) }
            guard recordingStudy == participantStudy else {
                throw StoreInputChecks.participantInOtherStudy(participantID: participantID, recordingID: recordingID)
            }
            try await connection.query(
                """
                INSERT INTO recording_participant (recordingID, participantID, role)
                VALUES (\(recordingID), \(participantID), \(role.rawValue))
                ON CONFLICT (recordingID, participantID) DO UPDATE SET role = excluded.role
                """, logger: self.logger)
        }
    }

    /// The participants linked to a recording, by participant id.
    public func recordingParticipants(recordingID: Int64) async throws -> [RecordingParticipant] {
        try await withConnection { connection in
            try await connection.fetchAll(
                RecordingParticipant.self,
                """
                SELECT \(unescaped: RecordingParticipant.columns) FROM recording_participant
                WHERE recordingID = \(recordingID) ORDER BY participantID
                """, logger: self.logger)
        }
    }

    /// The recording's user-set clock, or `nil` when none was set.
    public func recordingSync(recordingID: Int64) async throws -> RecordingSync? {
        try await withConnection { connection in
            try await connection.fetchOne(
                RecordingSync.self,
                "SELECT \(unescaped: RecordingSync.columns) FROM recording_sync WHERE recordingID = \(recordingID)",
                logger: self.logger)
        }
    }

    /// Sets (replaces) the recording's clock; the recording must exist.
    public func setRecordingSync(_ sync: RecordingSync) async throws -> RecordingSync {
        try StoreInputChecks.recordingSync(sync)
        return try await withTransaction { connection in
            guard try await connection.count("SELECT id FROM recording WHERE id = \(sync.recordingID)", logger: self.logger) > 0
            else { throw StoreError.notFound("recording", sync.recordingID) }
            return try await connection.fetchOne(
                RecordingSync.self,
                """
                INSERT INTO recording_sync (recordingID, wallClockStart, "offset", updatedAt, syncMarkerID, markerPosition)
                VALUES (\(sync.recordingID), \(sync.wallClockStart), \(sync.offset), \(Date()), \(sync.syncMarkerID),
                    \(sync.markerPosition))
                ON CONFLICT (recordingID) DO UPDATE SET wallClockStart = excluded.wallClockStart, "offset" = excluded."offset",
                    updatedAt = excluded.updatedAt, syncMarkerID = excluded.syncMarkerID, markerPosition = excluded.markerPosition
                RETURNING \(unescaped: RecordingSync.columns)
                """, logger: self.logger)!
        }
    }
}

import Foundation
import PostgresNIO
import Store

extension PostgresStore: ErasureStore {
    /// What erasing the participant would remove; nothing is changed (one snapshot).
    public func erasurePlan(participantID: Int64) async throws -> ErasurePlan {
        try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            return try await self.erasurePlan(participantID: participantID, connection).plan
        }
    }

    /// Erases a participant and what is theirs in ONE transaction, as on SQLite: their own
    /// recordings (foreign keys cascade to transcripts, segments, words, speakers, codings, memos,
    /// completions, consensus), the jobs naming those recordings or the participant, then the
    /// participant (cascading to links, case variables, streams and chunks, markers, memos; speakers
    /// of kept recordings lose their identification), and the audit event `participant.erase`
    /// (counts and reason only). Media files no recording refers to any more are removed after the
    /// commit; one that cannot be is reported in `failedFiles`.
    public func eraseParticipant(_ participantID: Int64, actorID: Int64?, reason: String) async throws -> ErasureReport {
        var report = try await withTransaction { connection in
            guard
                let studyID = try await connection.query(
                    "SELECT studyID FROM participant WHERE id = \(participantID) FOR UPDATE", logger: self.logger
                ).collect().first?.decode(Int64.self)
            else { throw StoreError.notFound("participant", participantID) }
            let (plan, jobIDs) = try await self.erasurePlan(participantID: participantID, connection)
            let deleted = plan.deletedRecordingIDs
            let paths = try await connection.query(
                "SELECT DISTINCT mediaPath FROM recording WHERE id = ANY(\(deleted)) ORDER BY mediaPath", logger: self.logger
            ).collect().map { try $0.decode(String.self) }
            try await connection.query("DELETE FROM job WHERE id = ANY(\(jobIDs))", logger: self.logger)
            try await connection.query("DELETE FROM recording WHERE id = ANY(\(deleted))", logger: self.logger)
            try await connection.query("DELETE FROM participant WHERE id = \(participantID)", logger: self.logger)
            // A media file may be shared by recordings made before uploads were unique per file: keep it while one remains.
            let stillUsed = Set(
                try await connection.query("SELECT mediaPath FROM recording WHERE mediaPath = ANY(\(paths))", logger: self.logger)
                    .collect().map { try $0.decode(String.self) })
            let details: AuditDetails = [
                "recordings": .int(Int64(plan.deletedRecordingIDs.count)), "keptRecordings": .int(Int64(plan.keptRecordingIDs.count)),
                "transcripts": .int(Int64(plan.transcripts)), "codings": .int(Int64(plan.codings)), "memos": .int(Int64(plan.memos)),
                "jobs": .int(Int64(plan.jobs)), "streams": .int(Int64(plan.streams)), "reason": .string(reason),
            ]
            let event = try await self.appendAudit(
                actorID: actorID, action: "participant.erase", studyID: studyID, targetKind: "participant", targetID: participantID,
                details: details, connection)
            return ErasureReport(
                participantID: participantID, recordings: plan.deletedRecordingIDs.count, keptRecordings: plan.keptRecordingIDs.count,
                transcripts: plan.transcripts, codings: plan.codings, memos: plan.memos, jobs: plan.jobs, streams: plan.streams,
                removedFiles: paths.filter { !stillUsed.contains($0) }, failedFiles: [], auditEventID: event.id)
        }
        (report.removedFiles, report.failedFiles) = ErasedFiles.remove(report.removedFiles)
        return report
    }

    /// The plan, and the ids of the jobs it deletes, read inside the caller's transaction.
    private func erasurePlan(participantID: Int64, _ connection: PostgresConnection) async throws
        -> (plan: ErasurePlan, jobIDs: [Int64])
    {
        guard try await connection.count("SELECT id FROM participant WHERE id = \(participantID)", logger: logger) > 0 else {
            throw StoreError.notFound("participant", participantID)
        }
        func ids(_ query: PostgresQuery) async throws -> [Int64] {
            try await connection.query(query, logger: logger).collect().map { try $0.decode(Int64.self) }
        }
        func count(_ query: PostgresQuery) async throws -> Int {
            try await connection.query(query, logger: logger).collect().first?.decode(Int.self) ?? 0
        }
        let recordingIDs = try await ids(
            """
            SELECT recordingID FROM recording_participant WHERE participantID = \(participantID)
            UNION SELECT recordingID FROM speaker WHERE participantID = \(participantID) ORDER BY 1
            """)
        var deleted: [Int64] = [], kept: [Int64] = []
        for recordingID in recordingIDs {
            let others = try await count(
                """
                SELECT count(*) FROM (
                    SELECT participantID FROM recording_participant WHERE recordingID = \(recordingID) AND participantID != \(participantID)
                    UNION SELECT participantID FROM speaker
                          WHERE recordingID = \(recordingID) AND participantID IS NOT NULL AND participantID != \(participantID)) AS others
                """)
            if others == 0 { deleted.append(recordingID) } else { kept.append(recordingID) }
        }
        // Jobs are matched on their JSON payload in Swift, as SQLite's json_extract reads it (a payload
        // that is not JSON names nobody).
        var jobIDs: [Int64] = []
        for row in try await connection.query(
            "SELECT id, payload FROM job WHERE payload LIKE '%recordingID%' OR payload LIKE '%participantID%' ORDER BY id",
            logger: logger
        ).collect() {
            let (id, payload) = try row.decode((Int64, String).self)
            let names = JobPayloadNames(payload: payload)
            if names.recordingID.map(deleted.contains) == true || names.participantID == participantID { jobIDs.append(id) }
        }
        let plan = ErasurePlan(
            participantID: participantID, deletedRecordingIDs: deleted, keptRecordingIDs: kept,
            transcripts: try await count("SELECT count(*) FROM transcript WHERE recordingID = ANY(\(deleted))"),
            codings: try await count(
                """
                SELECT count(*) FROM coding JOIN transcript ON transcript.id = coding.transcriptID
                WHERE transcript.recordingID = ANY(\(deleted))
                """),
            memos: try await count(
                """
                SELECT count(*) FROM memo WHERE participantID = \(participantID) OR recordingID = ANY(\(deleted))
                    OR transcriptID IN (SELECT id FROM transcript WHERE recordingID = ANY(\(deleted)))
                    OR codingID IN (
                        SELECT coding.id FROM coding JOIN transcript ON transcript.id = coding.transcriptID
                        WHERE transcript.recordingID = ANY(\(deleted)))
                """),
            jobs: jobIDs.count,
            streams: try await count("SELECT count(*) FROM biometric_stream WHERE participantID = \(participantID)"),
            markers: try await count("SELECT count(*) FROM biometric_marker WHERE participantID = \(participantID)"),
            attributes: try await count("SELECT count(*) FROM participant_attribute WHERE participantID = \(participantID)"),
            speakerLinks: try await count(
                "SELECT count(*) FROM speaker WHERE participantID = \(participantID) AND recordingID = ANY(\(kept))"))
        return (plan, jobIDs)
    }
}

import Foundation
import PostgresNIO
import Store

extension PostgresStore {
    /// What deleting the recording would remove; nothing is changed.
    public func recordingDeletionPlan(recordingID: Int64) async throws -> RecordingDeletion {
        try await withConnection { connection in try await self.recordingDeletionPlan(recordingID: recordingID, connection) }
    }

    /// Deletes a recording and everything made from it in one transaction (``RecordingDeletion``),
    /// then its media file when no other recording uses it, as SQLite does.
    ///
    /// Foreign keys cascade from the recording row; jobs naming the recording go too. The
    /// participants stay. The audit event `recording.delete` records counts and the reason only.
    public func deleteRecording(_ recordingID: Int64, actorID: Int64?, reason: String) async throws -> RecordingDeletion {
        var report = try await withTransaction { connection in
            guard
                let recording = try await connection.fetchOne(
                    Recording.self, "SELECT \(unescaped: Recording.columns) FROM recording WHERE id = \(recordingID) FOR UPDATE",
                    logger: self.logger)
            else { throw StoreError.notFound("recording", recordingID) }
            var plan = try await self.recordingDeletionPlan(recordingID: recordingID, connection)
            try await connection.query(
                "DELETE FROM job WHERE job_payload_id(payload, 'recordingID') = \(recordingID)", logger: self.logger)
            try await connection.query("DELETE FROM recording WHERE id = \(recordingID)", logger: self.logger)
            let stillUsed =
                try await connection.count(
                    "SELECT id FROM recording WHERE mediaPath = \(recording.mediaPath) LIMIT 1", logger: self.logger) > 0
            let details: AuditDetails = [
                "transcripts": .int(Int64(plan.transcripts)), "segments": .int(Int64(plan.segments)),
                "codings": .int(Int64(plan.codings)), "memos": .int(Int64(plan.memos)), "jobs": .int(Int64(plan.jobs)),
                "reason": .string(reason),
            ]
            plan.auditEventID =
                try await self.appendAudit(
                    actorID: actorID, action: "recording.delete", studyID: recording.studyID, targetKind: "recording",
                    targetID: recordingID, details: details, connection
                ).id
            plan.removedFiles = stillUsed ? [] : [recording.mediaPath]
            return plan
        }
        (report.removedFiles, report.failedFiles) = ErasedFiles.remove(report.removedFiles)
        return report
    }

    /// The plan, read in the caller's transaction.
    private func recordingDeletionPlan(recordingID: Int64, _ connection: PostgresConnection) async throws -> RecordingDeletion {
        guard try await connection.count("SELECT id FROM recording WHERE id = \(recordingID)", logger: logger) > 0 else {
            throw StoreError.notFound("recording", recordingID)
        }
        let hasCodings = try await hasTable("coding", connection)
        let hasMemos = try await hasTable("memo", connection)
        let codings =
            hasCodings
            ? "(SELECT count(*) FROM coding JOIN transcript ON transcript.id = coding.transcriptID WHERE transcript.recordingID = $1)"
            : "0"
        let memoOnCoding =
            hasCodings
            ? """
            OR codingID IN (SELECT coding.id FROM coding JOIN transcript ON transcript.id = coding.transcriptID
                            WHERE transcript.recordingID = $1)
            """ : ""
        let memos =
            hasMemos
            ? """
            (SELECT count(*) FROM memo WHERE recordingID = $1
                OR transcriptID IN (SELECT id FROM transcript WHERE recordingID = $1) \(memoOnCoding))
            """ : "0"
        var bindings = PostgresBindings()
        bindings.append(recordingID)
        let row = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT
                        (SELECT count(*) FROM transcript WHERE recordingID = $1),
                        (SELECT count(*) FROM segment JOIN transcript ON transcript.id = segment.transcriptID
                         WHERE transcript.recordingID = $1),
                        (SELECT count(*) FROM word JOIN segment ON segment.id = word.segmentID
                         JOIN transcript ON transcript.id = segment.transcriptID WHERE transcript.recordingID = $1),
                        (SELECT count(*) FROM speaker WHERE recordingID = $1),
                        \(codings),
                        \(memos),
                        (SELECT count(*) FROM job WHERE job_payload_id(payload, 'recordingID') = $1),
                        (SELECT count(*) FROM recording_participant WHERE recordingID = $1)
                    """, binds: bindings), logger: logger
        ).collect().first!
        let (transcripts, segments, words, speakers, codingCount, memoCount, jobs, links) = try row.decode(
            (Int, Int, Int, Int, Int, Int, Int, Int).self)
        return RecordingDeletion(
            recordingID: recordingID, transcripts: transcripts, segments: segments, words: words, speakers: speakers,
            codings: codingCount, memos: memoCount, jobs: jobs, participantLinks: links)
    }

    /// Whether the schema has `table`: the coding and memo tables come with the coding area's
    /// migrations, which a store may not have yet; once every area is on PostgreSQL the check can go.
    func hasTable(_ table: String, _ connection: PostgresConnection) async throws -> Bool {
        try await connection.query("SELECT to_regclass(\(table)) IS NOT NULL", logger: logger).collect().first!.decode(Bool.self)
    }
}

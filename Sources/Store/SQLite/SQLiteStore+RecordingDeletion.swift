import Foundation
import GRDB

extension SQLiteStore {
    /// What deleting the recording would remove; nothing is changed.
    public func recordingDeletionPlan(recordingID: Int64) async throws -> RecordingDeletion {
        try await read { db in try Self.recordingDeletionPlan(db, recordingID: recordingID) }
    }

    /// Deletes a recording and everything made from it in one transaction (``RecordingDeletion``),
    /// then its media file when no other recording uses it.
    ///
    /// Foreign keys cascade from the recording row (transcripts, segments, words, speakers,
    /// codings, memos, participant links; the FTS index follows by triggers); jobs naming the
    /// recording go too, so that no payload outlives it. The participants stay. The audit event
    /// `recording.delete` records counts and the reason only. The file is removed after the commit
    /// (a file system cannot join the transaction); one that cannot be is reported in `failedFiles`.
    public func deleteRecording(_ recordingID: Int64, actorID: Int64?, reason: String) async throws -> RecordingDeletion {
        let client = AuditOrigin.clientAddress
        var report = try await write { db in
            var plan = try Self.recordingDeletionPlan(db, recordingID: recordingID)
            guard let recording = try Recording.fetchOne(db, key: recordingID) else {
                throw StoreError.notFound("recording", recordingID)
            }
            try db.execute(sql: "DELETE FROM job WHERE \(Self.jobRecordingSQL) = ?", arguments: [recordingID])
            try db.execute(sql: "DELETE FROM recording WHERE id = ?", arguments: [recordingID])
            let stillUsed = try Recording.filter(Column("mediaPath") == recording.mediaPath).fetchCount(db) > 0
            try db.execute(sql: "INSERT INTO segment_fts(segment_fts) VALUES ('optimize')")
            let details: AuditDetails = [
                "transcripts": .int(Int64(plan.transcripts)), "segments": .int(Int64(plan.segments)),
                "codings": .int(Int64(plan.codings)), "memos": .int(Int64(plan.memos)), "jobs": .int(Int64(plan.jobs)),
                "reason": .string(reason),
            ]
            plan.auditEventID =
                try Self.appendAudit(
                    db, actorID: actorID, action: "recording.delete", studyID: recording.studyID, targetKind: "recording",
                    targetID: recordingID, details: details, clientAddress: client
                ).id
            plan.removedFiles = stillUsed ? [] : [recording.mediaPath]
            return plan
        }
        (report.removedFiles, report.failedFiles) = await removeFilesAfterErasure(report.removedFiles)
        return report
    }

    /// The plan, read inside the caller's transaction.
    static func recordingDeletionPlan(_ db: Database, recordingID: Int64) throws -> RecordingDeletion {
        guard try Recording.exists(db, key: recordingID) else { throw StoreError.notFound("recording", recordingID) }
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: [recordingID]) ?? 0 }
        let transcripts = "SELECT id FROM transcript WHERE recordingID = ?"
        return RecordingDeletion(
            recordingID: recordingID,
            transcripts: try count("SELECT COUNT(*) FROM transcript WHERE recordingID = ?"),
            segments: try count("SELECT COUNT(*) FROM segment WHERE transcriptID IN (\(transcripts))"),
            words: try count(
                "SELECT COUNT(*) FROM word WHERE segmentID IN (SELECT id FROM segment WHERE transcriptID IN (\(transcripts)))"),
            speakers: try count("SELECT COUNT(*) FROM speaker WHERE recordingID = ?"),
            codings: try count("SELECT COUNT(*) FROM coding WHERE transcriptID IN (\(transcripts))"),
            memos: try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM memo WHERE recordingID = ?1 OR transcriptID IN (SELECT id FROM transcript WHERE recordingID = ?1)
                        OR codingID IN (SELECT coding.id FROM coding JOIN transcript ON transcript.id = coding.transcriptID
                                        WHERE transcript.recordingID = ?1)
                    """, arguments: [recordingID]) ?? 0,
            jobs: try count("SELECT COUNT(*) FROM job WHERE \(jobRecordingSQL) = ?"),
            participantLinks: try count("SELECT COUNT(*) FROM recording_participant WHERE recordingID = ?"),
            removedFiles: [], failedFiles: [], auditEventID: nil)
    }
}

import Foundation
import GRDB

extension SQLiteStore {
    /// What erasing the participant would remove; nothing is changed.
    public func erasurePlan(participantID: Int64) async throws -> ErasurePlan {
        try await read { db in try Self.erasurePlan(db, participantID: participantID) }
    }

    /// Erases a participant and what is theirs in one transaction (``ErasurePlan``), then removes
    /// the media files that no recording refers to any more.
    ///
    /// Foreign keys cascade from the deleted recordings (transcripts, segments, words, speakers,
    /// codings, memos; the FTS index follows by triggers) and from the participant row (links,
    /// case variables, streams and their chunks, markers, memos; speakers of kept recordings lose
    /// their identification). Jobs of the deleted recordings go too, so that no payload (a
    /// transcription prompt naming people) outlives them. `secure_delete` is on, so freed pages are
    /// zeroed, and the WAL is checkpointed afterwards. The audit event `participant.erase` records
    /// counts and the reason only. Media files are deleted after the commit (a file system cannot
    /// join the transaction); a file that cannot be removed is reported in `failedFiles`.
    public func eraseParticipant(_ participantID: Int64, actorID: Int64?, reason: String) async throws -> ErasureReport {
        let client = AuditOrigin.clientAddress
        var report = try await write { db in
            let plan = try Self.erasurePlan(db, participantID: participantID)
            let studyID = try Int64.fetchOne(db, sql: "SELECT studyID FROM participant WHERE id = ?", arguments: [participantID])
            let deleted = plan.deletedRecordingIDs.map(String.init).joined(separator: ",")
            let paths = try String.fetchAll(db, sql: "SELECT DISTINCT mediaPath FROM recording WHERE id IN (\(deleted))")
            try db.execute(
                sql: "DELETE FROM job WHERE \(Self.jobRecordingSQL) IN (\(deleted)) OR \(Self.jobParticipantSQL) = ?",
                arguments: [participantID])
            try db.execute(sql: "DELETE FROM recording WHERE id IN (\(deleted))")
            try db.execute(sql: "DELETE FROM participant WHERE id = ?", arguments: [participantID])
            // A media file may be shared by recordings made before uploads were unique per file: keep it while one remains.
            let stillUsed = Set(
                try Recording.filter(paths.contains(Column("mediaPath"))).select(Column("mediaPath"), as: String.self).fetchAll(db))
            // Merge the full-text index so deleted tokens do not linger in old index segments.
            try db.execute(sql: "INSERT INTO segment_fts(segment_fts) VALUES ('optimize')")

            let details: AuditDetails = [
                "recordings": .int(Int64(plan.deletedRecordingIDs.count)), "keptRecordings": .int(Int64(plan.keptRecordingIDs.count)),
                "transcripts": .int(Int64(plan.transcripts)), "codings": .int(Int64(plan.codings)), "memos": .int(Int64(plan.memos)),
                "jobs": .int(Int64(plan.jobs)), "streams": .int(Int64(plan.streams)), "reason": .string(reason),
            ]
            let event = try Self.appendAudit(
                db, actorID: actorID, action: "participant.erase", studyID: studyID, targetKind: "participant",
                targetID: participantID, details: details, clientAddress: client)
            return ErasureReport(
                participantID: participantID, recordings: plan.deletedRecordingIDs.count, keptRecordings: plan.keptRecordingIDs.count,
                transcripts: plan.transcripts, codings: plan.codings, memos: plan.memos, jobs: plan.jobs, streams: plan.streams,
                removedFiles: paths.filter { !stillUsed.contains($0) }, failedFiles: [], auditEventID: event.id)
        }
        (report.removedFiles, report.failedFiles) = await removeFilesAfterErasure(report.removedFiles)
        return report
    }

    /// Removes media files whose rows an erasure deleted (a file system cannot join the transaction),
    /// then checkpoints the WAL so that no erased page lingers in it; returns the files removed (or
    /// already absent) and those that could not be.
    func removeFilesAfterErasure(_ paths: [String]) async -> (removed: [String], failed: [String]) {
        let (removed, failed) = ErasedFiles.remove(paths)
        _ = try? await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return (removed, failed)
    }

    /// The recording a job's JSON payload names (`recordingID`), or NULL; payloads that are not JSON name none.
    static let jobRecordingSQL = "(CASE WHEN json_valid(payload) THEN json_extract(payload, '$.recordingID') END)"
    /// The participant a job's JSON payload names (`participantID`: a wearable import), or NULL.
    static let jobParticipantSQL = "(CASE WHEN json_valid(payload) THEN json_extract(payload, '$.participantID') END)"

    /// The plan, read inside the caller's transaction.
    static func erasurePlan(_ db: Database, participantID: Int64) throws -> ErasurePlan {
        guard try Participant.exists(db, key: participantID) else { throw StoreError.notFound("participant", participantID) }
        let recordingIDs = try Int64.fetchAll(
            db,
            sql: """
                SELECT recordingID FROM recording_participant WHERE participantID = ?
                UNION SELECT recordingID FROM speaker WHERE participantID = ?
                """, arguments: [participantID, participantID])
        var deletedIDs: [Int64] = [], keptIDs: [Int64] = []
        for recordingID in recordingIDs {
            let others =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM (
                            SELECT participantID FROM recording_participant WHERE recordingID = ? AND participantID != ?
                            UNION SELECT participantID FROM speaker
                                  WHERE recordingID = ? AND participantID IS NOT NULL AND participantID != ?)
                        """, arguments: [recordingID, participantID, recordingID, participantID]) ?? 0
            if others == 0 { deletedIDs.append(recordingID) } else { keptIDs.append(recordingID) }
        }
        let deleted = deletedIDs.map(String.init).joined(separator: ",")
        let kept = keptIDs.map(String.init).joined(separator: ",")
        func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
            try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
        }
        let codingsSQL = """
            SELECT coding.id FROM coding JOIN transcript ON transcript.id = coding.transcriptID
            WHERE transcript.recordingID IN (\(deleted))
            """
        return ErasurePlan(
            participantID: participantID, deletedRecordingIDs: deletedIDs, keptRecordingIDs: keptIDs,
            transcripts: try count("SELECT COUNT(*) FROM transcript WHERE recordingID IN (\(deleted))"),
            codings: try count("SELECT COUNT(*) FROM (\(codingsSQL))"),
            memos: try count(
                """
                SELECT COUNT(*) FROM memo WHERE participantID = ? OR recordingID IN (\(deleted))
                    OR transcriptID IN (SELECT id FROM transcript WHERE recordingID IN (\(deleted)))
                    OR codingID IN (\(codingsSQL))
                """, [participantID]),
            jobs: try count(
                "SELECT COUNT(*) FROM job WHERE \(jobRecordingSQL) IN (\(deleted)) OR \(jobParticipantSQL) = ?", [participantID]),
            streams: try count("SELECT COUNT(*) FROM biometric_stream WHERE participantID = ?", [participantID]),
            markers: try count("SELECT COUNT(*) FROM biometric_marker WHERE participantID = ?", [participantID]),
            attributes: try count("SELECT COUNT(*) FROM participant_attribute WHERE participantID = ?", [participantID]),
            speakerLinks: try count("SELECT COUNT(*) FROM speaker WHERE participantID = ? AND recordingID IN (\(kept))", [participantID]))
    }
}

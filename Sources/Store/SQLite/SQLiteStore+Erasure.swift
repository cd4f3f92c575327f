import Foundation
import GRDB

extension SQLiteStore {
    /// Erases a participant and everything about them in one transaction, then removes the media files.
    ///
    /// Removed: every recording the participant is linked to (or identified as a speaker in) with its
    /// transcripts, segments, words, speakers and codings (foreign keys cascade, and the FTS index
    /// follows by triggers), memos attached to any of these or to the participant, biometric streams
    /// and their chunks, case variables, and the participant row. `secure_delete` is on, so freed
    /// pages are zeroed, and the WAL is checkpointed afterwards. The audit event `participant.erase`
    /// records counts and the reason only. Media files are deleted after the commit (a file system
    /// cannot join the transaction), and only when no other recording refers to them; a file that
    /// cannot be removed is reported in `failedFiles`.
    public func eraseParticipant(_ participantID: Int64, actorID: Int64?, reason: String) async throws -> ErasureReport {
        var report = try await write { db in
            guard let participant = try Participant.fetchOne(db, key: participantID) else {
                throw StoreError.notFound("participant", participantID)
            }
            let recordingIDs = try Int64.fetchAll(
                db,
                sql: """
                    SELECT recordingID FROM recording_participant WHERE participantID = ?
                    UNION SELECT recordingID FROM speaker WHERE participantID = ?
                    """, arguments: [participantID, participantID])
            let idList = recordingIDs.map(String.init).joined(separator: ",")
            let paths = try String.fetchAll(db, sql: "SELECT mediaPath FROM recording WHERE id IN (\(idList))")
            let transcripts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transcript WHERE recordingID IN (\(idList))") ?? 0
            let codings =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM coding JOIN transcript ON transcript.id = coding.transcriptID
                        WHERE transcript.recordingID IN (\(idList))
                        """) ?? 0
            let memos =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM memo WHERE participantID = ? OR recordingID IN (\(idList))
                            OR transcriptID IN (SELECT id FROM transcript WHERE recordingID IN (\(idList)))
                            OR codingID IN (SELECT coding.id FROM coding JOIN transcript ON transcript.id = coding.transcriptID
                                            WHERE transcript.recordingID IN (\(idList)))
                        """, arguments: [participantID]) ?? 0
            let streams = try BiometricStream.filter(Column("participantID") == participantID).fetchCount(db)

            // Children first where no cascade would reach them (memos on codings cascade via coding).
            try db.execute(sql: "DELETE FROM recording WHERE id IN (\(idList))")
            try db.execute(sql: "DELETE FROM participant WHERE id = ?", arguments: [participantID])
            // A media file may be shared by recordings made before uploads were unique per file: keep it while one remains.
            let stillUsed = Set(
                try Recording.filter(paths.contains(Column("mediaPath"))).select(Column("mediaPath"), as: String.self).fetchAll(db))
            // Merge the full-text index so deleted tokens do not linger in old index segments.
            try db.execute(sql: "INSERT INTO segment_fts(segment_fts) VALUES ('optimize')")

            let details = """
                {"recordings":\(recordingIDs.count),"transcripts":\(transcripts),"codings":\(codings),\
                "memos":\(memos),"streams":\(streams),"reason":\(Self.jsonString(reason))}
                """
            let event = try Self.appendAudit(
                db, actorID: actorID, action: "participant.erase", studyID: participant.studyID, targetKind: "participant",
                targetID: participantID, details: details)
            return ErasureReport(
                participantID: participantID, recordings: recordingIDs.count, transcripts: transcripts, codings: codings,
                memos: memos, streams: streams, removedFiles: paths.filter { !stillUsed.contains($0) }, failedFiles: [],
                auditEventID: event.id)
        }
        var removed: [String] = []
        for path in report.removedFiles {
            do {
                if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
                removed.append(path)
            } catch {
                report.failedFiles.append(path)
            }
        }
        report.removedFiles = removed
        _ = try? await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return report
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

import Foundation
import GRDB

extension RetentionRule: FetchableRecord, PersistableRecord {
    /// The table (migration `v10-retention`).
    public static let databaseTableName = "retention_rule"
}

extension SQLiteStore {
    public func retentionRule(studyID: Int64) async throws -> RetentionRule? {
        try await read { db in try RetentionRule.fetchOne(db, key: studyID) }
    }

    public func retentionRules() async throws -> [RetentionRule] {
        try await read { db in try RetentionRule.order(Column("studyID")).fetchAll(db) }
    }

    public func setRetentionRule(_ rule: RetentionRule) async throws -> RetentionRule {
        try Self.check(rule)
        return try await write { db in
            guard try Study.exists(db, key: rule.studyID) else { throw StoreError.notFound("study", rule.studyID) }
            try rule.save(db)
            return rule
        }
    }

    public func removeRetentionRule(studyID: Int64) async throws {
        try await write { db in _ = try RetentionRule.deleteOne(db, key: studyID) }
    }

    public func removeOriginalMedia(recordingID: Int64, replacement: String?, at date: Date, actorID: Int64?) async throws
        -> MediaRemoval
    {
        let client = AuditOrigin.clientAddress
        var report = try await write { db in
            guard var recording = try Recording.fetchOne(db, key: recordingID) else {
                throw StoreError.notFound("recording", recordingID)
            }
            guard recording.mediaRemovedAt == nil else { throw Self.mediaAlreadyRemoved(recordingID) }
            let original = recording.mediaPath
            recording.mediaPath = replacement ?? ""
            recording.mediaRemovedAt = date
            try recording.update(db)
            let stillUsed = try Recording.filter(Column("mediaPath") == original).fetchCount(db) > 0
            let event = try Self.appendAudit(
                db, actorID: actorID, action: "recording.media-removed", studyID: recording.studyID, targetKind: "recording",
                targetID: recordingID, details: ["reason": .string("retention"), "keptRedactedCopy": .bool(replacement != nil)],
                clientAddress: client)
            return MediaRemoval(
                recordingID: recordingID, keptRedactedCopy: replacement != nil, removedFiles: stillUsed || original.isEmpty ? [] : [original],
                failedFiles: [], auditEventID: event.id)
        }
        (report.removedFiles, report.failedFiles) = await removeFilesAfterErasure(report.removedFiles)
        return report
    }
}

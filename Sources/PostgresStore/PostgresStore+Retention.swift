import Foundation
import PostgresNIO
import Store

extension RetentionRule: PostgresRecord {
    static let columns = "studyID, days, keepRedactedMedia, fill, setBy, setAt"
    init(row: PostgresRow) throws {
        let (studyID, days, keep, fill, setBy, setAt) = try row.decode((Int64, Int, Bool, String, Int64?, Date).self)
        self.init(studyID: studyID, days: days, keepRedactedMedia: keep, fill: Fill(rawValue: fill) ?? .tone, setBy: setBy, setAt: setAt)
    }
}

extension PostgresStore {
    public func retentionRule(studyID: Int64) async throws -> RetentionRule? {
        try await withConnection { connection in
            try await connection.fetchOne(
                RetentionRule.self, "SELECT \(unescaped: RetentionRule.columns) FROM retention_rule WHERE studyID = \(studyID)",
                logger: self.logger)
        }
    }

    public func retentionRules() async throws -> [RetentionRule] {
        try await withConnection { connection in
            try await connection.fetchAll(
                RetentionRule.self, "SELECT \(unescaped: RetentionRule.columns) FROM retention_rule ORDER BY studyID", logger: self.logger)
        }
    }

    public func setRetentionRule(_ rule: RetentionRule) async throws -> RetentionRule {
        try Self.check(rule)
        return try await withTransaction { connection in
            guard try await connection.count("SELECT id FROM study WHERE id = \(rule.studyID)", logger: self.logger) > 0 else {
                throw StoreError.notFound("study", rule.studyID)
            }
            try await connection.query(
                """
                INSERT INTO retention_rule (studyID, days, keepRedactedMedia, fill, setBy, setAt)
                VALUES (\(rule.studyID), \(rule.days), \(rule.keepRedactedMedia), \(rule.fill.rawValue), \(rule.setBy), \(rule.setAt))
                ON CONFLICT (studyID) DO UPDATE SET days = EXCLUDED.days, keepRedactedMedia = EXCLUDED.keepRedactedMedia,
                    fill = EXCLUDED.fill, setBy = EXCLUDED.setBy, setAt = EXCLUDED.setAt
                """, logger: self.logger)
            return rule
        }
    }

    public func removeRetentionRule(studyID: Int64) async throws {
        try await withConnection { connection in
            try await connection.query("DELETE FROM retention_rule WHERE studyID = \(studyID)", logger: self.logger)
        }
    }

    public func removeOriginalMedia(recordingID: Int64, replacement: String?, at date: Date, actorID: Int64?) async throws
        -> MediaRemoval
    {
        var report = try await withTransaction { connection in
            guard
                let recording = try await connection.fetchOne(
                    Recording.self, "SELECT \(unescaped: Recording.columns) FROM recording WHERE id = \(recordingID) FOR UPDATE",
                    logger: self.logger)
            else { throw StoreError.notFound("recording", recordingID) }
            guard recording.mediaRemovedAt == nil else { throw Self.mediaAlreadyRemoved(recordingID) }
            let original = recording.mediaPath
            try await connection.query(
                "UPDATE recording SET mediaPath = \(replacement ?? ""), mediaRemovedAt = \(date) WHERE id = \(recordingID)",
                logger: self.logger)
            let stillUsed =
                try await connection.count("SELECT id FROM recording WHERE mediaPath = \(original) LIMIT 1", logger: self.logger) > 0
            let event = try await self.appendAudit(
                actorID: actorID, action: "recording.media-removed", studyID: recording.studyID, targetKind: "recording",
                targetID: recordingID, details: ["reason": .string("retention"), "keptRedactedCopy": .bool(replacement != nil)],
                connection)
            return MediaRemoval(
                recordingID: recordingID, keptRedactedCopy: replacement != nil,
                removedFiles: stillUsed || original.isEmpty ? [] : [original], failedFiles: [], auditEventID: event.id)
        }
        (report.removedFiles, report.failedFiles) = ErasedFiles.remove(report.removedFiles)
        return report
    }
}

import Store

/// What ``StoreCopy`` copied and verified: rows per table on each side, the tables left out and
/// why, and the audit chain as each store's own verification sees it.
public struct StoreCopyReport: Sendable {
    /// One copied table.
    public struct Table: Sendable, Hashable {
        /// The table's name.
        public let name: String
        /// Rows in the SQLite store.
        public let sourceRows: Int
        /// Rows in the PostgreSQL store after the copy.
        public let targetRows: Int
    }

    /// The copied tables, in the order they were written (foreign keys first).
    public let tables: [Table]
    /// SQLite tables not copied, with the reason (bookkeeping, derived search index, empty tables the target lacks).
    public let skipped: [(table: String, reason: String)]
    /// The source's audit chain, verified in the snapshot that was copied.
    public let sourceAudit: AuditVerification
    /// The target's audit chain, verified by ``PostgresStore/verifyAuditLog()`` after the commit.
    public let targetAudit: AuditVerification

    /// One line per table, then the skipped tables and the audit chain.
    public var summary: [String] {
        var lines = tables.map { "\($0.name): \($0.sourceRows) rows → \($0.targetRows)" }
        lines += skipped.map { "\($0.table): not copied (\($0.reason))" }
        lines.append(
            "audit chain: \(targetAudit.eventCount) events, \(targetAudit.isIntact ? "intact" : "NOT intact"), "
                + "head \(targetAudit.headHash.prefix(16)) (source \(sourceAudit.headHash.prefix(16)))")
        return lines
    }
}

import GRDB

extension StoreMigrations {
    /// The client's address on each audit event (``AuditEvent/clientAddress``); NULL on the events
    /// written before, whose hashes do not include it. Adding a column fires no `UPDATE` trigger:
    /// the log stays append-only.
    static func addAuditClientAddress(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE audit_event ADD COLUMN clientAddress TEXT")
    }
}

import Foundation
import GRDB

extension SQLiteStore {
    /// The journal mode (`wal`) and whether foreign keys are enforced, as SQLite reports them.
    public func connectionSettings() async throws -> (journalMode: String, foreignKeys: Bool) {
        try await read { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            let keys = try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false
            return (mode, keys)
        }
    }

    /// Runs SQLite's integrity and foreign-key checks; returns the problems found (empty when sound).
    public func integrityProblems() async throws -> [String] {
        try await read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                problems.append("dangling reference in \(row[0] as String? ?? "?") row \(row[1] as Int64? ?? -1)")
            }
            return problems
        }
    }

    /// Runs raw SQL outside the API (tests use it to tamper with the file as an attacker would).
    func executeRaw(_ sql: String) async throws {
        try await pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }

    /// Fetches one integer with raw SQL (tests use it to count rows).
    func countRaw(_ sql: String) async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    /// Names of the tables of the schema (FTS shadow tables and SQLite's own excluded).
    func tableNames() async throws -> [String] {
        try await pool.read { db in try Self.tableNames(db) }
    }

    static func tableNames(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name NOT LIKE 'segment_fts%' AND name != 'grdb_migrations' ORDER BY name
                """)
    }
}

import Foundation
import GRDB

extension SQLiteStore: BackupStore {
    /// What a copy of the store holds (``StoreContents``).
    public typealias Contents = StoreContents

    /// The store's copy in a backup folder.
    public var backupFileName: String { DataBackup.storeName }

    /// Copies the store to a new file at `url` with SQLite's online backup (one consistent
    /// snapshot, while other connections go on writing), mode 0600, and returns what the copy
    /// holds, read on the copy before it is closed (the live store has moved on).
    public func backup(to url: URL) async throws -> Contents {
        try PrivateFiles.createFile(url)
        let pool = pool
        do {
            return try await Task.detached {
                let copy = try DatabaseQueue(path: url.path)
                try pool.backup(to: copy)
                let contents = try copy.read(Self.contents)
                try copy.close()
                return contents
            }.value
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// What the store holds now (``Contents``).
    public func contents() async throws -> Contents {
        try await read(Self.contents)
    }

    static func contents(_ db: Database) throws -> Contents {
        var rows: [String: Int] = [:]
        for table in try tableNames(db) {
            rows[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
        }
        let applied = try StoreMigrations.migrator.appliedIdentifiers(db)
        let schema = StoreMigrations.migrator.migrations.last(where: applied.contains) ?? ""
        var media: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT mediaPath, fileHash FROM recording WHERE mediaRemovedAt IS NULL") { media[row[0]] = row[1] }
        return Contents(rows: rows, schema: schema, audit: try verifyAuditLog(db), media: media)
    }

    /// Recordings' media paths under `old` moved under `new` (a store restored into another data
    /// folder); returns the recordings changed.
    public func moveMediaPaths(from old: String, to new: String) async throws -> Int {
        guard old != new else { return 0 }
        return try await write { db in
            try db.execute(
                sql: "UPDATE recording SET mediaPath = ? || substr(mediaPath, ?) WHERE substr(mediaPath, 1, ?) = ?",
                arguments: [new, old.unicodeScalars.count + 1, old.unicodeScalars.count, old])
            return db.changesCount
        }
    }
}

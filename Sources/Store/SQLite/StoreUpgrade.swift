import Foundation
import GRDB

/// What opening a store does to its schema: refuse a store written by a newer Verbatim, and copy
/// a store that migrations are about to change to a backup beside it first.
enum StoreUpgrade {
    /// Brings the schema of `pool` (the file at `path`) up to this version's migrations.
    ///
    /// - Returns: the backup made before migrating an existing store, or nil (new or current store).
    /// - Throws: ``StoreError`` of kind `.database` when the store holds migrations this version
    ///   does not know (it was upgraded by a newer Verbatim).
    @discardableResult
    static func migrate(_ pool: DatabasePool, path: String, migrator: DatabaseMigrator = StoreMigrations.migrator) throws -> URL? {
        let (applied, complete) = try pool.writeWithoutTransaction { db in
            (try migrator.appliedIdentifiers(db), try migrator.hasCompletedMigrations(db))
        }
        let unknown = applied.subtracting(migrator.migrations)
        guard unknown.isEmpty else {
            let names = unknown.sorted().joined(separator: ", ")
            throw StoreError(
                .database,
                "The store at \(path) was upgraded by a newer Verbatim (schema \(names)); this version cannot open it. "
                    + "Run the newer version, or restore a backup made before the upgrade.",
                fr: "La base \(path) a été mise à jour par une version plus récente de Verbatim (schéma \(names)) ; "
                    + "cette version ne peut pas l’ouvrir. Lancez la version plus récente, ou restaurez une sauvegarde antérieure à la mise à jour.")
        }
        var backup: URL?
        if !applied.isEmpty && !complete {
            // An upgrade: the store as it was, in one consistent copy, before any migration runs.
            let last = migrator.migrations.last(where: applied.contains) ?? "unknown"
            let url = URL(fileURLWithPath: path + ".before-upgrade-from-\(last)")
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try PrivateFiles.createFile(url)
            let copy = try DatabaseQueue(path: url.path)
            try pool.backup(to: copy)
            try copy.close()
            backup = url
        }
        try migrator.migrate(pool)
        // The readers that looked at the schema before the migration forget what they cached.
        pool.invalidateReadOnlyConnections()
        return backup
    }
}

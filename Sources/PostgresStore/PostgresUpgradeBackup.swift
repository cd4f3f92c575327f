import Foundation
import Logging
import Store

/// The copy of a PostgreSQL store taken before migrations change it: `pg_dump`'s custom format in
/// the data folder, named after the last migration applied (a second upgrade attempt from the same
/// schema gets `.2`, `.3`…; no earlier copy is ever overwritten).
enum PostgresUpgradeBackup {
    /// Dumps `location` into `folder` and returns the file; throws (and the upgrade stops) when
    /// `pg_dump` is missing or fails.
    @discardableResult
    static func dump(_ location: PostgresLocation, into folder: URL, from migration: String, logger: Logger) async throws -> URL {
        try PrivateFiles.createFolder(folder)
        let base = folder.appendingPathComponent("verbatim.pgdump.before-upgrade-from-\(migration)")
        var target = base
        var attempt = 1
        while FileManager.default.fileExists(atPath: target.path) {
            attempt += 1
            target = URL(fileURLWithPath: base.path + ".\(attempt)")
        }
        try PrivateFiles.createFile(target)
        var arguments = ["--format=custom", "--no-owner", "--file=\(target.path)", "--dbname=\(location.database)"]
        if let schema = location.schema { arguments.append("--schema=\(schema)") }
        do {
            try await PostgresTool.locate("pg_dump").run(arguments, location: location)
        } catch {
            try? FileManager.default.removeItem(at: target)
            throw error
        }
        logger.notice("copied the store before upgrading it", metadata: ["backup": "\(target.path)"])
        return target
    }
}

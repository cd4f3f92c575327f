import ArgumentParser
import Foundation
import PostgresStore
import Store

/// `verbatim backup --to DIR [--data DIR] [--database ADDRESS]`: a consistent copy of the store
/// (SQLite's online backup, or `pg_dump` of one snapshot, while the service runs) and the media,
/// with a manifest of SHA-256 sums.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the store and the media into a new folder, with a manifest of SHA-256 sums (the service may run).")

    @Option(help: "The new (or empty) folder to write the backup into.")
    var to: String

    @OptionGroup var location: DataLocation

    func run() throws {
        let store = try location.open(creating: false)
        guard let copied = store as? any BackupStore else {
            throw CommandLineError("This store cannot be backed up by `verbatim backup`; use its own tools.")
        }
        let data = URL(fileURLWithPath: location.data), destination = URL(fileURLWithPath: to)
        let manifest = try waitForStore {
            let manifest = try await DataBackup.make(store: copied, dataFolder: data, to: destination)
            _ = try await store.appendAudit(
                actorID: nil, action: "store.backup", studyID: nil, targetKind: "store", targetID: nil,
                details: ["via": .string("command line"), "files": .int(Int64(manifest.files.count))])
            return manifest
        }
        let bytes = manifest.files.reduce(Int64(0)) { $0 + $1.size }
        print(
            "backup \(destination.path): \(manifest.files.count) files, \(bytes) bytes, \(manifest.rows.values.reduce(0, +)) rows, "
                + "\(manifest.auditEvents) audit events (head \(manifest.auditHead.prefix(12))), schema \(manifest.schema)")
    }
}

/// `verbatim restore --from DIR [--data DIR] [--database ADDRESS]`: brings a backup back into an
/// empty data folder (and, for a PostgreSQL backup, an empty database) and verifies it (files' SHA-256, audit chain, rows per table, recordings' media).
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into a new or empty data folder, and verify hashes, audit chain and row counts.")

    @Option(help: "The backup folder (made by `verbatim backup`).")
    var from: String

    @OptionGroup var location: DataLocation

    func run() throws {
        let source = URL(fileURLWithPath: from), data = URL(fileURLWithPath: location.data)
        let restoration: StoreRestoration
        switch try location.address() {
        case .sqlite(let path):
            guard URL(fileURLWithPath: path).standardizedFileURL == data.appendingPathComponent(DataBackup.storeName).standardizedFileURL else {
                throw CommandLineError("A SQLite store is restored into its data folder: give --data DIR, not another SQLite file.")
            }
            restoration = .sqlite
        case .postgres(let database):
            restoration = PostgresStore.restoration(into: database)
        }
        let restored = try waitForStore { try await DataBackup.restore(from: source, into: data, store: restoration) }
        print(
            "restored into \(data.path): \(restored.files) files verified, \(restored.rows) rows, "
                + "\(restored.auditEvents) audit events intact, \(restored.movedMediaPaths) media paths moved to the new folder")
    }
}

import Foundation

/// What a store holds, as a backup sees it: rows per table, newest migration, audit chain, and
/// each recording's media path and SHA-256.
public struct StoreContents: Sendable, Equatable {
    public var rows: [String: Int]
    public var schema: String
    public var audit: AuditVerification
    /// Each recording's media path and SHA-256, as stored.
    public var media: [String: String]

    public init(rows: [String: Int], schema: String, audit: AuditVerification, media: [String: String]) {
        self.rows = rows
        self.schema = schema
        self.audit = audit
        self.media = media
    }
}

/// A store that `verbatim backup` copies while the service runs and `verbatim restore` checks:
/// the embedded SQLite store (SQLite's online backup) and PostgreSQL (`pg_dump` of one snapshot).
public protocol BackupStore: Sendable {
    /// The name of the store's copy in a backup folder (`verbatim.sqlite`, `verbatim.pgdump`).
    var backupFileName: String { get }
    /// Writes one consistent snapshot of the store to the new file `url` (mode 0600) and returns
    /// what that snapshot holds.
    func backup(to url: URL) async throws -> StoreContents
    /// What the store holds now.
    func contents() async throws -> StoreContents
    /// Recordings' media paths under `old` moved under `new` (a store restored into another data
    /// folder); returns the recordings changed.
    func moveMediaPaths(from old: String, to new: String) async throws -> Int
}

/// How `verbatim restore` brings a backup's store copy back: the file it expects in the backup,
/// and what makes a store of it.
public struct StoreRestoration: Sendable {
    /// The store copy's name in the backup (``BackupStore/backupFileName``).
    public var fileName: String
    /// Whether the copy goes into the data folder as it is (SQLite's file) rather than into a database.
    public var copiesFile: Bool
    /// Makes the store from the backup's copy (`file`, in the backup folder) and the restored data folder.
    public var open: @Sendable (_ file: URL, _ dataFolder: URL) async throws -> any BackupStore

    public init(
        fileName: String, copiesFile: Bool, open: @escaping @Sendable (_ file: URL, _ dataFolder: URL) async throws -> any BackupStore
    ) {
        self.fileName = fileName
        self.copiesFile = copiesFile
        self.open = open
    }

    /// The embedded store: the backup's `verbatim.sqlite` copied into the data folder and opened there.
    public static let sqlite = StoreRestoration(fileName: DataBackup.storeName, copiesFile: true) { _, dataFolder in
        try SQLiteStore(path: dataFolder.appendingPathComponent(DataBackup.storeName).path)
    }
}

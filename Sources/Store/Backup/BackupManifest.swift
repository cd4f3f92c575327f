import Foundation

/// What a backup holds (`manifest.json` at its root): the store's rows per table and audit head,
/// and every file with its size and SHA-256, so that a restore can prove nothing is missing.
public struct BackupManifest: Sendable, Codable, Equatable {
    /// One file of the backup, its path relative to the backup's root.
    public struct File: Sendable, Codable, Equatable {
        public var path: String
        public var size: Int64
        public var sha256: String
    }

    /// Format of this manifest.
    public var format: Int = 1
    public var createdAt: Date
    /// The data folder backed up (absolute), whose path recordings name their media by.
    public var dataFolder: String
    /// The newest schema migration of the store.
    public var schema: String
    /// Rows of each table of the store.
    public var rows: [String: Int]
    /// Events of the audit log and the hash of the last one.
    public var auditEvents: Int
    public var auditHead: String
    /// The store (`verbatim.sqlite`) and the media files (`media/…`).
    public var files: [File]
}

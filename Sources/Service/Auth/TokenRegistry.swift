import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// API tokens, stored hashed (SHA-256) in `tokens.json` of the data directory.
///
/// The store has no token table yet, so tokens live beside the database in a small JSON file
/// that the server and `verbatim admin` share: writes take an exclusive `flock` and replace the
/// file atomically; the server re-reads it when it changes. Only the hash of a token is kept:
/// a token is shown once, when it is made.
public actor TokenRegistry {
    /// One issued token.
    public struct Entry: Codable, Sendable, Hashable {
        /// Lower-case hex SHA-256 of the token.
        public var tokenHash: String
        /// The user the token authenticates.
        public var userID: Int64
        /// Whether the user administers the installation.
        public var isAdmin: Bool
        /// When the token was issued.
        public var createdAt: Date
    }

    private let url: URL
    private var entries: [String: Entry] = [:]
    private var loadedStamp: Date?

    /// Opens the registry file at `url` (created on first write).
    public init(url: URL) {
        self.url = url
    }

    /// Makes a new random token for `userID`, stores its hash and returns the token itself.
    public func issue(userID: Int64, isAdmin: Bool) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "vbt_" + Hex.encode(bytes)
        let entry = Entry(tokenHash: Hashing.sha256Hex(Array(token.utf8)), userID: userID, isAdmin: isAdmin, createdAt: Date())
        try withFileLock {
            var current = try readFile()
            current[entry.tokenHash] = entry
            try writeFile(current)
            entries = current
        }
        return token
    }

    /// The entry for `token`, or `nil` when the token is unknown.
    public func lookup(token: String) throws -> Entry? {
        let hash = Hashing.sha256Hex(Array(token.utf8))
        if let entry = entries[hash] { return entry }
        let stamp = modificationDate()
        if stamp != loadedStamp {
            entries = try readFile()
            loadedStamp = stamp
        }
        return entries[hash]
    }

    /// Whether any administrator token exists.
    public func hasAdmin() throws -> Bool {
        try readFile().values.contains { $0.isAdmin }
    }

    private func modificationDate() -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    private func readFile() throws -> [String: Entry] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        do {
            let data = try Data(contentsOf: url)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let list = try decoder.decode([Entry].self, from: data)
            return Dictionary(list.map { ($0.tokenHash, $0) }, uniquingKeysWith: { _, last in last })
        } catch {
            throw ServiceSetupError(
                "cannot read the token file \(url.path) (\(error)); restore it from a backup or remove it and create an admin again")
        }
    }

    private func writeFile(_ entries: [String: Entry]) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(entries.values.sorted { $0.createdAt < $1.createdAt })
        do {
            try data.write(to: url, options: [.atomic])
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        } catch {
            throw ServiceSetupError("cannot write the token file \(url.path) (\(error.localizedDescription)); check permissions")
        }
    }

    private func withFileLock<T>(_ body: () throws -> T) throws -> T {
        let lockPath = url.path + ".lock"
        let descriptor = open(lockPath, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else {
            throw ServiceSetupError("cannot open the lock file \(lockPath); check that the data directory is writable")
        }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}

import Foundation
import Logging
import Store

/// Moves the API tokens of an installation older than the store's token table from
/// `tokens.json` into the store, once: each hash keeps its user and admin flag (and no expiry,
/// as before), then the file is renamed `tokens.json.migrated` so it is never read again.
/// Old tokens keep working; they can now be listed and revoked like new ones.
public struct TokenFileMigration: Sendable {
    /// One entry of the old file.
    struct Entry: Decodable {
        var tokenHash: String
        var userID: Int64
        var isAdmin: Bool
        var createdAt: Date
    }

    /// The old token file.
    public let file: URL
    /// Where the file goes once its tokens are in the store.
    public var migratedFile: URL { file.appendingPathExtension("migrated") }

    /// Creates the migration of `file`.
    public init(file: URL) {
        self.file = file
    }

    /// Copies the file's tokens into `store` (skipping hashes it has already) and renames the file;
    /// returns how many tokens were added. Does nothing when there is no file.
    @discardableResult
    public func run(into store: any Store, logger: Logger) async throws -> Int {
        guard FileManager.default.fileExists(atPath: file.path) else { return 0 }
        let entries: [Entry]
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            entries = try decoder.decode([Entry].self, from: Data(contentsOf: file))
        } catch {
            throw ServiceSetupError(
                "cannot read the old token file \(file.path) (\(error)); restore it from a backup, or move it away and create an admin again")
        }
        var added = 0
        for entry in entries {
            if try await store.tokenHolder(hash: entry.tokenHash) != nil { continue }
            do {
                _ = try await store.addToken(
                    APIToken(
                        tokenHash: entry.tokenHash, userID: entry.userID, isAdmin: entry.isAdmin, label: "tokens.json",
                        createdAt: entry.createdAt))
                added += 1
            } catch let error as StoreError where error.kind == .conflict {
                // Another process (`verbatim admin` beside `serve`) moved it first.
            } catch let error as StoreError where error.kind == .notFound {
                logger.warning("a token of tokens.json names a user that no longer exists; it is dropped", metadata: ["user": "\(entry.userID)"])
            }
        }
        do {
            if FileManager.default.fileExists(atPath: migratedFile.path) { try FileManager.default.removeItem(at: migratedFile) }
            try FileManager.default.moveItem(at: file, to: migratedFile)
        } catch {
            // Another process may have renamed it first.
            guard FileManager.default.fileExists(atPath: file.path) else { return added }
            throw ServiceSetupError(
                "moved the tokens of \(file.path) into the store but cannot rename the file (\(error.localizedDescription)); rename it to \(migratedFile.lastPathComponent) by hand")
        }
        logger.info("moved the API tokens of tokens.json into the store", metadata: ["tokens": "\(added)"])
        return added
    }
}

import Foundation
import Logging
import Store

/// What every route handler needs: the store, tokens, role checks, configuration and a logger.
public struct ServiceBackend: Sendable {
    /// The store.
    public let store: any Store
    /// API tokens (in the store).
    public let tokens: TokenRegistry
    /// Role checks.
    public let access: AccessControl
    /// Paths and limits.
    public let configuration: ServiceConfiguration
    /// The service's logger.
    public let logger: Logger
    /// Signs the short-lived media links of the web pages' players.
    public let mediaAccess: MediaAccessSigner
    /// Password sign-in and browser sessions.
    public let sessions: SessionRegistry
    /// One request at a time per capture (its chunks are appended in order).
    public let captureLocks = KeyedLock()
    /// The resumable uploads (tus) in progress.
    let uploads: TusUploadRegistry

    /// Bundles the service's dependencies.
    public init(store: any Store, configuration: ServiceConfiguration, logger: Logger) {
        self.store = store
        self.tokens = TokenRegistry(store: store, defaultLifetime: configuration.tokenLifetime)
        self.access = AccessControl(store: store)
        self.configuration = configuration
        self.logger = logger
        self.mediaAccess = MediaAccessSigner()
        self.sessions = SessionRegistry(
            store: store, passwords: PasswordHasher(cost: configuration.bcryptCost), clock: configuration.clock)
        self.uploads = TusUploadRegistry(
            folder: configuration.resumableUploadsDirectory, expiry: configuration.uploadExpiry, clock: configuration.clock)
    }

    /// Writes an audit event for an access to participant data (who, what, when).
    func audit(
        _ user: AuthenticatedUser?, _ action: String, study studyID: Int64?, target kind: String, _ targetID: Int64?,
        details: AuditDetails = .none
    ) async throws {
        _ = try await store.appendAudit(
            actorID: user?.userID, action: action, studyID: studyID, targetKind: kind, targetID: targetID, details: details)
    }
}

extension ServiceBackend {
    /// Creates the data directories and opens the embedded SQLite store under the configuration's data directory.
    public static func open(configuration: ServiceConfiguration, logger: Logger) throws -> ServiceBackend {
        try configuration.prepareDirectories()
        let store = try SQLiteStore(path: configuration.databaseURL.path)
        return ServiceBackend(store: store, configuration: configuration, logger: logger)
    }

    /// Moves the tokens of an older installation's `tokens.json` into the store, once (``TokenFileMigration``).
    public func migrateTokenFile() async throws {
        try await TokenFileMigration(file: configuration.tokensURL).run(into: store, logger: logger)
    }
}

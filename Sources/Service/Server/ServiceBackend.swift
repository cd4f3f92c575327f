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
    /// Where recordings' media are kept (the data folder's `media/` unless told otherwise).
    public let media: any MediaStorage
    /// The service's logger.
    public let logger: Logger
    /// Signs the short-lived media links of the web pages' players.
    public let mediaAccess: MediaAccessSigner
    /// Signs the links through which remote workers fetch a claimed job's media (a key of its own:
    /// a worker's link never opens the players' media route, nor the reverse).
    public let workerMediaAccess: MediaAccessSigner
    /// Password sign-in and browser sessions.
    public let sessions: SessionRegistry
    /// One request at a time per capture (its chunks are appended in order).
    public let captureLocks = KeyedLock()
    /// The resumable uploads (tus) in progress.
    let uploads: TusUploadRegistry
    /// The pseudonymisation detector, loaded from `models/gazetteer` on first use.
    let identifiers: IdentifierDetectorCache
    /// The remote workers heard from through the worker API, and when.
    public let remoteWorkers: RemoteWorkerRegistry
    /// When this backend was made (the server's start): a worker counts as heard from then.
    public let startedAt: Date

    /// Bundles the service's dependencies; media go to `media`, by default a ``FolderMediaStorage`` on the media folder.
    public init(store: any Store, configuration: ServiceConfiguration, media: (any MediaStorage)? = nil, logger: Logger) {
        self.store = store
        identifiers = IdentifierDetectorCache(folder: configuration.modelsDirectory.appendingPathComponent("gazetteer"))
        self.media = media ?? FolderMediaStorage(root: configuration.mediaDirectory)
        self.tokens = TokenRegistry(store: store, defaultLifetime: configuration.tokenLifetime)
        self.access = AccessControl(store: store)
        self.configuration = configuration
        self.logger = logger
        self.mediaAccess = MediaAccessSigner()
        self.workerMediaAccess = MediaAccessSigner(lifetime: configuration.workerLinkLifetime)
        self.sessions = SessionRegistry(
            store: store, passwords: PasswordHasher(cost: configuration.bcryptCost), clock: configuration.clock)
        self.remoteWorkers = RemoteWorkerRegistry(clock: configuration.clock)
        self.startedAt = configuration.clock.now()
        self.uploads = TusUploadRegistry(
            folder: configuration.resumableUploadsDirectory, expiry: configuration.uploadExpiry, clock: configuration.clock,
            files: PartialMediaFiles(sealingLike: self.media))
    }

    /// How the files of recordings still arriving are kept: sealed when media are encrypted at rest.
    var partialFiles: PartialMediaFiles { uploads.files }

    /// The folder of `capture`'s parts.
    func captureFolder(_ capture: Capture) -> CaptureFolder {
        CaptureFolder(mediaDirectory: configuration.mediaDirectory, capture: capture, files: partialFiles)
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
    ///
    /// With a `masterKey`, media are encrypted at rest (``EncryptedMediaStorage``), after checking
    /// that the key is the one that wraps the store's study keys (``EncryptionError`` otherwise,
    /// before anything is written); without one they are kept in clear, and the log says so.
    public static func open(configuration: ServiceConfiguration, masterKey: MasterKey? = nil, logger: Logger) throws -> ServiceBackend {
        try configuration.prepareDirectories()
        let store = try SQLiteStore(path: configuration.databaseURL.path)
        return try open(store: store, configuration: configuration, masterKey: masterKey, logger: logger)
    }

    /// The service on `store` (SQLite or PostgreSQL), with the configuration's data directories.
    ///
    /// A `masterKey` needs a store that keeps wrapped study keys (``StudyKeyStorage``); another
    /// store is refused with ``EncryptionError`` rather than keeping media in clear unasked.
    public static func open(
        store: any Store, configuration: ServiceConfiguration, masterKey: MasterKey? = nil, logger: Logger
    ) throws -> ServiceBackend {
        try configuration.prepareDirectories()
        let keys = store as? any StudyKeyStorage
        guard let masterKey else {
            if let keys, (try? keys.studyKeyMasterIDs().isEmpty) == false {
                logger.warning("no master key given, but this data folder has encrypted media: they cannot be played or transcribed")
            } else {
                logger.notice("no master key given: media are stored in clear (see --master-key-file)")
            }
            return ServiceBackend(store: store, configuration: configuration, logger: logger)
        }
        guard let keys else { throw EncryptionError.storeWithoutStudyKeys }
        let keyring = try StudyKeyring(master: masterKey, storage: keys)
        logger.notice("media encrypted at rest", metadata: ["masterKey": "\(masterKey.id)"])
        let media = EncryptedMediaStorage(root: configuration.mediaDirectory, keyring: keyring)
        return ServiceBackend(store: store, configuration: configuration, media: media, logger: logger)
    }

    /// Moves the tokens of an older installation's `tokens.json` into the store, once (``TokenFileMigration``).
    public func migrateTokenFile() async throws {
        try await TokenFileMigration(file: configuration.tokensURL).run(into: store, logger: logger)
    }
}

import Foundation
import Store

/// Where the service keeps its data and how it listens: the embedded defaults put a SQLite file
/// and a media folder under `./data`.
public struct ServiceConfiguration: Sendable, Hashable {
    /// The data directory holding the database, the media folder and the token file.
    public var dataDirectory: URL
    /// The directory with model weights (`whisper-base/`, `silero-vad/`...).
    public var modelsDirectory: URL
    /// Interface to listen on.
    public var host: String
    /// Port to listen on; 0 picks a free port.
    public var port: Int
    /// Worker child processes started by `verbatim serve`.
    public var workerCount: Int
    /// Largest accepted upload in bytes.
    public var maxUploadBytes: Int64
    /// Job lease in seconds; a worker renews it every third of this.
    public var leaseSeconds: Double
    /// The folder of the web pages served at `/` (see ``WebDirectory``); `nil` serves none.
    public var webDirectory: URL?
    /// Seconds a connection may stay silent (no request, or no progress on one) before the server closes it.
    public var idleTimeout: Double = 30
    /// Seconds an issued API token works unless its request names another lifetime (90 days);
    /// `nil` issues tokens that work until revoked.
    public var tokenLifetime: TimeInterval? = 90 * 86_400
    /// Whether session cookies carry `Secure` whatever the request's scheme (behind a TLS proxy:
    /// `verbatim serve --secure-cookies`); requests that arrive over TLS get it anyway.
    public var secureCookies = false
    /// The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed
    /// (`verbatim serve --trusted-proxy ADDR`); none by default.
    public var trustedProxies: TrustedProxies = .none
    /// bcrypt's work factor for new password hashes (2^cost rounds; 12 by default, 4 at least).
    public var bcryptCost: UInt8 = PasswordHasher.defaultCost
    /// Seconds a resumable upload (tus) is kept after its last bytes arrived before it is removed (24 hours).
    public var uploadExpiry: TimeInterval = 24 * 3600
    /// Seconds a remote worker's signed link to a claimed job's media works (15 minutes).
    public var workerLinkLifetime: TimeInterval = 900
    /// The bearer token a Prometheus scraper sends to `GET /metrics` (`--metrics-token-file`); `nil`:
    /// only administrators read the metrics.
    public var metricsToken: String?
    /// `GET /health` fails when the data folder's file system has fewer free bytes (1 GiB).
    public var healthMinimumFreeBytes: Int64 = 1 << 30
    /// `GET /health` fails when a job ready to run has waited longer than this many seconds (6 hours).
    public var healthQueueWaitLimit: TimeInterval = 6 * 3600
    /// The time sessions and lock-outs read (tests move it forward).
    public var clock: ServiceClock = .system

    /// Creates a configuration; every value has the embedded default.
    public init(
        dataDirectory: URL = URL(fileURLWithPath: "data"), modelsDirectory: URL = URL(fileURLWithPath: "models"),
        host: String = "127.0.0.1", port: Int = 8080, workerCount: Int = 1, maxUploadBytes: Int64 = 4 << 30,
        leaseSeconds: Double = 30, webDirectory: URL? = nil
    ) {
        self.dataDirectory = dataDirectory.standardizedFileURL
        self.modelsDirectory = modelsDirectory.standardizedFileURL
        self.host = host
        self.port = port
        self.workerCount = workerCount
        self.maxUploadBytes = maxUploadBytes
        self.leaseSeconds = leaseSeconds
        self.webDirectory = webDirectory?.standardizedFileURL
    }

    /// The SQLite database file.
    public var databaseURL: URL { dataDirectory.appendingPathComponent("verbatim.sqlite") }
    /// The folder holding uploaded media files.
    public var mediaDirectory: URL { dataDirectory.appendingPathComponent("media", isDirectory: true) }
    /// The folder holding uploaded wearable files until a worker imports them.
    public var importsDirectory: URL { dataDirectory.appendingPathComponent("imports", isDirectory: true) }
    /// The folder of the resumable uploads in progress (``TusUploadRegistry``).
    public var resumableUploadsDirectory: URL { mediaDirectory.appendingPathComponent("tus", isDirectory: true) }
    /// The folder (0700) where exports are built before they are served, emptied at start.
    public var temporaryDirectory: URL { dataDirectory.appendingPathComponent("tmp", isDirectory: true) }
    /// The file that held hashed API tokens before the store had a token table (``TokenFileMigration``).
    public var tokensURL: URL { dataDirectory.appendingPathComponent("tokens.json") }

    /// Creates the data, media and imports directories if missing, readable by the service's user only (0700).
    public func prepareDirectories() throws {
        do {
            try PrivateFiles.createFolder(dataDirectory)
            try PrivateFiles.createFolder(mediaDirectory)
            try PrivateFiles.createFolder(importsDirectory)
        } catch {
            throw ServiceSetupError(
                "cannot create the data directory \(dataDirectory.path) (\(error.localizedDescription)); check permissions or pass --data")
        }
    }
}

/// The service could not start: a directory, the database or a port is unusable.
public struct ServiceSetupError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

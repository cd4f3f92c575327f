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
    /// The folder (0700) where exports are built before they are served, emptied at start.
    public var temporaryDirectory: URL { dataDirectory.appendingPathComponent("tmp", isDirectory: true) }
    /// The file holding hashed API tokens.
    public var tokensURL: URL { dataDirectory.appendingPathComponent("tokens.json") }

    /// Creates the data and media directories if missing, both readable by the service's user only (0700).
    public func prepareDirectories() throws {
        do {
            try PrivateFiles.createFolder(dataDirectory)
            try PrivateFiles.createFolder(mediaDirectory)
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

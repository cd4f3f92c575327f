import ArgumentParser
import Dispatch
import Foundation
import Logging
import Service
import Store
import Transcribe

/// Options shared by `serve`, `worker` and `admin`: where the data lives.
struct DataOptions: ParsableArguments {
    @Option(help: "The data directory (SQLite file, media folder, tokens).")
    var data: String = "data"

    @Option(help: "The store: postgres://USER:PASSWORD@HOST:PORT/DATABASE for PostgreSQL (else $VERBATIM_DATABASE, which keeps the password out of `ps`), or sqlite:FILE; default the SQLite file in --data.")
    var database: String?

    @Option(help: "The directory holding model weights (default: $VERBATIM_MODELS, ./models, or the one beside the executable's checkout).")
    var models: String?

    func validate() throws {
        _ = try storeAddress()
    }

    /// Where the store is: `--database`, else `$VERBATIM_DATABASE`, else `verbatim.sqlite` in `--data`.
    func storeAddress() throws -> DatabaseAddress {
        try DatabaseAddress.resolve(database, sqliteFallback: DatabaseAddress.sqliteFile(inDataFolder: data))
    }

    /// What a child worker needs to find the same store: the database address in its environment
    /// (not in its arguments, where `ps` would show a password); `validate()` has checked it.
    var childEnvironment: [String: String] {
        database.map { [DatabaseAddress.environmentVariable: $0] } ?? [:]
    }

    /// Creates the data folder and opens the store with the service's dependencies (the SQLite
    /// file is made when missing; a PostgreSQL database gets its tables on first use).
    func openBackend(configuration: ServiceConfiguration, masterKey: MasterKey?, logger: Logger) throws -> ServiceBackend {
        let address = try storeAddress()
        try configuration.prepareDirectories()
        let store = try address.open(creating: true, upgradeBackups: configuration.dataDirectory)
        if case .postgres = address { logger.notice("store on PostgreSQL", metadata: ["database": "\(address.redacted)"]) }
        return try ServiceBackend.open(store: store, configuration: configuration, masterKey: masterKey, logger: logger)
    }

    /// `--models` if given, else the folder ``ModelFolder/locate(environment:currentDirectory:executable:)``
    /// finds, else `./models` (the API runs without models; transcription jobs then fail saying so).
    var modelsDirectory: URL {
        if let models { return URL(fileURLWithPath: models) }
        return (try? ModelFolder.locate())?.url ?? URL(fileURLWithPath: "models")
    }
}

/// `verbatim serve`: the HTTP API and a pool of worker processes, in one command.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API and a pool of worker processes on the embedded store under ./data."
    )

    @OptionGroup var dataOptions: DataOptions

    @OptionGroup var keyOptions: MasterKeyOptions

    @Option(help: "Interface to listen on (anything but loopback needs --allow-plain-http: put a TLS proxy in front).")
    var host: String = "127.0.0.1"

    @Flag(help: "Allow plain HTTP on a non-loopback --host (only behind a TLS reverse proxy on another host of a protected network).")
    var allowPlainHttp = false

    @Option(
        name: .customLong("trusted-proxy"),
        help: "IP address of a reverse proxy whose X-Forwarded-For and X-Forwarded-Proto are believed (repeatable; default none).")
    var trustedProxies: [String] = []

    @Option(help: "A file holding the bearer token a Prometheus scraper sends to GET /metrics (administrators can read the metrics anyway).")
    var metricsTokenFile: String?

    @Option(help: "GET /health fails below this many free megabytes on the data folder's disk.")
    var minFreeMB: Int64 = 1024

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "Worker child processes to run (0 runs none: start `verbatim worker` separately).")
    var workers: Int = 1

    @Option(help: "Largest accepted upload, in megabytes.")
    var maxUploadMB: Int64 = 4096

    @Option(help: "Hours a resumable upload is kept after its last bytes before it is removed as abandoned.")
    var uploadExpiryHours: Double = 24

    @Option(help: "Job lease in seconds.")
    var lease: Double = 30

    @Option(help: "Seconds a connection may stay silent (no request, or a request that stops arriving) before it is closed.")
    var idleTimeout: Double = 30

    @Option(help: "Days an issued API token works unless its request asks for fewer (0: until revoked).")
    var tokenDays: Int = 90

    @Option(help: "The folder of the web pages (default: the copy beside the executable; Sources/Service/Web needs no rebuild).")
    var web: String?

    @Flag(help: "Mark session cookies Secure (behind a TLS proxy); requests that arrive over TLS get it anyway.")
    var secureCookies = false

    @Option(help: "bcrypt work factor for new password hashes (4 to 31; each step doubles the work).")
    var bcryptCost: Int = Int(PasswordHasher.defaultCost)

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard (0...64).contains(workers) else { throw ValidationError("--workers must be between 0 and 64.") }
        guard maxUploadMB > 0 else { throw ValidationError("--max-upload-mb must be positive.") }
        guard uploadExpiryHours > 0 else { throw ValidationError("--upload-expiry-hours must be positive.") }
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second.") }
        guard idleTimeout >= 1 else { throw ValidationError("--idle-timeout must be at least 1 second.") }
        guard tokenDays >= 0 else { throw ValidationError("--token-days must be 0 (no expiry) or more.") }
        guard (4...31).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost must be between 4 and 31.") }
        guard minFreeMB >= 0 else { throw ValidationError("--min-free-mb must be 0 or more.") }
    }

    func run() throws {
        try PlainHTTPPolicy.check(host: host, allowPlainHTTP: allowPlainHttp)
        let proxies = try TrustedProxies(trustedProxies)
        let metricsToken = try metricsTokenFile.map { try MetricsToken.read(from: URL(fileURLWithPath: $0)) }
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "verbatim.serve")
        let webDirectory = try web.map { try WebDirectory.validate(URL(fileURLWithPath: $0)) } ?? WebDirectory.bundled()
        if webDirectory == nil {
            logger.warning("the web pages were not found beside the executable; only the API is served (pass --web DIR)")
        }
        var settings = ServiceConfiguration(
            dataDirectory: URL(fileURLWithPath: dataOptions.data), modelsDirectory: dataOptions.modelsDirectory, host: host,
            port: port, workerCount: workers, maxUploadBytes: maxUploadMB << 20, leaseSeconds: lease,
            webDirectory: webDirectory)
        settings.idleTimeout = idleTimeout
        settings.uploadExpiry = uploadExpiryHours * 3600
        settings.tokenLifetime = tokenDays == 0 ? nil : Double(tokenDays) * 86_400
        settings.secureCookies = secureCookies
        settings.trustedProxies = proxies
        settings.metricsToken = metricsToken
        settings.healthMinimumFreeBytes = minFreeMB << 20
        settings.bcryptCost = UInt8(bcryptCost)
        let configuration = settings
        if ModelFolder(url: configuration.modelsDirectory).whisperModels.isEmpty {
            logger.warning(
                "no Whisper model in the models folder; transcription jobs will fail (run models/fetch, or pass --models DIR)",
                metadata: ["models": "\(configuration.modelsDirectory.path)"])
        }
        let masterKey = try keyOptions.masterKey(dataFolder: configuration.dataDirectory)
        let backend = try dataOptions.openBackend(configuration: configuration, masterKey: masterKey, logger: logger)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let resolved = Bundle.main.executableURL ?? executable
        let pool = WorkerPool(
            executable: resolved,
            arguments: [
                "worker", "--data", configuration.dataDirectory.path, "--models", configuration.modelsDirectory.path, "--lease", "\(lease)",
                "--exit-with-parent",
            ] + keyOptions.childArguments,
            environment: dataOptions.childEnvironment,
            count: workers, logger: Logger(label: "verbatim.workers"))
        let services: [WorkerPool] = workers > 0 ? [pool] : []
        try runBlocking {
            try await VerbatimServer.serve(backend: backend, services: services) { port in
                logger.info(
                    "listening",
                    metadata: [
                        "host": "\(configuration.host)", "port": "\(port)", "data": "\(configuration.dataDirectory.path)",
                        "models": "\(configuration.modelsDirectory.path)",
                        "pages": "\(webDirectory == nil ? "none" : "http://\(configuration.host):\(port)/")",
                    ])
            }
        }
    }
}

/// Runs async work from a synchronous command (the root command is synchronous) and waits for it.
func runBlocking(_ body: @escaping @Sendable () async throws -> Void) throws {
    let outcome = BlockingOutcome()
    let semaphore = DispatchSemaphore(value: 0)
    Task {
        do { try await body() } catch { outcome.set(error) }
        semaphore.signal()
    }
    semaphore.wait()
    if let error = outcome.error { throw error }
}

/// The error of a ``runBlocking(_:)`` body, handed from the task to the waiting thread.
final class BlockingOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ error: any Error) { lock.withLock { stored = error } }
    var error: (any Error)? { lock.withLock { stored } }
}

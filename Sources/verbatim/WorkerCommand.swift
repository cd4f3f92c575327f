import ArgumentParser
import Foundation
import Logging
import Service
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `verbatim worker`: claim and run jobs until SIGTERM, from the store's queue on this machine, or
/// with `--server URL` from a Verbatim server's worker API (no database or media folder needed).
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Claim transcription jobs from the queue and run them (SIGTERM: finish or hand back the job, then exit)."
    )

    @OptionGroup var dataOptions: DataOptions

    @OptionGroup var keyOptions: MasterKeyOptions

    @Option(help: "Job lease in seconds; the worker renews it every third of this.")
    var lease: Double = 30

    @Option(help: "Seconds a running job may go on after SIGTERM before it is handed back.")
    var grace: Double = 60

    @Option(help: "A Verbatim server's address (https://...): take jobs over its worker API instead of the local store.")
    var server: String?

    @Option(help: "A file holding the worker token (with --server); else $VERBATIM_WORKER_TOKEN.")
    var tokenFile: String?

    @Option(help: "The worker token (with --server). Visible to other users in `ps`: prefer --token-file or $VERBATIM_WORKER_TOKEN.")
    var token: String?

    @Flag(help: "Process at most one job, then exit.")
    var once = false

    @Flag(help: "Stop (as on SIGTERM) when standard input closes: `verbatim serve` holds a pipe there, so its workers stop when it dies.")
    var exitWithParent = false

    func validate() throws {
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second.") }
        guard grace >= 0 else { throw ValidationError("--grace must not be negative.") }
        if let server {
            guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("--server must be an http:// or https:// address, such as https://verbatim.example.org.")
            }
            guard lease >= 5 else { throw ValidationError("--lease must be at least 5 seconds with --server.") }
        } else if token != nil || tokenFile != nil {
            throw ValidationError("--token and --token-file go with --server.")
        }
    }

    /// The worker token: `--token`, else the contents of `--token-file`, else `$VERBATIM_WORKER_TOKEN`.
    func workerToken() throws -> String {
        if let token { return token }
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw ValidationError("Cannot read the token file \(tokenFile).")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let value = ProcessInfo.processInfo.environment["VERBATIM_WORKER_TOKEN"], !value.isEmpty { return value }
        throw ValidationError("--server needs a worker token: --token-file FILE, or $VERBATIM_WORKER_TOKEN (an administrator issues one with POST /worker-tokens).")
    }

    func run() throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "verbatim.worker")
        let source: any JobSource
        let configuration: ServiceConfiguration
        if let server, let url = URL(string: server) {
            // Nothing of the server's on this machine: media are downloaded to a folder of this process's own.
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                "verbatim-worker-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
            configuration = ServiceConfiguration(dataDirectory: scratch, modelsDirectory: dataOptions.modelsDirectory, leaseSeconds: lease)
            source = RemoteJobSource(server: url, token: try workerToken(), downloads: scratch, logger: logger)
        } else {
            configuration = ServiceConfiguration(
                dataDirectory: URL(fileURLWithPath: dataOptions.data), modelsDirectory: dataOptions.modelsDirectory,
                leaseSeconds: lease)
            let masterKey = try keyOptions.masterKey(dataFolder: configuration.dataDirectory)
            let backend = try dataOptions.openBackend(configuration: configuration, masterKey: masterKey, logger: logger)
            source = LocalJobSource(store: backend.store, media: backend.media)
        }
        let shutdown = ShutdownSignal()
        // A plain handler installed in one step, so no SIGTERM is lost between startup and the first poll;
        // the signals are unblocked first, as a parent may have spawned this process with them blocked.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTERM)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for number in [SIGTERM, SIGINT] {
            signal(number) { _ in stopRequested.store(true, ordering: .relaxed) }
        }
        if exitWithParent { ParentWatch.start() }
        let watcher = Task {
            while !Task.isCancelled {
                if stopRequested.load(ordering: .relaxed) {
                    logger.info("stop requested")
                    shutdown.request()
                    return
                }
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        var worker = Worker(source: source, configuration: configuration, logger: logger, shutdown: shutdown)
        worker.shutdownGrace = grace
        let once = once, remote = server != nil
        defer { if remote { try? FileManager.default.removeItem(at: configuration.dataDirectory) } }
        try runBlocking { [worker] in
            if once {
                _ = try await worker.runOnce()
            } else if remote {
                // A server out of reach for a while (restart, network) is waited for, not a reason to exit.
                while !shutdown.isRequested {
                    do {
                        try await worker.run()
                    } catch {
                        logger.warning("the server's worker API failed; trying again in 5 s", metadata: ["error": "\(error)"])
                        for _ in 0..<50 where !shutdown.isRequested { try await Task.sleep(nanoseconds: 100_000_000) }
                    }
                }
            } else {
                try await worker.run()
            }
        }
        watcher.cancel()
    }
}

/// Set by the SIGTERM/SIGINT handler; polled by the worker command.
let stopRequested = Atomic<Bool>(false)

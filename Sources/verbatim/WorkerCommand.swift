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

/// `verbatim worker`: claim and run jobs from the store's queue until SIGTERM.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Claim transcription jobs from the queue and run them (SIGTERM: finish or hand back the job, then exit)."
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Job lease in seconds; the worker renews it every third of this.")
    var lease: Double = 30

    @Option(help: "Seconds a running job may go on after SIGTERM before it is handed back.")
    var grace: Double = 60

    @Flag(help: "Process at most one job, then exit.")
    var once = false

    @Flag(help: "Stop (as on SIGTERM) when standard input closes: `verbatim serve` holds a pipe there, so its workers stop when it dies.")
    var exitWithParent = false

    func validate() throws {
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second.") }
        guard grace >= 0 else { throw ValidationError("--grace must not be negative.") }
    }

    func run() throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "verbatim.worker")
        let configuration = ServiceConfiguration(
            dataDirectory: URL(fileURLWithPath: dataOptions.data), modelsDirectory: dataOptions.modelsDirectory,
            leaseSeconds: lease)
        let backend = try ServiceBackend.open(configuration: configuration, logger: logger)
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
        var worker = Worker(store: backend.store, configuration: configuration, logger: logger, shutdown: shutdown)
        worker.shutdownGrace = grace
        let once = once
        try runBlocking { [worker] in
            if once { _ = try await worker.runOnce() } else { try await worker.run() }
        }
        watcher.cancel()
    }
}

/// Set by the SIGTERM/SIGINT handler; polled by the worker command.
let stopRequested = Atomic<Bool>(false)

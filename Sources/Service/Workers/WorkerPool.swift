import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps `count` worker child processes (`verbatim worker ...`) running beside the HTTP server,
/// restarting any that exits, with a growing delay when one keeps crashing. On graceful shutdown
/// it sends SIGTERM to each (they finish or hand back their job) and SIGKILL after `stopTimeout`.
///
/// Each worker's standard input is a pipe whose write end only this process holds: when it dies,
/// even by SIGKILL, the kernel closes it, and a worker started with `--exit-with-parent` sees the
/// end of its input and stops instead of claiming jobs beside the next server's pool.
public final class WorkerPool: Service, Sendable {
    private struct Slot {
        var process: Process?
        /// Held open for the worker's life (see the type's description).
        var lifeline: Pipe?
        var startedAt = Date()
        var restartDelay = 0.5
    }

    private struct State {
        var slots: [Slot]
        var stopping = false
        var restarts = 0
    }

    let executable: URL
    let arguments: [String]
    /// Variables added to the inherited environment of each worker (such as the database address).
    let environment: [String: String]
    let logger: Logger
    let stopTimeout: Double
    private let state: Mutex<State>

    /// Seconds a stopping pool waits for its workers to finish or hand back their job before SIGKILL
    /// (a service manager's stop timeout must be longer: deploy/systemd/verbatim.service).
    public static let defaultStopTimeout: Double = 60

    /// Creates a pool that runs `executable arguments...` `count` times, each with `environment`
    /// added to this process's environment.
    public init(
        executable: URL, arguments: [String], environment: [String: String] = [:], count: Int,
        stopTimeout: Double = defaultStopTimeout, logger: Logger
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.logger = logger
        self.stopTimeout = stopTimeout
        self.state = Mutex(State(slots: Array(repeating: Slot(), count: count)))
    }

    /// The process identifiers of the running workers.
    public var processIdentifiers: [Int32] {
        state.withLock { $0.slots.compactMap { $0.process?.isRunning == true ? $0.process?.processIdentifier : nil } }
    }

    /// How many times a worker was restarted after exiting.
    public var restarts: Int { state.withLock { $0.restarts } }
    /// Worker processes the pool keeps.
    public var count: Int { state.withLock { $0.slots.count } }
    /// Worker processes alive now.
    public var runningCount: Int { state.withLock { $0.slots.filter { $0.process?.isRunning == true }.count } }

    /// Starts the workers, waits for graceful shutdown, then stops them.
    public func run() async throws {
        start()
        try? await gracefulShutdown()
        await stopAll()
    }

    /// Starts every worker process (``run()`` does this; call it directly outside a service group).
    public func start() {
        let count = state.withLock { $0.slots.count }
        for index in 0..<count { start(index) }
    }

    private func start(_ index: Int) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.merging(self.environment) { $1 }
        if environment["OPENBLAS_NUM_THREADS"] == nil {
            // Workers share the cores: give each an equal share of BLAS threads instead of one per core each.
            let count = state.withLock { $0.slots.count }
            environment["OPENBLAS_NUM_THREADS"] = "\(max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, count)))"
        }
        process.environment = environment
        process.terminationHandler = { [weak self] finished in
            self?.exited(index, process: finished)
        }
        let lifeline = Pipe()
        // Only the worker's standard input (a copy made at spawn) may outlive this process: no other child inherits the write end.
        _ = fcntl(lifeline.fileHandleForWriting.fileDescriptor, F_SETFD, FD_CLOEXEC)
        _ = fcntl(lifeline.fileHandleForReading.fileDescriptor, F_SETFD, FD_CLOEXEC)
        process.standardInput = lifeline
        do {
            try process.run()
            state.withLock {
                $0.slots[index].lifeline = lifeline
                $0.slots[index].process = process
                $0.slots[index].startedAt = Date()
            }
            logger.info("worker process started", metadata: ["slot": "\(index)", "pid": "\(process.processIdentifier)"])
        } catch {
            logger.error("cannot start a worker process", metadata: ["error": "\(error)", "executable": "\(executable.path)"])
        }
    }

    private func exited(_ index: Int, process: Process) {
        let delay: Double? = state.withLock { state in
            guard !state.stopping, state.slots[index].process === process else { return nil }
            let lived = Date().timeIntervalSince(state.slots[index].startedAt)
            state.slots[index].restartDelay = lived > 30 ? 0.5 : min(30, state.slots[index].restartDelay * 2)
            state.slots[index].process = nil
            state.slots[index].lifeline = nil
            state.restarts += 1
            return state.slots[index].restartDelay
        }
        guard let delay else { return }
        logger.warning(
            "worker process exited; restarting",
            metadata: [
                "slot": "\(index)", "status": "\(process.terminationStatus)",
                "reason": "\(process.terminationReason == .uncaughtSignal ? "signal" : "exit")", "delay": "\(delay)",
            ])
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self, !self.state.withLock({ $0.stopping }) else { return }
            self.start(index)
        }
    }

    /// Sends SIGTERM to every worker and waits for them, then SIGKILLs stragglers.
    public func stopAll() async {
        let processes = state.withLock { state -> [Process] in
            state.stopping = true
            return state.slots.compactMap(\.process)
        }
        for process in processes where process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(stopTimeout)
        while processes.contains(where: \.isRunning), Date() < deadline {
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
        for process in processes where process.isRunning {
            logger.warning("worker did not stop in time; killing it", metadata: ["pid": "\(process.processIdentifier)"])
            kill(process.processIdentifier, SIGKILL)
        }
        while processes.contains(where: \.isRunning) { try? await Task.sleep(nanoseconds: 50_000_000) }
        logger.info("worker processes stopped")
    }
}

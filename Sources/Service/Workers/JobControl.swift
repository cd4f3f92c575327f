import Foundation
import Synchronization

/// Shared state between a job's pipeline thread and the task renewing its lease.
final class JobControl: Sendable {
    private struct State {
        var progress = 0.0
        var leaseLost = false
        var handBack = false
    }

    private let state = Mutex(State())

    /// The pipeline's latest progress in 0...1.
    var progress: Double { state.withLock { $0.progress } }
    /// Whether the store said the worker no longer holds the job (cancelled, or lease expired).
    var leaseLost: Bool { state.withLock { $0.leaseLost } }
    /// Whether the worker is shutting down and gives the job back.
    var handBack: Bool { state.withLock { $0.handBack } }

    /// Records progress.
    func report(_ value: Double) { state.withLock { $0.progress = value } }
    /// Marks the lease lost: the pipeline stops at its next step.
    func loseLease() { state.withLock { $0.leaseLost = true } }
    /// Asks the pipeline to stop so the job can be handed back.
    func requestHandBack() { state.withLock { $0.handBack = true } }
    /// Whether the pipeline should stop.
    var shouldStop: Bool { state.withLock { $0.leaseLost || $0.handBack } }
}

/// Set when the worker process is asked to stop (SIGTERM): it claims no new job, finishes the
/// current one within a grace period, and otherwise hands it back.
public final class ShutdownSignal: Sendable {
    private let requestedAt = Mutex<Date?>(nil)

    /// Creates an unset signal.
    public init() {}

    /// Requests shutdown (idempotent).
    public func request() { requestedAt.withLock { if $0 == nil { $0 = Date() } } }
    /// When shutdown was requested, or `nil`.
    public var requested: Date? { requestedAt.withLock { $0 } }
    /// Whether shutdown was requested.
    public var isRequested: Bool { requested != nil }
}

/// Runs blocking work on a new thread with a large stack (decoding, inference) and awaits it.
enum DedicatedThread {
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.stackSize = 16 << 20
            thread.start()
        }
    }
}

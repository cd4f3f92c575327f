import Foundation

/// Life-cycle state of a ``Job``.
public enum JobState: String, Codable, Sendable, Hashable, CaseIterable {
    /// Waiting to be claimed (possibly not before `runAfter`).
    case queued
    /// Claimed by a worker holding a lease.
    case running
    /// Completed by a worker.
    case succeeded
    /// Failed for good (error not retryable, or attempts exhausted).
    case failed
    /// Cancelled by a user; never claimed again.
    case cancelled
}

/// A unit of background work (transcribe a recording, import a wearable file...).
public struct Job: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// What to do (`transcribe`, `import-biometrics`...); workers claim by kind.
    public var kind: String
    /// Parameters, usually JSON.
    public var payload: String
    /// The study concerned, if any.
    public var studyID: Int64?
    /// Current state.
    public var state: JobState
    /// Higher runs first.
    public var priority: Int
    /// Times the job was claimed.
    public var attempts: Int
    /// Claims allowed before a failure is final.
    public var maxAttempts: Int
    /// Not claimed before this time (UTC): used for retry backoff.
    public var runAfter: Date
    /// Worker holding the lease while `running`.
    public var leaseOwner: String?
    /// When the lease lapses; another worker may then claim the job again.
    public var leaseExpiresAt: Date?
    /// Progress in 0...1 reported by the worker.
    public var progress: Double
    /// The last error message.
    public var error: String?
    /// The result written on success, usually JSON.
    public var result: String?
    /// When the job was enqueued (UTC).
    public var createdAt: Date
    /// When the job last changed (UTC); for a finished job, when it finished.
    public var updatedAt: Date
    /// When a worker last claimed the job (UTC), `nil` until one does; a finished job ran from
    /// here to `updatedAt`.
    public var startedAt: Date?

    /// Creates a queued job value.
    public init(
        id: Int64? = nil, kind: String, payload: String, studyID: Int64? = nil, state: JobState = .queued,
        priority: Int = 0, attempts: Int = 0, maxAttempts: Int = 3, runAfter: Date = Date(), leaseOwner: String? = nil,
        leaseExpiresAt: Date? = nil, progress: Double = 0, error: String? = nil, result: String? = nil,
        createdAt: Date = Date(), updatedAt: Date = Date(), startedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.studyID = studyID
        self.state = state
        self.priority = priority
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAfter = runAfter
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.progress = progress
        self.error = error
        self.result = result
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.startedAt = startedAt
    }
}

/// Exponential backoff between attempts of a failed job.
public struct RetryPolicy: Sendable, Hashable {
    /// Delay before the second attempt, in seconds.
    public var baseDelay: Double
    /// Longest delay, in seconds.
    public var maxDelay: Double

    /// Creates a policy; the delay after attempt `n` is `min(maxDelay, baseDelay × 2^(n-1))`.
    public init(baseDelay: Double = 5, maxDelay: Double = 600) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Seconds to wait after the `attempt`-th attempt failed (attempt counts from 1).
    public func delay(afterAttempt attempt: Int) -> Double {
        let exponent = Double(max(0, attempt - 1))
        return min(maxDelay, baseDelay * pow(2, exponent))
    }
}

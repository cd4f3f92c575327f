import Foundation
import Store

/// What `GET /health` answers: an overall state and one entry per check. It holds counts, ages
/// and sizes, and the names remote workers claim jobs under; never a person's name, a path or an
/// error text that could reveal personal data.
public struct HealthReport: Codable, Sendable, Hashable {
    /// The state of a check, or of the whole service.
    public enum State: String, Codable, Sendable {
        /// Working.
        case ok
        /// Not working: the service answers 503.
        case failing
    }

    /// The store answers a read.
    public struct StoreCheck: Codable, Sendable, Hashable {
        /// The check's state.
        public var status: State
        /// Milliseconds the read took.
        public var milliseconds: Double
    }

    /// The media folder is writable and its disk has room.
    public struct MediaCheck: Codable, Sendable, Hashable {
        /// The check's state.
        public var status: State
        /// Whether a file could be written and removed there.
        public var writable: Bool
        /// Free bytes on the data folder's file system.
        public var freeBytes: Int64
        /// Below this many free bytes the check fails.
        public var minimumFreeBytes: Int64
    }

    /// A remote worker and when it last called the worker API.
    public struct RemoteWorker: Codable, Sendable, Hashable {
        /// The lease owner it works as (`token-<id>/<name>`).
        public var worker: String
        /// When it last called.
        public var lastHeardAt: Date
        /// Seconds since then.
        public var lastHeardSeconds: Double
    }

    /// The workers: local processes and remote workers.
    ///
    /// Fails when a local worker process is missing, or when jobs are ready to run and no worker
    /// has been heard from for longer than a lease (no local process alive, no remote worker
    /// calling): nothing would ever take them.
    public struct WorkersCheck: Codable, Sendable, Hashable {
        /// The check's state.
        public var status: State
        /// Worker processes `verbatim serve` was asked to run.
        public var localExpected: Int
        /// Worker processes alive now.
        public var localRunning: Int
        /// Running jobs whose worker (local or remote) stopped renewing its lease.
        public var expiredLeases: Int
        /// The lease, in seconds: a worker silent for longer is not counted on.
        public var leaseSeconds: Double
        /// Jobs ready to run now.
        public var readyJobs: Int
        /// Seconds since any worker was last heard from (a local process alive counts as now);
        /// `nil` when none ever was.
        public var lastHeardSeconds: Double?
        /// The remote workers this server has heard from since it started, by name.
        public var remote: [RemoteWorker]
    }

    /// The job queue.
    public struct QueueCheck: Codable, Sendable, Hashable {
        /// The check's state.
        public var status: State
        /// Jobs waiting for a worker.
        public var queued: Int
        /// Jobs being run.
        public var running: Int
        /// Seconds the oldest job ready to run has waited (0 when none waits).
        public var oldestQueuedSeconds: Double
        /// Past this wait the check fails: no worker is taking jobs.
        public var maximumWaitSeconds: Double
    }

    /// `ok` when every check is.
    public var status: State
    /// The store.
    public var store: StoreCheck
    /// The media folder.
    public var media: MediaCheck
    /// The workers.
    public var workers: WorkersCheck
    /// The queue.
    public var queue: QueueCheck
}

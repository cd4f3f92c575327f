import Foundation
import Store

/// What `GET /health` answers: an overall state and one entry per check. It holds counts, ages
/// and sizes only, never a name, a path or an error text that could reveal personal data.
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

    /// The worker processes.
    public struct WorkersCheck: Codable, Sendable, Hashable {
        /// The check's state.
        public var status: State
        /// Worker processes `verbatim serve` was asked to run.
        public var localExpected: Int
        /// Worker processes alive now.
        public var localRunning: Int
        /// Running jobs whose worker (local or remote) stopped renewing its lease.
        public var expiredLeases: Int
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

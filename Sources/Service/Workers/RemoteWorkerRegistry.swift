import Foundation
import Synchronization

/// The remote workers (``RemoteJobSource``) this server has heard from through the worker API,
/// and when: what `GET /health` and `GET /metrics` report about them.
///
/// Every claim, renewal, completion or failure counts, whether or not a job was handed out (an
/// idle worker asks for one every half second). Kept in memory: a restarted server hears from
/// each worker again at its next request.
public final class RemoteWorkerRegistry: Sendable {
    /// One worker and when it last called.
    public struct Sighting: Sendable, Hashable {
        /// The lease owner it works as (`token-<id>/<name>`).
        public var worker: String
        /// When it last called the worker API.
        public var lastHeardAt: Date
    }

    /// The most workers remembered; past it, the one heard from longest ago is forgotten.
    static let limit = 1000

    private let clock: ServiceClock
    private let seen = Mutex<[String: Date]>([:])

    /// An empty registry reading `clock`.
    public init(clock: ServiceClock = .system) {
        self.clock = clock
    }

    /// Notes a call from `worker` now.
    func heard(_ worker: String) {
        let now = clock.now()
        seen.withLock { seen in
            seen[worker] = now
            if seen.count > Self.limit, let oldest = seen.min(by: { $0.value < $1.value })?.key { seen[oldest] = nil }
        }
    }

    /// Every worker heard from, by name.
    public var sightings: [Sighting] {
        seen.withLock { $0.map { Sighting(worker: $0.key, lastHeardAt: $0.value) } }.sorted { $0.worker < $1.worker }
    }
}

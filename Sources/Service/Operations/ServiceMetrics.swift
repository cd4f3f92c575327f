import Foundation
import Prometheus
import Store
import Synchronization

/// The server's Prometheus metrics (swift-prometheus), one registry per server: request
/// latencies per route pattern (never a raw path with its ids), method and status, recorded as
/// requests end; the job queue, workers (local processes, remote workers heard within a lease),
/// free disk and store size, read at each scrape; and the run time of every job that finished
/// since the server started, by kind and outcome, read from the store at each scrape
/// (``FinishedJobCursor``).
public final class ServiceMetrics: Sendable {
    /// The registry `GET /metrics` emits.
    public let registry = PrometheusCollectorRegistry()
    /// Upper bounds of the request latency buckets.
    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]
    /// Upper bounds of the job duration buckets: a short import to a long interview's transcription.
    static let jobBuckets: [Duration] = [
        .seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
        .seconds(1200), .seconds(1800), .seconds(3600), .seconds(7200), .seconds(14400),
    ]
    /// The (state, kind) pairs of the queue gauges set so far: set back to 0 when no job has them.
    private let queueLabels = Mutex<Set<[String]>>([])
    /// The finished jobs already in the duration histogram.
    private let finishedJobs = Mutex(FinishedJobCursor(start: Date()))

    /// Creates an empty registry.
    public init() {}

    /// Records one request's latency under its route pattern (`/recordings/{recordingID}/media`).
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "verbatim", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                helpText: "HTTP request latencies by route pattern, method and status."),
            labels: [("route", route), ("method", method), ("status", "\(status)")], buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// Reads the queue, the workers, the disk and the store's size into the gauges, then emits the exposition text.
    func scrape(backend: ServiceBackend, workers: WorkerPool?) async throws -> [UInt8] {
        var counts: [[String]: Int] = [:]
        for state in [JobState.queued, .running] {
            for job in try await backend.store.jobs(state: state) { counts[[state.rawValue, job.kind], default: 0] += 1 }
        }
        let stale = queueLabels.withLock { known in
            let gone = known.subtracting(counts.keys)
            known.formUnion(counts.keys)
            return gone
        }
        for labels in stale { gauge("jobs", "", "Jobs by state and kind.", [("state", labels[0]), ("kind", labels[1])]).set(Double(0)) }
        for (labels, count) in counts {
            gauge("jobs", "", "Jobs by state and kind.", [("state", labels[0]), ("kind", labels[1])]).set(Double(count))
        }
        try await recordFinishedJobs(backend.store)
        gauge("workers", "", "Workers alive: local processes, and remote workers heard from within a lease.", [("place", "local")])
            .set(Double(workers?.runningCount ?? 0))
        let heardSince = backend.configuration.clock.now().addingTimeInterval(-backend.configuration.leaseSeconds)
        gauge("workers", "", "Workers alive: local processes, and remote workers heard from within a lease.", [("place", "remote")])
            .set(Double(backend.remoteWorkers.sightings.filter { $0.lastHeardAt >= heardSince }.count))
        gauge("workers_expected", "", "Worker processes this server was asked to keep.", []).set(Double(workers?.count ?? 0))
        let configuration = backend.configuration
        let (free, size) = try await BlockingWork.run {
            (DiskSpace.freeBytes(at: configuration.dataDirectory) ?? 0, Self.storeSize(configuration))
        }
        gauge("data_disk_free", "bytes", "Free bytes on the data folder's file system.", []).set(Double(free))
        if backend.store is SQLiteStore {  // a PostgreSQL server reports its own sizes
            gauge("store_size", "bytes", "Bytes of the SQLite store (database and write-ahead log).", []).set(Double(size))
        }
        return registry.emitToBuffer()
    }

    /// Puts the run time (last claim to finish) of the jobs finished since the last scrape into the
    /// `verbatim_job_duration_seconds` histogram, by kind and outcome (succeeded, failed, cancelled).
    private func recordFinishedJobs(_ store: any Store) async throws {
        let since = finishedJobs.withLock { $0.since }
        let read = try await store.finishedJobs(since: since, limit: 10_000)
        let new = finishedJobs.withLock { $0.take(read) }
        for job in new {
            guard let started = job.startedAt else { continue }  // cancelled before any worker claimed it
            registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(
                    namespace: "verbatim", subsystem: "job", metricName: "duration", unitName: "seconds",
                    helpText: "Run time of finished jobs, from their last claim to their end, by kind and outcome."),
                labels: [("kind", job.kind), ("outcome", job.state.rawValue)], buckets: Self.jobBuckets
            ).record(.seconds(max(0, job.updatedAt.timeIntervalSince(started))))
        }
    }

    private func gauge(_ name: String, _ unit: String, _ help: String, _ labels: [(String, String)]) -> Gauge {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "verbatim", metricName: name, unitName: unit, helpText: help), labels: labels)
    }

    /// The database file and its write-ahead log, in bytes.
    static func storeSize(_ configuration: ServiceConfiguration) -> Int64 {
        let database = configuration.databaseURL.path
        return [database, database + "-wal"].reduce(Int64(0)) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}

import Foundation
import Logging
import Store

/// Runs the checks of `GET /health` (``HealthReport``): a store read, a write in the media
/// folder and its free space, the local worker processes and running jobs' leases, and how long
/// the oldest ready job has waited.
struct HealthCheck: Sendable {
    let backend: ServiceBackend
    /// The local worker processes (`nil` when this server runs none).
    let workers: WorkerPool?

    func run() async -> HealthReport {
        let now = backend.configuration.clock.now()
        let started = ContinuousClock.now
        var queued: [Job] = [], running: [Job] = []
        var storeState = HealthReport.State.ok
        do {
            queued = try await backend.store.jobs(state: .queued)
            running = try await backend.store.jobs(state: .running)
        } catch {
            storeState = .failing
            backend.logger.error("health: the store did not answer", metadata: ["error": "\(error)"])
        }
        let elapsed = started.duration(to: .now)
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15

        let configuration = backend.configuration
        let media =
            (try? await BlockingWork.run { Self.media(configuration) })
            ?? .init(status: .failing, writable: false, freeBytes: 0, minimumFreeBytes: configuration.healthMinimumFreeBytes)

        let expected = workers?.count ?? 0
        let alive = workers?.runningCount ?? 0
        let expired = running.filter { ($0.leaseExpiresAt ?? now) < now }.count
        let ready = queued.filter { $0.runAfter <= now }
        let remote = backend.remoteWorkers.sightings.map {
            HealthReport.RemoteWorker(worker: $0.worker, lastHeardAt: $0.lastHeardAt, lastHeardSeconds: now.timeIntervalSince($0.lastHeardAt))
        }
        let lastHeard = alive > 0 ? 0 : remote.map(\.lastHeardSeconds).min()
        // A server that has just started gives its workers one lease to call.
        let silent = (lastHeard ?? now.timeIntervalSince(backend.startedAt)) > configuration.leaseSeconds
        let workersState: HealthReport.State = alive < expected || (!ready.isEmpty && silent) ? .failing : .ok

        let oldest = ready.map { now.timeIntervalSince(max($0.createdAt, $0.runAfter)) }.max() ?? 0
        let limit = backend.configuration.healthQueueWaitLimit
        let queueState: HealthReport.State = storeState == .failing || oldest > limit ? .failing : .ok

        let all = [storeState, media.status, workersState, queueState]
        return HealthReport(
            status: all.contains(.failing) ? .failing : .ok,
            store: .init(status: storeState, milliseconds: milliseconds),
            media: media,
            workers: .init(
                status: workersState, localExpected: expected, localRunning: alive, expiredLeases: expired,
                leaseSeconds: configuration.leaseSeconds, readyJobs: ready.count, lastHeardSeconds: lastHeard, remote: remote),
            queue: .init(
                status: queueState, queued: queued.count, running: running.count, oldestQueuedSeconds: oldest,
                maximumWaitSeconds: limit))
    }

    /// Writes and removes a small file in the media folder and reads the file system's free space.
    static func media(_ configuration: ServiceConfiguration) -> HealthReport.MediaCheck {
        let probe = configuration.mediaDirectory.appendingPathComponent(".health-\(UUID().uuidString)")
        let writable = FileManager.default.createFile(atPath: probe.path, contents: Data("ok".utf8))
        if writable { try? FileManager.default.removeItem(at: probe) }
        let free = DiskSpace.freeBytes(at: configuration.dataDirectory) ?? 0
        let minimum = configuration.healthMinimumFreeBytes
        return .init(status: writable && free >= minimum ? .ok : .failing, writable: writable, freeBytes: free, minimumFreeBytes: minimum)
    }
}

import Foundation
import Store

/// Which finished jobs `GET /metrics` has already put into the job-duration histogram.
///
/// Workers finish jobs in other processes (local children write to the store, remote workers
/// through the API), so durations are read from the store at each scrape rather than recorded
/// where a job ends. A job's finishing time is taken before its transaction commits: a job may
/// appear after a newer one was seen, so each scrape reads again from ``lookback`` seconds before
/// the newest finish seen, and skips the jobs already recorded.
struct FinishedJobCursor: Sendable {
    /// How far before the newest finish seen each scrape reads again, in seconds.
    static let lookback: TimeInterval = 120

    /// Where the next scrape starts reading.
    private(set) var since: Date
    private var recorded: [Int64: Date] = [:]

    /// A cursor that counts the jobs finishing from `start` on.
    init(start: Date) {
        since = start
    }

    /// The jobs of `finished` (read from ``since``) not recorded yet; remembers them and moves on.
    mutating func take(_ finished: [Job]) -> [Job] {
        var new: [Job] = []
        for job in finished {
            guard let id = job.id, recorded[id] == nil else { continue }
            recorded[id] = job.updatedAt
            new.append(job)
        }
        if let newest = finished.map(\.updatedAt).max() { since = max(since, newest.addingTimeInterval(-Self.lookback)) }
        recorded = recorded.filter { $0.value >= since }
        return new
    }
}

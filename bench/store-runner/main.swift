// Job-claim throughput of the store on SQLite and on PostgreSQL, in one run (bench/store).
//
// For each backend and each number of claimers: a fresh store, `jobs` queued jobs, then the
// claimers (each a store of its own on the same database, as worker processes would be: SQLite,
// its own connections to the one file; PostgreSQL, its own connection pool) claim and complete
// jobs until none is left. Prints jobs/s (claim + complete) and the ratio to SQLite's figure for
// the same number of claimers, measured in the same run.
//
// Usage: StoreBench POSTGRES_URL [jobs] [claimers...]   (default 2000 jobs; 1 4 16 claimers)
import Foundation
import PostgresStore
import Store

/// One backend under test: opens a fresh, empty store, then more stores on that same database.
struct Backend {
    let name: String
    let fresh: () async throws -> (any JobQueueStore, () async throws -> any JobQueueStore, () -> Void)
}

/// Jobs per second for `claimers` claimers draining `jobCount` jobs on a fresh store of `backend`.
func measure(_ backend: Backend, claimers: Int, jobCount: Int) async throws -> Double {
    let (store, another, close) = try await backend.fresh()
    defer { close() }
    for n in 0..<jobCount {
        _ = try await store.enqueue(kind: "transcribe", payload: "{\"n\":\(n)}", studyID: nil, priority: 0, maxAttempts: 3)
    }
    var stores: [any JobQueueStore] = []
    for _ in 0..<claimers { stores.append(try await another()) }
    let clock = ContinuousClock()
    let started = clock.now
    let done = try await withThrowingTaskGroup(of: Int.self) { group in
        for (index, claimer) in stores.enumerated() {
            group.addTask {
                var count = 0
                for _ in 0...jobCount {
                    guard let job = try await claimer.claimJob(worker: "bench-\(index)", kinds: [], lease: 300) else { break }
                    try await claimer.completeJob(jobID: job.id!, worker: "bench-\(index)", result: "{}")
                    count += 1
                }
                return count
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = started.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    guard done == jobCount else {
        print("error: \(backend.name) with \(claimers) claimers completed \(done) of \(jobCount) jobs")
        exit(1)
    }
    return Double(jobCount) / seconds
}


/// Measures every number of claimers on both backends and prints the table.
func run(_ arguments: [String]) async throws {
    guard arguments.count >= 2 else {
        print("usage: StoreBench POSTGRES_URL [jobs] [claimers...]  |  StoreBench POSTGRES_URL search [hours]")
        exit(2)
    }
    let postgresURL = arguments[1]
    if arguments.count > 2 && arguments[2] == "search" {
        try await runSearch(postgresURL: postgresURL, hours: arguments.count > 3 ? Int(arguments[3]) ?? 100 : 100)
        return
    }
    let jobCount = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000
    let claimerCounts = arguments.count > 3 ? arguments[3...].compactMap { Int($0) } : [1, 4, 16]

    let sqlite = Backend(name: "SQLite") {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-bench-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("store.sqlite").path
        let store = try SQLiteStore(path: path)
        return (store, { try SQLiteStore(path: path) }, { try? FileManager.default.removeItem(at: folder) })
    }
    let postgres = Backend(name: "PostgreSQL") {
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let location = try PostgresLocation(url: postgresURL, schema: String(schema))
        let store = try await PostgresStore.open(location)
        var opened: [PostgresStore] = [store]
        return (
            store,
            {
                let another = try await PostgresStore.open(location)
                opened.append(another)
                return another
            },
            { for store in opened { store.close() } }
        )
    }

    print("Job claims (claim + complete), \(jobCount) jobs, each claimer its own store (connections) on one database")
    print("claimers  SQLite jobs/s  PostgreSQL jobs/s  PostgreSQL/SQLite")
    for claimers in claimerCounts {
        let reference = try await measure(sqlite, claimers: claimers, jobCount: jobCount)
        let other = try await measure(postgres, claimers: claimers, jobCount: jobCount)
        print(
            String(claimers).padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(format: "%13.0f  %17.0f  %17.2f", reference, other, other / reference))
    }
}

try await run(CommandLine.arguments)

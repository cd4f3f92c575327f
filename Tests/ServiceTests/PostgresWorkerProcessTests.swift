import Foundation
import Store
import Testing

@testable import PostgresStore

#if canImport(Glibc)
    import Glibc
#endif

/// Worker processes on one PostgreSQL store, as on several machines: 8 `verbatim worker
/// --database postgres://…` processes drain 1,000 jobs, and no job is taken twice.
@Suite("Worker processes on PostgreSQL", .serialized)
struct PostgresWorkerProcessTests {
    @Test func eightWorkerProcessesTakeAThousandJobsEachOnce() async throws {
        guard let (database, location) = try PostgresServeTests.freshDatabase() else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-pg-workers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await PostgresStore.open(location)
        defer { store.close() }
        // Transcription jobs whose payload names no recording: each fails for good at its first
        // attempt (not retryable), so a job taken twice would show two attempts.
        let total = 1000
        for n in 0..<total {
            _ = try await store.enqueue(kind: "transcribe", payload: #"{"n":\#(n)}"#, studyID: nil, priority: n % 3, maxAttempts: 3)
        }
        var workers: [Process] = []
        defer { for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGKILL) } }
        for index in 0..<8 {
            let process = Process()
            process.executableURL = TestPaths.verbatimExecutable
            // Each worker its own data folder: nothing shared but the database.
            process.arguments = [
                "worker", "--data", folder.appendingPathComponent("worker-\(index)").path, "--models", TestPaths.models.path,
                "--database", database, "--lease", "30",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            workers.append(process)
        }
        let deadline = Date().addingTimeInterval(300)
        var waiting = total
        while Date() < deadline {
            waiting = try await store.jobs(state: .queued).count + (try await store.jobs(state: .running).count)
            if waiting == 0 { break }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        #expect(waiting == 0, "jobs still waiting after 300 s")
        let alive = workers.filter { $0.isRunning }.count
        #expect(alive == 8, "no worker died on the way")
        for worker in workers { kill(worker.processIdentifier, SIGTERM) }
        for worker in workers { worker.waitUntilExit() }
        #expect(workers.allSatisfy { $0.terminationStatus == 0 })

        let failed = try await store.jobs(state: .failed)
        #expect(failed.count == total)
        let succeeded = try await store.jobs(state: .succeeded)
        #expect(succeeded.isEmpty)
        let takenTwice = failed.filter { $0.attempts != 1 }.compactMap(\.id)
        #expect(takenTwice.isEmpty, "jobs taken more than once: \(takenTwice.prefix(20))")
        #expect(failed.allSatisfy { $0.error?.contains("not a valid") == true }, "\(failed.first?.error ?? "")")
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif
import Testing

@testable import Store

/// Several OS processes claim jobs from one SQLite file: no job is ever given to two of them.
///
/// The child processes are this test binary re-run with `--filter` on ``claimWorkerChild()``,
/// which only runs when the `VERBATIM_CLAIM_DB` environment variable is set.
@Suite struct MultiProcessClaimTests {
    static let environment = ProcessInfo.processInfo.environment

    @Test func processesClaimingFromOneFileNeverGetTheSameJob() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let jobCount = 120
        var enqueued: Set<Int64> = []
        for index in 0..<jobCount {
            enqueued.insert(
                try await temporary.store.enqueue(kind: "k", payload: "\(index)", studyID: nil, priority: 0, maxAttempts: 1).id!)
        }
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let go = temporary.folder.appendingPathComponent("go")
        var processes: [(Process, URL)] = []
        for worker in 0..<4 {
            let output = temporary.folder.appendingPathComponent("claimed-\(worker).txt")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["--testing-library", "swift-testing", "--filter", "claimWorkerChild"]
            var environment = Self.environment
            environment["VERBATIM_CLAIM_DB"] = temporary.store.path
            environment["VERBATIM_CLAIM_WORKER"] = "process-\(worker)"
            environment["VERBATIM_CLAIM_OUT"] = output.path
            environment["VERBATIM_CLAIM_GO"] = go.path
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append((process, output))
        }
        // Start them together: wait until every child has opened the store and is waiting.
        let ready = Date().addingTimeInterval(60)
        while Date() < ready {
            let count = (0..<4).filter { FileManager.default.fileExists(atPath: go.path + ".ready-process-\($0)") }.count
            if count == 4 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        try Data().write(to: go)
        var claimedByProcess: [[Int64]] = []
        for (process, output) in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "child exited with \(process.terminationStatus)")
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            claimedByProcess.append(text.split(separator: "\n").compactMap { Int64($0) })
        }
        let all = claimedByProcess.flatMap { $0 }
        #expect(all.count == jobCount, "claims per process: \(claimedByProcess.map(\.count))")
        #expect(Set(all) == enqueued)
        #expect(claimedByProcess.filter { !$0.isEmpty }.count >= 2, "claims per process: \(claimedByProcess.map(\.count))")
        let succeeded = try await temporary.store.jobs(state: .succeeded)
        #expect(succeeded.count == jobCount)
        #expect(succeeded.allSatisfy { $0.attempts == 1 })
    }

    @Test func aKilledWorkersJobIsTakenAgainAfterItsLease() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let job = try await temporary.store.enqueue(kind: "k", payload: "", studyID: nil, priority: 0, maxAttempts: 3)
        let output = temporary.folder.appendingPathComponent("claimed.txt")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--testing-library", "swift-testing", "--filter", "claimWorkerChild"]
        var environment = Self.environment
        environment["VERBATIM_CLAIM_DB"] = temporary.store.path
        environment["VERBATIM_CLAIM_WORKER"] = "doomed"
        environment["VERBATIM_CLAIM_OUT"] = output.path
        let go = temporary.folder.appendingPathComponent("go")
        try Data().write(to: go)
        environment["VERBATIM_CLAIM_GO"] = go.path
        environment["VERBATIM_CLAIM_HANG"] = "1"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: output.path) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let held = try #require(try await temporary.store.job(id: job.id!))
        #expect(held.leaseOwner == "doomed")
        let expires = try #require(held.leaseExpiresAt)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        if expires.timeIntervalSinceNow > 1.5 {  // on a loaded machine the lease may be nearly over already
            #expect(try await temporary.store.claimJob(worker: "survivor", kinds: [], lease: 60) == nil)
        }
        try await JobQueueTests.sleep(until: expires)
        let retaken = try #require(try await temporary.store.claimJob(worker: "survivor", kinds: [], lease: 60))
        #expect(retaken.id == job.id)
        #expect(retaken.attempts == 2)
        try await temporary.store.completeJob(jobID: job.id!, worker: "survivor", result: "ok")
        #expect(try await temporary.store.job(id: job.id!)?.state == .succeeded)
    }

    /// The child mode: claims and completes jobs until none is left, writing each claimed id to a file.
    /// With `VERBATIM_CLAIM_HANG`, it claims one job with a 3 s lease, reports it, and hangs until killed.
    @Test(.enabled(if: environment["VERBATIM_CLAIM_DB"] != nil))
    func claimWorkerChild() async throws {
        let environment = Self.environment
        let store = try SQLiteStore(path: try #require(environment["VERBATIM_CLAIM_DB"]))
        let worker = try #require(environment["VERBATIM_CLAIM_WORKER"])
        let go = try #require(environment["VERBATIM_CLAIM_GO"])
        try Data().write(to: URL(fileURLWithPath: go + ".ready-" + worker))
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: go) && Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        if environment["VERBATIM_CLAIM_HANG"] != nil {
            let job = try #require(try await store.claimJob(worker: worker, kinds: [], lease: 3))
            try Data("\(job.id!)".utf8).write(to: URL(fileURLWithPath: try #require(environment["VERBATIM_CLAIM_OUT"])))
            try await Task.sleep(for: .seconds(120))
            return
        }
        var claimed: [Int64] = []
        while let job = try await store.claimJob(worker: worker, kinds: [], lease: 60) {
            claimed.append(job.id!)
            try await store.renewLease(jobID: job.id!, worker: worker, lease: 60, progress: 0.5)
            try await store.completeJob(jobID: job.id!, worker: worker, result: worker)
        }
        let text = claimed.map(String.init).joined(separator: "\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: try #require(environment["VERBATIM_CLAIM_OUT"])))
    }
}

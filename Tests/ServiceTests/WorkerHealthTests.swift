import Foundation
import Store
import Testing

@testable import Service

/// The workers part of `GET /health`: how many local workers run, when each remote worker was last
/// heard from, and a 503 when jobs are ready and no worker has called for longer than a lease.
@Suite("Workers in the health report")
struct WorkerHealthTests {
    struct Report: Decodable {
        struct Remote: Decodable { var worker: String; var lastHeardAt: String; var lastHeardSeconds: Double }
        struct Workers: Decodable {
            var status: String
            var localExpected: Int
            var localRunning: Int
            var leaseSeconds: Double
            var readyJobs: Int
            var lastHeardSeconds: Double?
            var remote: [Remote]
        }
        var status: String
        var workers: Workers
    }

    static func health(_ server: TestServer) async throws -> (status: Int, report: Report) {
        let reply = try await server.send("GET", "/health")
        return (reply.status, try reply.json())
    }

    @Test func readyJobsWithNoWorkerHeardFromForALeaseFailTheCheck() async throws {
        let clock = ServiceClock.adjustable()
        let server = try await TestServer.start {
            $0.clock = clock
            // A lease longer than a loaded machine can take between two requests (the clock is real time plus what the test adds).
            $0.leaseSeconds = 300
        }
        defer { server.shutdown() }
        // A job only a worker beside the server runs: remote workers poll without taking it.
        _ = try await server.store.enqueue(kind: "import-biometrics", payload: "{}", studyID: nil, priority: 0, maxAttempts: 1)

        let fresh = try await Self.health(server)
        #expect(fresh.status == 200, "a server that has just started gives its workers a lease to call")
        #expect(fresh.report.workers.status == "ok" && fresh.report.workers.readyJobs == 1 && fresh.report.workers.remote.isEmpty)
        #expect(fresh.report.workers.localExpected == 0 && fresh.report.workers.localRunning == 0 && fresh.report.workers.leaseSeconds == 300)
        #expect(fresh.report.workers.lastHeardSeconds == nil)

        clock.advance(by: 301)
        let unheard = try await Self.health(server)
        #expect(unheard.status == 503 && unheard.report.workers.status == "failing", "no worker at all for a lease")

        // A remote worker asks for work (there is none of its kind) and is heard.
        let claim = try await server.send("POST", "/worker/jobs/claim", token: server.adminToken, json: WorkerMessages.Claim(worker: "lab-pc", lease: 30))
        #expect(claim.status == 204, "\(claim.text)")
        let heard = try await Self.health(server)
        #expect(heard.status == 200, "\(heard.report)")
        let remote = try #require(heard.report.workers.remote.first)
        #expect(heard.report.workers.remote.count == 1 && remote.worker.hasPrefix("token-") && remote.worker.hasSuffix("/lab-pc"), "\(remote)")
        #expect(remote.lastHeardSeconds >= 0 && remote.lastHeardSeconds < 120)
        #expect(ISO8601DateFormatter().date(from: remote.lastHeardAt) != nil, "\(remote.lastHeardAt)")
        #expect(heard.report.workers.lastHeardSeconds == remote.lastHeardSeconds)

        // Silent for longer than a lease while the job still waits.
        clock.advance(by: 301)
        let silent = try await Self.health(server)
        #expect(silent.status == 503 && silent.report.workers.status == "failing")
        #expect((silent.report.workers.remote.first?.lastHeardSeconds ?? 0) >= 301)

        // With nothing ready to run, a silent worker is no failure.
        for job in try await server.store.jobs(state: .queued) { try await server.store.cancelJob(jobID: job.id!) }
        let idle = try await Self.health(server)
        #expect(idle.status == 200 && idle.report.workers.status == "ok" && idle.report.workers.readyJobs == 0)
    }
}

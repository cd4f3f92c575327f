import Foundation
import Service
import Store
import Testing

/// `GET /health` checks the store, the media folder, the workers and the queue (503 when one
/// fails); `GET /metrics` exposes Prometheus text to a scraper's token or an administrator.
@Suite("Health and metrics")
struct HealthMetricsTests {
    static let scraperToken = String(repeating: "5c", count: 24)

    /// The samples of a Prometheus exposition: name, labels, value (comments skipped).
    static func samples(_ text: String) throws -> [(name: String, labels: [String: String], value: Double)] {
        try text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line -> (name: String, labels: [String: String], value: Double) in
            let space = try #require(line.lastIndex(of: " "), "\(line)")
            let value = try #require(Double(line[line.index(after: space)...]), "\(line)")
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else { return (String(series), [:], value) }
            var labels: [String: String] = [:]
            for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
            }
            return (String(series[..<brace]), labels, value)
        }
    }

    /// The value of the sample `name` with exactly these labels, if present.
    static func value(_ samples: [(name: String, labels: [String: String], value: Double)], _ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    struct Report: Decodable {
        struct Check: Decodable { var status: String }
        struct Media: Decodable { var status: String; var writable: Bool; var freeBytes: Int64 }
        struct Queue: Decodable { var status: String; var queued: Int; var running: Int; var oldestQueuedSeconds: Double }
        struct Workers: Decodable { var status: String; var localExpected: Int; var localRunning: Int }
        var status: String
        var store: Check
        var media: Media
        var workers: Workers
        var queue: Queue
    }

    @Test func healthReportsEachCheckAndFailsWithA503() async throws {
        let server = try await TestServer.start { $0.healthQueueWaitLimit = 1 }
        defer { server.shutdown() }
        let fine = try await server.send("GET", "/health")
        #expect(fine.status == 200, "\(fine.text)")
        let report: Report = try fine.json()
        #expect(report.status == "ok" && report.store.status == "ok" && report.media.writable && report.media.freeBytes > 0)
        #expect(report.queue.queued == 0 && report.workers.localExpected == 0)

        // Jobs nobody takes: past the wait limit the queue check fails.
        for _ in 0..<2 { _ = try await server.store.enqueue(kind: "transcription", payload: "{}", studyID: nil, priority: 0, maxAttempts: 1) }
        try await Task.sleep(nanoseconds: 1_500_000_000)
        let stuck = try await server.send("GET", "/health")
        #expect(stuck.status == 503, "\(stuck.text)")
        let failing: Report = try stuck.json()
        #expect(failing.status == "failing" && failing.queue.status == "failing" && failing.queue.queued == 2)
        #expect(failing.queue.oldestQueuedSeconds >= 1 && failing.store.status == "ok" && failing.media.status == "ok")
        #expect(!stuck.text.contains(server.dataDirectory.path), "no server path in a public answer")
    }

    @Test func healthFailsWhenTheDiskIsAlmostFull() async throws {
        let server = try await TestServer.start { $0.healthMinimumFreeBytes = Int64.max }
        defer { server.shutdown() }
        let reply = try await server.send("GET", "/health")
        #expect(reply.status == 503, "\(reply.text)")
        let report: Report = try reply.json()
        #expect(report.media.status == "failing" && report.media.writable && report.queue.status == "ok")
    }

    @Test func metricsNeedTheScraperTokenOrAnAdministrator() async throws {
        let server = try await TestServer.start { $0.metricsToken = Self.scraperToken }
        defer { server.shutdown() }
        #expect(try await server.send("GET", "/metrics").status == 401)
        #expect(try await server.send("GET", "/metrics", token: String(repeating: "0", count: 48)).status == 401)
        let member = try await server.createUser("Dominique")
        let refused = try await server.send("GET", "/metrics", token: member.token)
        #expect(refused.status == 403 && refused.errorCode == "metrics_forbidden", "\(refused.text)")
        let scraped = try await server.send("GET", "/metrics", token: Self.scraperToken)
        #expect(scraped.status == 200 && scraped.headers["content-type"]?.hasPrefix("text/plain") == true, "\(scraped.text)")
        #expect(try await server.send("GET", "/metrics", token: server.adminToken).status == 200)
    }

    @Test func metricsCountRequestsByRoutePatternAndTheQueueByStateAndKind() async throws {
        let server = try await TestServer.start { $0.metricsToken = Self.scraperToken }
        defer { server.shutdown() }
        let created = try await server.send("POST", "/studies", token: server.adminToken, json: ["name": "Metrics"])
        let studyID = try created.json(Study.self).id!
        for _ in 0..<3 { #expect(try await server.send("GET", "/studies/\(studyID)", token: server.adminToken).status == 200) }
        #expect(try await server.send("GET", "/studies/987654", token: server.adminToken).status == 404)
        let first = try await server.store.enqueue(kind: "transcription", payload: "{}", studyID: nil, priority: 0, maxAttempts: 1)
        _ = try await server.store.enqueue(kind: "transcription", payload: "{}", studyID: nil, priority: 0, maxAttempts: 1)
        _ = try await server.store.enqueue(kind: "biometric-import", payload: "{}", studyID: nil, priority: 0, maxAttempts: 1)

        let scraped = try await server.send("GET", "/metrics", token: Self.scraperToken)
        #expect(scraped.status == 200)
        let samples = try Self.samples(scraped.text)
        let latency = "verbatim_http_request_duration_seconds_count"
        #expect(Self.value(samples, latency, ["route": "/studies/{studyID}", "method": "GET", "status": "200"]) == 3, "\(scraped.text)")
        #expect(Self.value(samples, latency, ["route": "/studies/{studyID}", "method": "GET", "status": "404"]) == 1)
        #expect(Self.value(samples, latency, ["route": "/studies", "method": "POST", "status": "201"]) == 1)
        #expect(!scraped.text.contains("/studies/\(studyID)\"") && !scraped.text.contains("987654"), "ids never become labels")
        #expect(Self.value(samples, "verbatim_jobs", ["state": "queued", "kind": "transcription"]) == 2)
        #expect(Self.value(samples, "verbatim_jobs", ["state": "queued", "kind": "biometric-import"]) == 1)
        #expect(Self.value(samples, "verbatim_workers", ["place": "local"]) == 0)
        #expect((Self.value(samples, "verbatim_data_disk_free_bytes") ?? 0) > 0)
        let size = try #require(Self.value(samples, "verbatim_store_size_bytes"))
        let file = try FileManager.default.attributesOfItem(atPath: server.backend.configuration.databaseURL.path)[.size] as? Int ?? 0
        #expect(size >= Double(file) && file > 0)

        // A cancelled job leaves the queue: its gauge goes down, and a kind with no job left reads 0.
        try await server.store.cancelJob(jobID: first.id!)
        let biometric = try #require(try await server.store.jobs(state: .queued).first { $0.kind == "biometric-import" })
        try await server.store.cancelJob(jobID: biometric.id!)
        let again = try Self.samples(try await server.send("GET", "/metrics", token: Self.scraperToken).text)
        #expect(Self.value(again, "verbatim_jobs", ["state": "queued", "kind": "transcription"]) == 1)
        #expect(Self.value(again, "verbatim_jobs", ["state": "queued", "kind": "biometric-import"]) == 0)
        #expect(Self.value(again, latency, ["route": "/metrics", "method": "GET", "status": "200"]) == 1, "the first scrape counted")
    }
}

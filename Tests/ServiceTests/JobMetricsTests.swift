import Foundation
import Store
import Testing

@testable import Service

/// `GET /metrics` after real jobs: a wearable import that succeeds and one that fails, run by the
/// real worker, and a transcription job claimed and failed by a remote worker over the API. Each
/// finished job is counted once in the duration histogram, by kind and outcome, and a remote
/// worker that called within a lease is counted among the workers.
@Suite("Job metrics")
struct JobMetricsTests {
    static let scraper = HealthMetricsTests.scraperToken

    @Test func jobDurationsByKindAndOutcomeAndRemoteWorkersAfterRealJobs() async throws {
        let server = try await TestServer.start { $0.metricsToken = Self.scraper }
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let e4 = TestPaths.repository.appendingPathComponent("Tests/BiometricsTests/Fixtures/empatica_e4_flirt.zip")
        let good = try await server.send(
            "POST", "/participants/\(f.participantID)/biometrics?filename=e4.zip", token: f.tokens["researcher"], body: try Data(contentsOf: e4))
        #expect(good.status == 202, "\(good.text)")
        let bad = try await server.send(
            "POST", "/participants/\(f.participantID)/biometrics?filename=ring.csv", token: f.tokens["researcher"],
            body: Data("just one line of prose, no header and no numbers".utf8))
        #expect(bad.status == 202, "\(bad.text)")
        let imports = try await server.runImports()
        #expect(imports.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.failed, .succeeded], "\(imports)")
        for job in imports {
            let started = try #require(job.startedAt, "a claimed job records when it started")
            #expect(started <= job.updatedAt && started >= job.createdAt)
        }

        // A remote worker claims a transcription, works 1.2 s, and gives up for good.
        let transcription = try await server.store.enqueue(kind: "transcribe", payload: "{}", studyID: nil, priority: 0, maxAttempts: 1)
        let claim = try await server.send("POST", "/worker/jobs/claim", token: server.adminToken, json: WorkerMessages.Claim(worker: "lab-pc", lease: 30))
        #expect(claim.status == 200, "\(claim.text)")
        try await Task.sleep(nanoseconds: 1_200_000_000)
        let failed = try await server.send(
            "POST", "/worker/jobs/\(transcription.id!)/fail", token: server.adminToken,
            json: WorkerMessages.Fail(worker: "lab-pc", error: "no model", retryable: false))
        #expect(failed.status == 200, "\(failed.text)")

        let scraped = try await server.send("GET", "/metrics", token: Self.scraper)
        #expect(scraped.status == 200)
        let samples = try HealthMetricsTests.samples(scraped.text)
        let count = "verbatim_job_duration_seconds_count", sum = "verbatim_job_duration_seconds_sum"
        #expect(HealthMetricsTests.value(samples, count, ["kind": "import-biometrics", "outcome": "succeeded"]) == 1, "\(scraped.text)")
        #expect(HealthMetricsTests.value(samples, count, ["kind": "import-biometrics", "outcome": "failed"]) == 1)
        #expect(HealthMetricsTests.value(samples, count, ["kind": "transcribe", "outcome": "failed"]) == 1)
        let remoteRun = try #require(HealthMetricsTests.value(samples, sum, ["kind": "transcribe", "outcome": "failed"]))
        #expect(remoteRun >= 1.2 && remoteRun < 60, "from the claim to the failure: \(remoteRun) s")
        #expect(
            HealthMetricsTests.value(samples, "verbatim_job_duration_seconds_bucket", ["kind": "transcribe", "outcome": "failed", "le": "1.0"]) == 0)
        #expect(HealthMetricsTests.value(samples, "verbatim_workers", ["place": "remote"]) == 1)
        #expect(HealthMetricsTests.value(samples, "verbatim_workers", ["place": "local"]) == 0)

        // Scraped again: nothing counted twice.
        let again = try HealthMetricsTests.samples(try await server.send("GET", "/metrics", token: Self.scraper).text)
        #expect(HealthMetricsTests.value(again, count, ["kind": "import-biometrics", "outcome": "succeeded"]) == 1)
        #expect(HealthMetricsTests.value(again, count, ["kind": "transcribe", "outcome": "failed"]) == 1)
    }
}

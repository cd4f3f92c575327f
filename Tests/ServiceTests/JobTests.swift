import Foundation
import Service
import Store
import Testing

@Suite("Jobs through the API")
struct JobTests {
    @Test func createValidateListCancelRetry() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let token = fixture.tokens["researcher"]
        let path = "/recordings/\(fixture.recordingID)/jobs"

        let unknownModel = try await server.send("POST", path, token: token, json: ["model": "whisper-huge"])
        #expect(unknownModel.status == 422)
        #expect(unknownModel.errorCode == "unknown_model")
        let englishOnly = try await server.send("POST", path, token: token, json: ["model": "whisper-tiny.en", "language": "fr"])
        #expect(englishOnly.errorCode == "invalid_language")
        let speakers = try await server.send("POST", path, token: token, json: ["speakers": 0])
        #expect(speakers.errorCode == "invalid_speakers")

        let created = try await server.send(
            "POST", path, token: token, json: ["model": "whisper-base", "language": "fr", "prompt": "Entretien, aidants"])
        #expect(created.status == 202, "\(created.text)")
        let job: Job = try created.json()
        #expect(job.state == .queued)
        #expect(job.studyID == fixture.studyID)
        let request = try TranscriptionRequest.decode(payload: job.payload)
        #expect(
            request
                == TranscriptionRequest(
                    recordingID: fixture.recordingID, model: "whisper-base", language: "fr", prompt: "Entretien, aidants"))

        let queued: [Job] = try await server.send("GET", "/studies/\(fixture.studyID)/jobs?state=queued", token: token).json()
        #expect(queued.map(\.id) == [job.id])
        let badState = try await server.send("GET", "/studies/\(fixture.studyID)/jobs?state=sleeping", token: token)
        #expect(badState.status == 400)

        let cancelled: Job = try await server.send("POST", "/jobs/\(job.id!)/cancel", token: token).json()
        #expect(cancelled.state == .cancelled)
        let cancelAgain = try await server.send("POST", "/jobs/\(job.id!)/cancel", token: token)
        #expect(cancelAgain.status == 409)
        #expect(cancelAgain.errorCode == "job_finished")

        let retry = try await server.send("POST", "/jobs/\(job.id!)/retry", token: token)
        #expect(retry.status == 202)
        let retried: Job = try retry.json()
        #expect(retried.id != job.id)
        #expect(retried.state == .queued)
        #expect(retried.payload == job.payload)
        let retryQueued = try await server.send("POST", "/jobs/\(retried.id!)/retry", token: token)
        #expect(retryQueued.errorCode == "job_not_finished")

        let actions = try await server.store.auditEvents(afterID: 0, limit: 1000).map(\.action)
        #expect(actions.contains("job.enqueue") && actions.contains("job.cancel") && actions.contains("job.retry"))
    }

    @Test func progressStreamsAsServerSentEvents() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let created = try await server.send(
            "POST", "/recordings/\(fixture.recordingID)/jobs", token: server.adminToken, json: ["language": "fr"])
        let jobID = try created.json(Job.self).id!

        // A worker in this process drives the job while a client follows it.
        let store = server.store
        let driver = Task {
            let claimed = try #require(try await store.claimJob(worker: "test-worker", kinds: ["transcribe"], lease: 30))
            #expect(claimed.id == jobID)
            for step in 1...3 {
                try await Task.sleep(nanoseconds: 400_000_000)
                try await store.renewLease(jobID: jobID, worker: "test-worker", lease: 30, progress: Double(step) / 4)
            }
            _ = try await store.failJob(
                jobID: jobID, worker: "test-worker", error: "decode: test failure", retryable: false, policy: RetryPolicy())
        }
        let stream = try await server.send("GET", "/jobs/\(jobID)/events", token: fixture.tokens["coder"])
        try await driver.value
        #expect(stream.status == 200)
        #expect(stream.headers["content-type"] == "text/event-stream")
        let events = stream.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(events.count >= 3, "\(stream.text)")
        #expect(
            events.contains { $0.contains("event: progress") && $0.contains("\"progress\":0.5") && $0.contains("\"state\":\"running\"") })
        let last = try #require(events.last)
        #expect(last.hasPrefix("event: done"))
        #expect(last.contains("\"state\":\"failed\"") && last.contains("decode: test failure"))

        let outsider = try await server.send("GET", "/jobs/\(jobID)/events", token: fixture.tokens["outsider"])
        #expect(outsider.status == 403)
    }
}

import Foundation
@testable import Service
import Store
import Testing

/// The worker API on a real server on loopback: worker tokens, claim, renew, complete, fail, and
/// the signed media links.
@Suite("Worker API", .serialized)
struct WorkerAPITests {
    struct Issued: Decodable {
        struct Info: Decodable {
            var id: Int64
            var label: String
            var isAdmin: Bool
            var scope: String
        }
        var token: String
        var info: Info
    }

    typealias Claimed = WorkerMessages.Claimed

    static func workerToken(_ server: TestServer, label: String = "gpu-1") async throws -> Issued {
        let reply = try await server.send("POST", "/worker-tokens", token: server.adminToken, json: ["label": label])
        #expect(reply.status == 201, "\(reply.text)")
        return try reply.json()
    }

    static func claim(_ server: TestServer, token: String, worker: String = "host-1", lease: Double = 30) async throws -> TestServer.Reply {
        try await server.send("POST", "/worker/jobs/claim", token: token, json: WorkerMessages.Claim(worker: worker, lease: lease))
    }

    /// A recording of a real sample and a queued transcription job for it.
    static func queuedJob(_ server: TestServer, sample: String = "en_librispeech_1272-128104-0000_picovoice.wav") async throws
        -> (recording: Recording, jobID: Int64)
    {
        let study = try await server.store.createStudy(name: "Remote \(UUID().uuidString.prefix(6))", details: "")
        let recording = try await WorkerProcessTests.addRecording(server, studyID: study.id!, file: TestPaths.speech(sample), title: sample)
        return (recording, try await WorkerProcessTests.enqueue(server, recordingID: recording.id!))
    }

    @Test func aWorkerTokenOpensTheWorkerAPIAndNothingElse() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let worker = try await Self.workerToken(server)
        #expect(worker.info.scope == "worker" && worker.info.label == "gpu-1" && !worker.info.isAdmin)

        // Everywhere else: 403, in the caller's language.
        for path in ["/studies", "/me", "/me/tokens", "/audit"] {
            let reply = try await server.send("GET", path, token: worker.token)
            #expect(reply.status == 403 && reply.errorCode == "worker_token", "\(path): \(reply.status) \(reply.text)")
        }
        let french = try await server.send("GET", "/studies", token: worker.token, headers: ["Accept-Language": "fr"])
        #expect(french.text.contains("Un jeton de worker ne peut que"), "\(french.text)")
        #expect(try await server.send("POST", "/worker-tokens", token: worker.token, json: ["label": "x"]).status == 403)
        // The worker API itself: an empty queue answers 204.
        #expect(try await Self.claim(server, token: worker.token).status == 204)
        // Only kinds whose inputs travel.
        let local = try await server.send(
            "POST", "/worker/jobs/claim", token: worker.token, json: WorkerMessages.Claim(worker: "h", kinds: ["align"], lease: 30))
        #expect(local.status == 400, "\(local.text)")
        #expect(try await Self.claim(server, token: worker.token, lease: 1).status == 400)
        #expect(try await Self.claim(server, token: worker.token, worker: "a/b").status == 400)

        // A person who is not an administrator may neither run jobs nor issue worker tokens, nor forge the scope by a label.
        let person = try await server.createUser("Nina")
        let refused = try await Self.claim(server, token: person.token)
        #expect(refused.status == 403 && refused.errorCode == "forbidden", "\(refused.text)")
        #expect(try await server.send("POST", "/worker-tokens", token: person.token, json: ["label": "x"]).status == 403)
        let forged = try await server.send("POST", "/me/tokens", token: person.token, json: ["label": "worker:x"])
        #expect(forged.status == 400, "\(forged.text)")
        // An administrator may.
        #expect(try await Self.claim(server, token: server.adminToken).status == 204)

        // Revoked, the worker token is refused at once.
        let revoke = try await server.send("DELETE", "/me/tokens/\(worker.info.id)", token: server.adminToken)
        #expect(revoke.status == 200, "\(revoke.text)")
        #expect(try await Self.claim(server, token: worker.token).status == 401)
    }

    @Test func claimFetchRenewCompleteThroughTheAPI() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let worker = try await Self.workerToken(server)
        let other = try await Self.workerToken(server, label: "gpu-2")
        let (recording, jobID) = try await Self.queuedJob(server)
        let file = try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath))

        let reply = try await Self.claim(server, token: worker.token)
        #expect(reply.status == 200, "\(reply.text)")
        let claimed: Claimed = try reply.json()
        #expect(claimed.job.id == jobID && claimed.job.state == .running)
        #expect(claimed.job.leaseOwner == "token-\(worker.info.id)/host-1")
        let link = try #require(claimed.media).url

        // The signed link opens the media without a bearer token, whole or by range.
        let whole = try await server.send("GET", link)
        #expect(whole.status == 200 && whole.body == file)
        let part = try await server.send("GET", link, headers: ["Range": "bytes=100-1099"])
        #expect(part.status == 206 && part.body == file[100..<1100])
        #expect(part.headers["content-range"] == "bytes 100-1099/\(file.count)")
        // A tampered signature, or the link on another job's path, is refused.
        let tampered = String(link.dropLast()) + (link.hasSuffix("0") ? "1" : "0")
        let bad = try await server.send("GET", tampered)
        #expect(bad.status == 401 && bad.errorCode == "invalid_media_link", "\(bad.text)")
        let (_, secondJob) = try await Self.queuedJob(server, sample: "en_commonvoice_651325.mp3")
        #expect(try await server.send("GET", link.replacingOccurrences(of: "/jobs/\(jobID)/", with: "/jobs/\(secondJob)/")).status == 401)

        // Renewing: the claimant may; another token with the same worker name may not.
        let renew = try await server.send(
            "POST", "/worker/jobs/\(jobID)/renew", token: worker.token, json: WorkerMessages.Renew(worker: "host-1", lease: 30, progress: 0.5))
        #expect(renew.status == 200, "\(renew.text)")
        #expect(try await server.store.job(id: jobID)?.progress == 0.5)
        let stolen = try await server.send(
            "POST", "/worker/jobs/\(jobID)/renew", token: other.token, json: WorkerMessages.Renew(worker: "host-1", lease: 30, progress: 0.9))
        #expect(stolen.status == 409 && stolen.errorCode == "lease_lost", "\(stolen.text)")

        // A transcript that cannot be stored is refused and stores nothing; the job stays the worker's.
        let broken = try await server.send(
            "POST", "/worker/jobs/\(jobID)/complete", token: worker.token,
            json: Self.complete([SegmentInput(start: 2, end: 1, text: "backwards")]))
        #expect(broken.status == 422 && broken.errorCode == "invalid_transcript", "\(broken.text)")
        #expect(try await server.store.latestTranscript(recordingID: recording.id!) == nil)

        let body = Self.complete([
            SegmentInput(start: 0.5, end: 2.0, text: "Mister Quilter is the apostle", words: [WordInput(start: 0.5, end: 0.9, text: "Mister")]),
            SegmentInput(start: 2.0, end: 4.0, text: "of the middle classes"),
        ])
        let done = try await server.send("POST", "/worker/jobs/\(jobID)/complete", token: worker.token, json: body)
        #expect(done.status == 200, "\(done.text)")
        let job = try #require(try await server.store.job(id: jobID))
        #expect(job.state == .succeeded)
        let transcript = try #require(try await server.store.latestTranscript(recordingID: recording.id!))
        #expect(transcript.text == "Mister Quilter is the apostle\nof the middle classes")
        #expect(transcript.model == "whisper-tiny.en" && transcript.status == .draft)
        #expect(try await server.store.words(transcriptID: transcript.id!).map(\.text) == ["Mister"])

        // Done: the job is no longer the worker's, and its link is closed.
        let again = try await server.send("POST", "/worker/jobs/\(jobID)/complete", token: worker.token, json: body)
        #expect(again.status == 409 && again.errorCode == "lease_lost", "\(again.text)")
        #expect(try await server.send("GET", link).status == 401)
        #expect(try await server.store.transcripts(recordingID: recording.id!).count == 1)
    }

    @Test func cancelledJobsHandBackAndExpiredLinks() async throws {
        let server = try await TestServer.start { $0.workerLinkLifetime = 3 }
        defer { server.shutdown() }
        let worker = try await Self.workerToken(server)
        let (_, jobID) = try await Self.queuedJob(server)
        let claimed: Claimed = try await Self.claim(server, token: worker.token).json()
        let link = try #require(claimed.media).url
        #expect(try await server.send("GET", link, headers: ["Range": "bytes=0-9"]).status == 206)
        try await Task.sleep(nanoseconds: 4_500_000_000)
        let expired = try await server.send("GET", link, headers: ["Range": "bytes=0-9"])
        #expect(expired.status == 401 && expired.errorCode == "invalid_media_link", "\(expired.text)")

        // Handed back: queued again at once, for anyone.
        let handBack = try await server.send(
            "POST", "/worker/jobs/\(jobID)/fail", token: worker.token,
            json: WorkerMessages.Fail(worker: "host-1", error: "stopping", retryable: true, handBack: true))
        #expect(handBack.status == 200 && handBack.text.contains("\"queued\""), "\(handBack.text)")
        let reclaimed: Claimed = try await Self.claim(server, token: worker.token, worker: "host-2").json()
        #expect(reclaimed.job.id == jobID && reclaimed.job.attempts == 2)

        // Cancelled by a person: the next renewal says so.
        #expect(try await server.send("POST", "/jobs/\(jobID)/cancel", token: server.adminToken).status == 200)
        let renew = try await server.send(
            "POST", "/worker/jobs/\(jobID)/renew", token: worker.token, json: WorkerMessages.Renew(worker: "host-2", lease: 30, progress: 0.1))
        #expect(renew.status == 409 && renew.errorCode == "job_cancelled", "\(renew.text)")
        let french = try await server.send(
            "POST", "/worker/jobs/\(jobID)/renew", token: worker.token, json: WorkerMessages.Renew(worker: "host-2", lease: 30, progress: 0.1),
            headers: ["Accept-Language": "fr"])
        #expect(french.text.contains("a été annulée"), "\(french.text)")
    }

    /// A completion by `host-1` with these segments, as ``RemoteJobSource`` sends it.
    static func complete(_ segments: [SegmentInput]) -> WorkerMessages.Complete {
        WorkerMessages.Complete(
            worker: "host-1",
            transcript: WorkerMessages.Transcript(TranscriptInput(engine: "whisper", model: "whisper-tiny.en", language: "en", segments: segments)))
    }
}

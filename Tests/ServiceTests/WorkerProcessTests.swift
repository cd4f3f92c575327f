import Foundation
import Logging
import Service
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `verbatim worker` as a real child process against the server's store.
@Suite("Worker processes", .serialized)
struct WorkerProcessTests {
    /// Starts `verbatim worker` on the server's data directory.
    static func startWorker(_ server: TestServer, lease: Double = 30, grace: Double = 600, once: Bool = false) throws -> Process {
        let executable = TestPaths.verbatimExecutable
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw TestFailure(
                "\(executable.path) is missing: build the `verbatim` product (swift build --product verbatim) before these tests")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments =
            [
                "worker", "--data", server.dataDirectory.path, "--models", TestPaths.models.path, "--lease", "\(lease)", "--grace",
                "\(grace)",
            ]
            + (once ? ["--once"] : [])
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        return process
    }

    /// Waits until `condition` holds for the job, polling the store.
    static func waitForJob(_ server: TestServer, _ id: Int64, timeout: Double = 120, _ condition: (Job) -> Bool) async throws -> Job {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let job = try await server.store.job(id: id), condition(job) { return job }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw TestFailure(
            "job \(id) did not reach the expected state within \(timeout) s: \(String(describing: try await server.store.job(id: id)))")
    }

    static func waitForExit(_ process: Process, timeout: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        if process.isRunning {
            process.terminate()
            throw TestFailure("worker \(process.processIdentifier) did not exit within \(timeout) s")
        }
    }

    /// Adds a recording whose media file is `file` (copied into the data directory).
    static func addRecording(_ server: TestServer, studyID: Int64, file: URL, title: String) async throws -> Recording {
        let media = server.dataDirectory.appendingPathComponent("media/\(UUID().uuidString)-\(file.lastPathComponent)")
        try FileManager.default.copyItem(at: file, to: media)
        let bytes = try Data(contentsOf: media)
        return try await server.store.addRecording(
            Recording(
                studyID: studyID, title: title, mediaPath: media.path, fileHash: Hashing.sha256Hex(bytes), container: file.pathExtension))
    }

    static func enqueue(_ server: TestServer, recordingID: Int64) async throws -> Int64 {
        let reply = try await server.send(
            "POST", "/recordings/\(recordingID)/jobs", token: server.adminToken, json: ["model": "whisper-tiny.en", "language": "en"])
        #expect(reply.status == 202, "\(reply.text)")
        return try reply.json(Job.self).id!
    }

    /// Upload → job → worker process → transcript → code a span → search → QDPX export; a damaged
    /// recording before it fails for good without stopping the queue.
    @Test func uploadTranscribeCodeSearchExport() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let study = fixture.studyID
        // A file damaged on disk after its upload (the upload itself refuses files that do not probe).
        let damaged = try await Self.addRecording(
            server, studyID: study, file: TestPaths.speech("damaged_truncated_video_nasa_13013.mp4"), title: "damaged")
        let damagedJob = try await Self.enqueue(server, recordingID: damaged.id!)

        let upload = try await server.send(
            "POST", "/studies/\(study)/recordings?title=Common%20Voice", token: fixture.tokens["researcher"],
            body: try Data(contentsOf: TestPaths.speech("en_commonvoice_651325.mp3")))
        #expect(upload.status == 201, "\(upload.text)")
        let recording: Recording = try upload.json()
        let jobID = try await Self.enqueue(server, recordingID: recording.id!)

        let first = try Self.startWorker(server, once: true)
        try await Self.waitForExit(first)
        #expect(first.terminationStatus == 0)
        let failed = try #require(try await server.store.job(id: damagedJob))
        #expect(failed.state == .failed)
        #expect(failed.attempts == 1, "a damaged file is not retried")
        #expect(failed.error?.hasPrefix("decode:") == true)
        #expect(failed.error?.contains("incomplete") == true, "\(failed.error ?? "")")
        #expect(try await server.store.job(id: jobID)?.state == .queued)

        let second = try Self.startWorker(server, once: true)
        try await Self.waitForExit(second, timeout: 900)
        let done = try #require(try await server.store.job(id: jobID))
        #expect(done.state == .succeeded, "\(done.error ?? "")")
        #expect(done.progress == 1)

        let reply = try await server.send("GET", "/recordings/\(recording.id!)/transcript", token: fixture.tokens["coder"])
        #expect(reply.status == 200)
        struct Detail: Decodable {
            var transcript: Transcript
            var segments: [Segment]
            var speakers: [Speaker]
        }
        let detail: Detail = try reply.json()
        let text = detail.transcript.text.lowercased()
        #expect(text.contains("purchase") && text.contains("vote"), "\(text)")
        #expect(detail.transcript.engine == "whisper" && detail.transcript.model == "whisper-tiny.en")
        #expect(!detail.segments.isEmpty && detail.segments.allSatisfy { $0.speakerID != nil })
        // The worker stores each segment's words, inside the segment's times.
        let words = try await server.store.words(transcriptID: detail.transcript.id!)
        #expect(words.count >= detail.transcript.text.split(separator: " ").count / 2)
        for segment in detail.segments {
            for word in words where word.segmentID == segment.id {
                #expect(word.start >= segment.start - 0.001 && word.end <= segment.end + 0.001, "\(word.text)")
            }
        }

        let range = try #require(detail.transcript.text.range(of: "purchase", options: .caseInsensitive))
        let start = detail.transcript.text.unicodeScalars.distance(
            from: detail.transcript.text.unicodeScalars.startIndex, to: range.lowerBound)
        let coding = try await server.send(
            "POST", "/transcripts/\(detail.transcript.id!)/codings", token: fixture.tokens["coder"],
            json: ["codeID": fixture.codeID, "charStart": Int64(start), "charEnd": Int64(start + 8)])
        #expect(coding.status == 201, "\(coding.text)")

        let hits: [SearchHit] = try await server.send("GET", "/studies/\(study)/search?q=purchase", token: fixture.tokens["coder"]).json()
        #expect(hits.contains { $0.recordingID == recording.id })

        let export = try await server.send("GET", "/studies/\(study)/export?format=qdpx", token: fixture.tokens["researcher"])
        #expect(export.status == 200)
        #expect(export.headers["content-type"] == "application/zip")
        #expect(export.body.prefix(2) == Data("PK".utf8))
        let vtt = try await server.send(
            "GET", "/studies/\(study)/export?format=vtt&recording=\(recording.id!)", token: fixture.tokens["coder"])
        #expect(vtt.text.hasPrefix("WEBVTT"))
        #expect(vtt.text.lowercased().contains("purchase"))
    }

    @Test func killedWorkerLosesNothing() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let study = try await server.store.createStudy(name: "Kill", details: "")
        let recording = try await Self.addRecording(
            server, studyID: study.id!, file: TestPaths.speech("en_jfk_inaugural.flac"), title: "JFK")
        let jobID = try await Self.enqueue(server, recordingID: recording.id!)

        let victim = try Self.startWorker(server, lease: 2)
        let running = try await Self.waitForJob(server, jobID, timeout: 60) { $0.state == .running }
        kill(victim.processIdentifier, SIGKILL)
        try await Self.waitForExit(victim)
        #expect(victim.terminationReason == .uncaughtSignal)
        let orphan = try #require(try await server.store.job(id: jobID))
        #expect(orphan.state == .running, "the killed worker's job stays leased until the lease lapses")
        #expect(orphan.leaseOwner == running.leaseOwner)
        #expect(try await server.store.latestTranscript(recordingID: recording.id!) == nil)

        let rescuer = try Self.startWorker(server, lease: 10)
        let finished = try await Self.waitForJob(server, jobID, timeout: 900) { [.succeeded, .failed].contains($0.state) }
        #expect(finished.state == .succeeded, "\(finished.error ?? "")")
        #expect(finished.attempts == 2)
        let versions = try await server.store.transcripts(recordingID: recording.id!)
        #expect(versions.count == 1, "one transcript, written once, by the second worker")
        #expect(versions.first?.text.lowercased().contains("your country") == true, "\(versions.first?.text ?? "")")

        rescuer.terminate()
        try await Self.waitForExit(rescuer, timeout: 20)
        #expect(rescuer.terminationStatus == 0, "SIGTERM stops an idle worker cleanly")
    }
}

extension WorkerProcessTests {
    @Test func sigtermLetsTheRunningJobFinish() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let study = try await server.store.createStudy(name: "Term", details: "")
        let recording = try await Self.addRecording(
            server, studyID: study.id!, file: TestPaths.speech("en_librispeech_1272-128104-0000_picovoice.wav"), title: "LibriSpeech")
        let jobID = try await Self.enqueue(server, recordingID: recording.id!)
        let worker = try Self.startWorker(server, lease: 5)
        _ = try await Self.waitForJob(server, jobID, timeout: 60) { $0.state == .running }
        worker.terminate()
        try await Self.waitForExit(worker, timeout: 900)
        #expect(worker.terminationStatus == 0)
        let job = try #require(try await server.store.job(id: jobID))
        #expect(job.state == .succeeded, "\(job.error ?? "")")
        #expect(job.attempts == 1)
        #expect(try await server.store.latestTranscript(recordingID: recording.id!)?.text.lowercased().contains("quilter") == true)
    }

    @Test func sigtermWithoutGraceHandsTheJobBack() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let study = try await server.store.createStudy(name: "Hand back", details: "")
        let recording = try await Self.addRecording(
            server, studyID: study.id!, file: TestPaths.speech("en_librispeech_1272-128104-0000_picovoice.wav"), title: "LibriSpeech")
        let jobID = try await Self.enqueue(server, recordingID: recording.id!)
        let worker = try Self.startWorker(server, lease: 3, grace: 0)
        _ = try await Self.waitForJob(server, jobID, timeout: 60) { $0.state == .running }
        worker.terminate()
        try await Self.waitForExit(worker, timeout: 900)
        #expect(worker.terminationStatus == 0)
        let job = try #require(try await server.store.job(id: jobID))
        #expect(job.state == .queued, "handed back to the queue for another worker")
        #expect(job.leaseOwner == nil)
        #expect(job.error?.contains("handed back") == true, "\(job.error ?? "")")
        #expect(try await server.store.latestTranscript(recordingID: recording.id!) == nil)
    }
}

extension WorkerProcessTests {
    @Test func poolRestartsACrashedWorkerAndStopsAllOnShutdown() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        guard FileManager.default.isExecutableFile(atPath: TestPaths.verbatimExecutable.path) else {
            throw TestFailure("\(TestPaths.verbatimExecutable.path) is missing: build the `verbatim` product first")
        }
        var logger = server.backend.logger
        logger.logLevel = .critical
        let pool = WorkerPool(
            executable: TestPaths.verbatimExecutable,
            arguments: ["worker", "--data", server.dataDirectory.path, "--models", TestPaths.models.path], count: 2, stopTimeout: 20,
            logger: logger)
        pool.start()
        let deadline = Date().addingTimeInterval(30)
        while pool.processIdentifiers.count < 2, Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
        let before = pool.processIdentifiers
        #expect(before.count == 2)
        let victim = try #require(before.first)
        kill(victim, SIGKILL)
        while pool.restarts < 1 || pool.processIdentifiers.count < 2, Date() < deadline {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        let after = pool.processIdentifiers
        #expect(pool.restarts == 1)
        #expect(after.count == 2)
        #expect(!after.contains(victim))
        await pool.stopAll()
        #expect(pool.processIdentifiers.isEmpty)
        for pid in after { #expect(kill(pid, 0) != 0, "worker \(pid) is gone") }
    }
}

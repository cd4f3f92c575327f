import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `verbatim serve` stopped by SIGTERM (what systemd sends, deploy/systemd/verbatim.service)
/// while its worker transcribes: it exits 0 well within the unit's TimeoutStopSec, leaves no
/// worker behind, the job is done or back in the queue, never left running, and the store is sound.
@Suite("verbatim serve on SIGTERM", .serialized)
struct ServeShutdownTests {
    @Test func sigtermDuringATranscriptionStopsCleanly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-sigterm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (serve, token, data) = try await ServeProcess.startWithAdmin(in: folder, ["--workers", "1", "--lease", "5"])
        var stopped = false
        defer { if !stopped { serve.process.terminate() } }
        let client = CurlClient()
        let base = "http://127.0.0.1:\(serve.port)"
        let auth = [("Authorization", "Bearer \(token)")]
        let study = try await client.send("POST", "\(base)/studies", headers: auth + [("Content-Type", "application/json")], body: Data(#"{"name":"Stop"}"#.utf8))
        let studyID = try #require(try JSONDecoder().decode(StudyID.self, from: study.body).id, "\(study.text)")
        let upload = try await client.send(
            "POST", "\(base)/studies/\(studyID)/recordings", headers: auth,
            body: try Data(contentsOf: TestPaths.speech("en_librispeech_1272-128104-0000_picovoice.wav")))
        #expect(upload.status == 201, "\(upload.text)")
        struct Identified: Decodable { var id: Int64 }
        let recordingID = try JSONDecoder().decode(Identified.self, from: upload.body).id
        let enqueued = try await client.send(
            "POST", "\(base)/recordings/\(recordingID)/jobs", headers: auth + [("Content-Type", "application/json")],
            body: Data(#"{"model":"whisper-tiny.en"}"#.utf8))
        #expect(enqueued.status == 202, "\(enqueued.text)")
        let jobID = try JSONDecoder().decode(Identified.self, from: enqueued.body).id

        let store = try SQLiteStore(path: data.appendingPathComponent("verbatim.sqlite").path)
        let deadline = Date().addingTimeInterval(120)
        while try await store.job(id: jobID)?.state == .queued, Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
        // A short sample may already be transcribed when the loop looks again (a loaded machine
        // schedules the poll late): the worker took the job either way.
        let taken = try await store.job(id: jobID)?.state
        #expect(taken == .running || taken == .succeeded, "the worker took the job (\(String(describing: taken)))")
        let workers = try ServerCrashTests.children(of: serve.process.processIdentifier)
        #expect(workers.count == 1, "one worker process: \(workers)")

        let started = Date()
        let status = try await serve.stop(timeout: 90)
        stopped = true
        let took = Date().timeIntervalSince(started)
        #expect(status == 0, "verbatim serve exits 0 on SIGTERM: \(serve.logText.suffix(1500))")
        #expect(took < 75, "stopped in \(took) s, within the unit's TimeoutStopSec (90 s)")
        #expect(!workers.contains(where: ServerCrashTests.isAlive), "no worker outlives the server")
        let job = try #require(try await store.job(id: jobID))
        #expect(job.state == .succeeded || job.state == .queued, "the job is done or handed back, not \(job.state)")
        if job.state == .succeeded {
            #expect(try await store.latestTranscript(recordingID: recordingID)?.text.lowercased().contains("quilter") == true)
        }
        #expect(try await store.integrityProblems() == [], "PRAGMA integrity_check and foreign keys")
    }
}

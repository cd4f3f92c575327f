import Foundation
import Store
import Testing

/// `verbatim backup` taken from a running `verbatim serve` while uploads stream in through the
/// API and a worker transcribes: the restore into an empty folder verifies, and what it holds is
/// a consistent moment of the live store (every restored recording with its exact media, the job
/// either finished with its transcript or not yet, the audit chain intact); nothing uploaded
/// before the backup began is missing.
@Suite("Backup during uploads and a transcription", .serialized)
struct BackupUnderLoadTests {
    static let samples = [
        "en_commonvoice_651325.mp3", "derived_fr_commonvoice_picovoice_test_fr.opus", "en_librispeech_5703-47212-0000.ogg",
        "fr_picovoice_cheetah_test_fr_norm.wav", "en_librispeech_2412-153948-0000.flac", "derived_nasa_13013_audio.m4a",
        "fr_commonvoice_picovoice_test_fr.wav", "en_stereo_2spk_faster-whisper.wav",
    ]

    @Test func backupDuringUploadsAndATranscriptionRestoresConsistently() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-backup-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let backup = folder.appendingPathComponent("backup"), restored = folder.appendingPathComponent("restored")
        let verbatim = TestPaths.verbatimExecutable.path
        let (serve, token, data) = try await ServeProcess.startWithAdmin(in: folder, ["--workers", "1", "--lease", "5"])
        var stopped = false
        defer { if !stopped { serve.process.terminate() } }
        let base = "http://127.0.0.1:\(serve.port)"
        let auth = [("Authorization", "Bearer \(token)")]
        let study = try await CurlClient().send("POST", "\(base)/studies", headers: auth + [("Content-Type", "application/json")], body: Data(#"{"name":"Load"}"#.utf8))
        let studyID = try #require(try JSONDecoder().decode(StudyID.self, from: study.body).id, "\(study.text)")
        struct Identified: Decodable { var id: Int64 }

        // A transcription running...
        let first = try await CurlClient().send(
            "POST", "\(base)/studies/\(studyID)/recordings", headers: auth,
            body: try Data(contentsOf: TestPaths.speech("en_librispeech_1272-128104-0000_picovoice.wav")))
        #expect(first.status == 201, "\(first.text)")
        let firstID = try JSONDecoder().decode(Identified.self, from: first.body).id
        let job = try await CurlClient().send(
            "POST", "\(base)/recordings/\(firstID)/jobs", headers: auth + [("Content-Type", "application/json")],
            body: Data(#"{"model":"whisper-tiny.en"}"#.utf8))
        #expect(job.status == 202, "\(job.text)")
        let jobID = try JSONDecoder().decode(Identified.self, from: job.body).id
        let live = try SQLiteStore(path: data.appendingPathComponent("verbatim.sqlite").path)
        let deadline = Date().addingTimeInterval(120)
        while try await live.job(id: jobID)?.state == .queued, Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }

        // ...uploads streaming in, and the backup taken in the middle of them.
        let uploads = Task {
            var ids: [Int64] = []
            for name in Self.samples {
                let reply = try await CurlClient().send(
                    "POST", "\(base)/studies/\(studyID)/recordings", headers: auth, body: try Data(contentsOf: TestPaths.speech(name)))
                guard reply.status == 201 else { throw TestFailure("upload of \(name): \(reply.status) \(reply.text)") }
                ids.append(try JSONDecoder().decode(Identified.self, from: reply.body).id)
            }
            return ids
        }
        try await Task.sleep(nanoseconds: 150_000_000)
        let before = Set(try await live.recordings(studyID: studyID).compactMap(\.id))
        let made = try await CommandLineRun.run(verbatim, ["backup", "--to", backup.path, "--data", data.path], timeout: 300)
        #expect(made.status == 0, "\(made.errors)")
        let uploaded = try await uploads.value
        #expect(uploaded.count == Self.samples.count)

        let status = try await serve.stop()
        stopped = true
        #expect(status == 0)

        let back = try await CommandLineRun.run(verbatim, ["restore", "--from", backup.path, "--data", restored.path], timeout: 300)
        #expect(back.status == 0, "the restore verifies hashes, rows and the audit chain: \(back.errors)")
        let copy = try SQLiteStore(path: restored.appendingPathComponent("verbatim.sqlite").path)
        #expect(try await copy.integrityProblems() == [])
        #expect(try await copy.verifyAuditLog().eventCount > 0)
        let restoredRecordings = try await copy.recordings(studyID: studyID)
        let restoredIDs = Set(restoredRecordings.compactMap(\.id))
        #expect(before.isSubset(of: restoredIDs), "recordings stored before the backup began are in it")
        let liveRecordings = try await live.recordings(studyID: studyID)
        for recording in restoredRecordings {
            // Each restored recording is the live one, with its media file whole.
            let original = try #require(liveRecordings.first { $0.id == recording.id })
            #expect(recording.fileHash == original.fileHash)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath))
            #expect(Hashing.sha256Hex(bytes) == recording.fileHash, "\(recording.mediaPath)")
            #expect(recording.mediaPath.hasPrefix(restored.path), "media paths point into the restored folder")
        }
        // The job is a consistent moment: finished with its transcript, or not finished and without one.
        let restoredJob = try #require(try await copy.job(id: jobID))
        let transcript = try await copy.latestTranscript(recordingID: firstID)
        if restoredJob.state == .succeeded {
            #expect(transcript?.text.lowercased().contains("quilter") == true)
        } else {
            #expect([.queued, .running].contains(restoredJob.state) && transcript == nil, "\(restoredJob.state)")
        }
    }
}

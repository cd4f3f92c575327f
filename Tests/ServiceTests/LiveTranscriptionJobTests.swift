import Foundation
import Logging
import Service
import Store
import Testing

/// The live transcript as a job: queued after chunks (one waiting per capture), run by a real
/// worker with the installed models, appended to the store.
@Suite("Live transcription jobs", .serialized)
struct LiveTranscriptionJobTests {
    /// A sample with `pad` seconds of silence after it, encoded by `ffmpeg` to Ogg/Opus as a recorder would.
    static func oggPart(_ sample: String, pad: Double, to url: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", TestPaths.speech(sample).path, "-af", "apad=pad_dur=\(pad)", "-ac", "1",
            "-c:a", "libopus", "-b:a", "32k", "-f", "ogg", url.path,
        ]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("ffmpeg could not encode \(sample)") }
    }

    static func worker(_ server: TestServer) -> Worker {
        var worker = Worker(store: server.store, configuration: server.backend.configuration, logger: Logger(label: "test.worker"))
        worker.kinds = [LiveTranscriptionRequest.kind]
        return worker
    }

    /// A capture being recorded as Ogg/Opus in a fresh study; its folder.
    static func capture(_ server: TestServer) async throws -> (id: Int64, folder: URL) {
        let study = try await server.store.createStudy(name: "Live", details: "")
        let user = try await server.store.createUser(name: "Camille", email: "camille-live@example.org")
        let capture = try await server.store.createCapture(
            Capture(studyID: study.id!, title: "Entretien", createdBy: user.id!, consentBy: user.id!, mimeType: "audio/ogg;codecs=opus"))
        let folder = server.backend.configuration.mediaDirectory.appendingPathComponent("captures/capture-\(capture.id!)", isDirectory: true)
        return (capture.id!, folder)
    }

    @Test func chunksQueueOneStepAtATimeAndTheWorkerAppendsStableText() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let (seven, folder) = try await Self.capture(server)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.oggPart("fr_commonvoice_picovoice_test_fr.wav", pad: 2, to: folder.appendingPathComponent("part-000.ogg"))

        let queued = try #require(try await server.backend.requestLiveTranscription(captureID: seven, folder: folder, language: "fr"))
        #expect(queued.priority == LiveTranscriptionRequest.priority && queued.kind == "live-transcribe")
        // A second chunk while the step waits: that step will hear it, nothing more is queued.
        #expect(try await server.backend.requestLiveTranscription(captureID: seven, folder: folder, language: "fr") == nil)

        let worker = Self.worker(server)
        #expect(try await worker.runOnce())
        let done = try #require(try await server.store.job(id: queued.id!))
        #expect(done.state == .succeeded, "\(done.error ?? "")")
        let first = try await server.store.liveTranscript(captureID: seven)
        #expect(first.text.lowercased().contains("consulat"), "\(first.text)")
        #expect(first.transcribedUntil > 6 && first.language == "fr", "\(first)")
        #expect(try await worker.runOnce() == false, "one step for both chunks")

        // The page reloaded: a second part, a new step; the first text stays as it was.
        try Self.oggPart("fr_picovoice_cheetah_test_fr_norm.wav", pad: 2, to: folder.appendingPathComponent("part-001.ogg"))
        let again = try #require(try await server.backend.requestLiveTranscription(captureID: seven, folder: folder, language: "fr"))
        #expect(try await worker.runOnce())
        #expect(try await server.store.job(id: again.id!)?.state == .succeeded)
        let second = try await server.store.liveTranscript(captureID: seven)
        #expect(Array(second.segments.prefix(first.segments.count)) == first.segments)
        let added = second.segments.dropFirst(first.segments.count)
        #expect(added.map(\.text).joined().lowercased().contains("chiffre"), "\(second.text)")
        #expect(second.partStarts.count == 2 && second.partStarts[1] > 8)
        // On the capture's timeline: after part 0 (Whisper's first word may start a little early), not at 0.
        #expect(added.allSatisfy { $0.start >= second.partStarts[1] - 0.3 && $0.end > second.partStarts[1] + 1.5 }, "\(added) against \(second.partStarts)")
    }

    @Test func aFolderOutsideTheMediaFolderFailsTheJobForGood() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let request = LiveTranscriptionRequest(captureID: 9, folder: server.dataDirectory.path, language: nil)
        let job = try await server.store.enqueue(
            kind: LiveTranscriptionRequest.kind, payload: try request.payload(), studyID: nil, priority: LiveTranscriptionRequest.priority,
            maxAttempts: 2)
        #expect(try await Self.worker(server).runOnce())
        let failed = try #require(try await server.store.job(id: job.id!))
        #expect(failed.state == .failed && failed.attempts == 1)
        #expect(failed.error?.contains("media folder") == true, "\(failed.error ?? "")")
        #expect(try await server.store.liveTranscript(captureID: 9).segments.isEmpty)
    }

    /// A step queued before the capture finished finds it closed (its parts are gone): it ends without writing.
    @Test func aStepForAFinishedCaptureWritesNothing() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let (id, folder) = try await Self.capture(server)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.oggPart("fr_commonvoice_picovoice_test_fr.wav", pad: 2, to: folder.appendingPathComponent("part-000.ogg"))
        let queued = try #require(try await server.backend.requestLiveTranscription(captureID: id, folder: folder, language: "fr"))
        _ = try await server.store.discardCapture(id: id)
        #expect(try await Self.worker(server).runOnce())
        #expect(try await server.store.job(id: queued.id!)?.state == .succeeded)
        #expect(try await server.store.liveTranscript(captureID: id).segments.isEmpty)
    }
}

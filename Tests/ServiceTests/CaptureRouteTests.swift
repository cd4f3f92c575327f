import Foundation
import Testing

@testable import Service
@testable import Store

/// Interviews recorded in the pages (`/captures`) on a real server: consent first, chunks in
/// order with resent and parallel copies, parts from a restarted recorder, and the join into a
/// recording whose duration is what was recorded.
@Suite struct CaptureRouteTests {
    /// Two recorder parts, as a browser that was reloaded once writes them (WebM/Opus without duration).
    static let partFiles = [
        TestPaths.speech("derived_fr_commonvoice_picovoice_test_fr_part.webm"),
        TestPaths.speech("derived_fr_picovoice_cheetah_test_fr_norm_part.webm"),
    ]

    /// The parts cut into chunks of `size` bytes: (part, bytes) in sending order.
    static func chunks(size: Int = 4_000) throws -> [(part: Int, bytes: Data)] {
        var chunks: [(Int, Data)] = []
        for (part, url) in partFiles.enumerated() {
            let data = try Data(contentsOf: url)
            var start = 0
            while start < data.count {
                chunks.append((part, data.subdata(in: start..<min(start + size, data.count))))
                start += size
            }
        }
        return chunks
    }

    /// Seconds of audio in a file, decoded by the `ffmpeg` command line (an independent decoder).
    static func seconds(_ url: URL) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-v", "error", "-nostdin", "-i", url.path, "-ac", "1", "-ar", "16000", "-f", "f32le", "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Double(data.count / 4) / 16_000
    }

    func start(_ server: TestServer, _ f: StudyFixture, title: String = "Entretien P-001") async throws -> Capture {
        let reply = try await server.send(
            "POST", "/studies/\(f.studyID)/captures", token: f.tokens["researcher"],
            json: CaptureRoutes.Start(
                title: title, consentConfirmed: true, consentNote: "formulaire signé n° 12", mimeType: "audio/webm;codecs=opus",
                participantID: f.participantID, language: "fr"))
        #expect(reply.status == 201, "\(reply.text)")
        return try reply.json()
    }

    func put(_ server: TestServer, _ f: StudyFixture, _ id: Int64, _ index: Int, part: Int, _ bytes: Data) async throws -> TestServer.Reply {
        try await server.send("PUT", "/captures/\(id)/chunks/\(index)?part=\(part)", token: f.tokens["researcher"], body: bytes)
    }

    @Test func nothingIsRecordedWithoutConfirmedConsent() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let reply = try await server.send(
            "POST", "/studies/\(f.studyID)/captures", token: f.tokens["researcher"],
            json: ["title": "Entretien", "mimeType": "audio/webm;codecs=opus"], headers: ["Accept-Language": "fr-FR,fr;q=0.9"])
        #expect(reply.status == 422 && reply.errorCode == "consent_required")
        #expect(reply.text.contains("consentement"), "\(reply.text)")
        let refused = try await server.send(
            "POST", "/studies/\(f.studyID)/captures", token: f.tokens["researcher"],
            json: CaptureRoutes.Start(title: "E", consentConfirmed: false, mimeType: "audio/webm"))
        #expect(refused.status == 422 && refused.errorCode == "consent_required")
        let format = try await server.send(
            "POST", "/studies/\(f.studyID)/captures", token: f.tokens["researcher"],
            json: CaptureRoutes.Start(title: "E", consentConfirmed: true, mimeType: "audio/mp4"))
        #expect(format.status == 422 && format.errorCode == "unsupported_media_type")
        let coder = try await server.send(
            "POST", "/studies/\(f.studyID)/captures", token: f.tokens["coder"],
            json: CaptureRoutes.Start(title: "E", consentConfirmed: true, mimeType: "audio/webm"))
        #expect(coder.status == 403)
        #expect(try await server.store.captures(studyID: f.studyID, state: nil).isEmpty)
    }

    @Test func chunksBecomeOneRecordingWithTheConsentAndAQueuedTranscription() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let capture = try await start(server, f)
        let id = capture.id!
        #expect(capture.state == .recording && capture.chunkCount == 0)
        let chunks = try Self.chunks()
        // Part 1 before part 0 exists, and a chunk beyond the next, are refused.
        let early = try await put(server, f, id, 0, part: 1, chunks[0].bytes)
        #expect(early.status == 409 && early.errorCode == "part_out_of_order")
        for (index, chunk) in chunks.enumerated() {
            let reply = try await put(server, f, id, index, part: chunk.part, chunk.bytes)
            #expect(reply.status == 200, "chunk \(index): \(reply.text)")
            if index == 1 {
                // A retry after a lost reply is acknowledged and changes nothing; other bytes are refused.
                let again = try await put(server, f, id, 1, part: chunk.part, chunk.bytes)
                let receipt = try again.json(CaptureRoutes.ChunkReceipt.self)
                #expect(again.status == 200 && receipt.chunkCount == 2)
                let other = try await put(server, f, id, 1, part: chunk.part, Data(chunk.bytes.reversed()))
                #expect(other.status == 409 && other.errorCode == "chunk_conflict")
                let gap = try await put(server, f, id, 5, part: chunk.part, chunk.bytes)
                #expect(gap.status == 409 && gap.errorCode == "chunk_gap")
            }
        }
        // Every accepted chunk asked for a live step; one waits for all of them.
        let steps = try await server.store.jobs(state: .queued).filter { $0.kind == LiveTranscriptionRequest.kind }
        #expect(steps.count == 1)
        #expect(try LiveTranscriptionRequest.decode(payload: steps[0].payload).captureID == id)
        let live = try await server.send("GET", "/captures/\(id)/live", token: f.tokens["researcher"])
        let liveState = try live.json(CaptureRoutes.Live.self).state
        #expect(live.status == 200 && liveState == .recording, "\(live.text)")
        #expect(try await server.send("GET", "/captures/\(id)/live", token: f.tokens["coder"]).status == 403)
        let received = try await server.send("GET", "/captures/\(id)", token: f.tokens["researcher"]).json(Capture.self)
        #expect(received.chunkCount == chunks.count && received.parts == 2)
        #expect(received.byteCount == Int64(try Self.partFiles.map { try Data(contentsOf: $0).count }.reduce(0, +)))

        let short = try await server.send(
            "POST", "/captures/\(id)/finish", token: f.tokens["researcher"], json: CaptureRoutes.Finish(chunkCount: chunks.count + 1))
        #expect(short.status == 409 && short.errorCode == "chunk_gap")
        let reply = try await server.send(
            "POST", "/captures/\(id)/finish", token: f.tokens["researcher"], json: CaptureRoutes.Finish(chunkCount: chunks.count, duration: 9.3))
        #expect(reply.status == 200, "\(reply.text)")
        struct Finished: Decodable { var capture: Capture; var recording: Recording; var jobID: Int64? }
        let finished: Finished = try reply.json()
        let recording = try #require(try await server.store.recording(id: finished.recording.id!))
        let expected = try Self.partFiles.map(Self.seconds).reduce(0, +)
        #expect(abs((recording.duration ?? 0) - expected) < 0.1, "stored \(recording.duration ?? 0) s, recorded \(expected) s")
        #expect(abs(try Self.seconds(URL(fileURLWithPath: recording.mediaPath)) - expected) < 0.1)
        #expect(recording.consentBy == capture.consentBy && recording.consentAt != nil)
        #expect(finished.capture.state == .finished && finished.capture.recordingID == recording.id)
        let participants = try await server.store.recordingParticipants(recordingID: recording.id!)
        #expect(participants.map(\.participantID) == [f.participantID])
        let jobID = try #require(finished.jobID)
        let job = try #require(try await server.store.job(id: jobID))
        #expect(job.kind == TranscriptionRequest.kind && job.priority == CaptureAssembly.priority)
        #expect(try TranscriptionRequest.decode(payload: job.payload).recordingID == recording.id!)
        #expect(try TranscriptionRequest.decode(payload: job.payload).language == "fr")
        // The parts are gone; only the joined recording stays.
        let folder = server.dataDirectory.appendingPathComponent("media/captures/capture-\(id)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        // Finishing again answers the same recording; the closed capture takes no chunk.
        let again = try await server.send(
            "POST", "/captures/\(id)/finish", token: f.tokens["researcher"], json: CaptureRoutes.Finish(chunkCount: chunks.count))
        let repeated = try again.json(Finished.self)
        #expect(again.status == 200 && repeated.recording.id == recording.id)
        #expect(try await server.store.recordings(studyID: f.studyID).filter { $0.consentBy != nil }.count == 1)
        let late = try await put(server, f, id, chunks.count, part: 1, chunks[0].bytes)
        #expect(late.status == 409 && late.errorCode == "capture_closed")
        let actions = try await server.store.auditEvents(afterID: 0, limit: 1000).filter { $0.targetKind == "capture" }.map(\.action)
        #expect(actions == ["capture.consent", "capture.finish"])
    }

    /// The page resends a chunk whose reply it lost while the first copy is still being written:
    /// both are answered, the chunk is kept once.
    @Test func parallelCopiesOfAChunkAreKeptOnce() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let id = try await start(server, f).id!
        let chunks = try Self.chunks(size: 2_000).filter { $0.part == 0 }
        for (index, chunk) in chunks.enumerated() {
            let replies = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await put(server, f, id, index, part: 0, chunk.bytes).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(replies == [200, 200, 200, 200], "chunk \(index): \(replies)")
        }
        let capture = try #require(try await server.store.capture(id: id))
        #expect(capture.chunkCount == chunks.count)
        let part = server.dataDirectory.appendingPathComponent("media/captures/capture-\(id)/part-000.webm")
        #expect(try Data(contentsOf: part) == Data(contentsOf: Self.partFiles[0]))
    }

    /// A server killed after writing a chunk to disk but before recording it: the bytes on disk
    /// beyond what the store counts are cut off when the chunk comes again.
    @Test func aWriteTheStoreNeverCountedIsCutOff() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let id = try await start(server, f).id!
        let chunks = try Self.chunks().filter { $0.part == 0 }
        #expect(try await put(server, f, id, 0, part: 0, chunks[0].bytes).status == 200)
        let part = server.dataDirectory.appendingPathComponent("media/captures/capture-\(id)/part-000.webm")
        let handle = try FileHandle(forWritingTo: part)
        try handle.seekToEnd()
        try handle.write(contentsOf: chunks[1].bytes.prefix(1_000))  // the torn write
        try handle.close()
        for index in 1..<chunks.count { #expect(try await put(server, f, id, index, part: 0, chunks[index].bytes).status == 200) }
        #expect(try Data(contentsOf: part) == Data(contentsOf: Self.partFiles[0]))
    }

    @Test func aDiscardedCaptureLeavesNoMedia() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let id = try await start(server, f).id!
        let chunk = try Self.chunks()[0]
        #expect(try await put(server, f, id, 0, part: 0, chunk.bytes).status == 200)
        let outsider = try await server.send("DELETE", "/captures/\(id)", token: f.tokens["outsider"])
        #expect(outsider.status == 403 || outsider.status == 404)
        let listed = try await server.send("GET", "/studies/\(f.studyID)/captures?state=recording", token: f.tokens["researcher"])
        #expect(try listed.json([Capture].self).map(\.id) == [id])
        #expect(try await server.send("DELETE", "/captures/\(id)", token: f.tokens["researcher"]).status == 204)
        #expect(!FileManager.default.fileExists(atPath: server.dataDirectory.appendingPathComponent("media/captures/capture-\(id)").path))
        let late = try await put(server, f, id, 1, part: 0, chunk.bytes)
        #expect(late.status == 409 && late.errorCode == "capture_closed")
        let empty = try await server.send("GET", "/studies/\(f.studyID)/captures?state=recording", token: f.tokens["researcher"])
        #expect(try empty.json([Capture].self).isEmpty)
        #expect(try await server.store.capture(id: id)?.state == .discarded)
    }
}

import Foundation
import Store
import Testing

/// A correction keeps the segment's word timings: the worker aligns the corrected text to the
/// audio (an `align` job), so seek, highlight and the word tiers of exports survive edits.
extension WorkerProcessTests {
    @Test func correctedTextIsRealignedByTheWorker() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let study = try await server.store.createStudy(name: "Corrections", details: "")
        let recording = try await Self.addRecording(
            server, studyID: study.id!, file: TestPaths.speech("en_librispeech_1272-128104-0000_picovoice.wav"), title: "LibriSpeech")
        let jobID = try await Self.enqueue(server, recordingID: recording.id!)
        let worker = try Self.startWorker(server)
        defer { worker.terminate() }
        let done = try await Self.waitForJob(server, jobID, timeout: 600) { [.succeeded, .failed].contains($0.state) }
        #expect(done.state == .succeeded, "\(done.error ?? "")")
        let original = try #require(try await server.store.latestTranscript(recordingID: recording.id!))
        let segments = try await server.store.segments(transcriptID: original.id!)
        let before = try await server.store.words(transcriptID: original.id!)
        let first = try #require(segments.first)
        let originalWords = before.filter { $0.segmentID == first.id }
        #expect(originalWords.count >= 10)

        // The coder corrects the first segment: one word changed, punctuation dropped.
        let corrected = first.text.replacingOccurrences(of: "Mr.", with: "Mister").replacingOccurrences(of: ",", with: "")
        #expect(corrected != first.text)
        let reply = try await server.send(
            "POST", "/transcripts/\(original.id!)/versions", token: server.adminToken,
            json: Edits(edits: [.init(index: 0, text: corrected)]))
        #expect(reply.status == 201, "\(reply.text)")
        let edited = try #require(try await server.store.latestTranscript(recordingID: recording.id!))
        #expect(edited.id != original.id)

        // The alignment job runs on the worker and gives the corrected segment its words back.
        let deadline = Date().addingTimeInterval(300)
        var words: [Word] = []
        let editedFirst = try #require(try await server.store.segments(transcriptID: edited.id!).first)
        while Date() < deadline {
            words = try await server.store.words(transcriptID: edited.id!).filter { $0.segmentID == editedFirst.id }
            if !words.isEmpty { break }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        let expected = corrected.split(separator: " ").count
        #expect(words.count == expected, "\(words.map(\.text)) for \(corrected)")
        #expect(words.first?.text.contains("Mister") == true)
        for (previous, next) in zip(words, words.dropFirst()) { #expect(previous.start <= next.start) }
        #expect(words.allSatisfy { $0.start >= editedFirst.start - 0.01 && $0.end <= editedFirst.end + 0.01 })
        // Unchanged words land where Whisper's own alignment put them.
        for text in ["apostle", "classes", "gospel"] {
            let old = try #require(originalWords.first { $0.text.lowercased().contains(text) })
            let new = try #require(words.first { $0.text.lowercased().contains(text) })
            #expect(abs(old.start - new.start) <= 0.2, "\(text): \(old.start) before, \(new.start) after the correction")
        }
        let alignJobs = try await server.store.jobs(state: .succeeded).filter { $0.kind == "align" }
        #expect(alignJobs.count == 1)
    }
}

/// The body of `POST /transcripts/{id}/versions`.
private struct Edits: Encodable {
    struct Edit: Encodable {
        var index: Int
        var text: String
    }

    var edits: [Edit]
}

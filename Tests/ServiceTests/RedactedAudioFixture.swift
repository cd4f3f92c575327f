import Foundation
import Media
import Store
import Testing
import ZIPFoundation

/// A validated transcript of the fixture's real recording with timed words, two of them
/// identifying ("Kerhervé", "Nantes"), reviewed through the API; and what the tests of redacted
/// audio read back: the original's samples, and an archive's FLAC decoded by FFmpeg.
struct RedactedAudioFixture {
    static let text = "Je suis suivie par le docteur Kerhervé au CHU de Nantes depuis mars."
    /// The words and their times, in seconds, of the fixture's 5-second recording.
    static let words: [(String, Double, Double)] = [
        ("Je", 0.10, 0.30), ("suis", 0.30, 0.55), ("suivie", 0.55, 0.90), ("par", 0.90, 1.10), ("le", 1.10, 1.25),
        ("docteur", 1.25, 1.70), ("Kerhervé", 1.70, 2.30), ("au", 2.30, 2.45), ("CHU", 2.45, 2.80), ("de", 2.80, 2.95),
        ("Nantes", 2.95, 3.50), ("depuis", 3.50, 3.90), ("mars.", 3.90, 4.40),
    ]
    /// The spans the review accepts, and the audio they become with the 0.15 s margin:
    /// "Kerhervé" 1.55–2.45 and "CHU de Nantes" 2.30–3.65, merged.
    static let silenced = 1.55..<3.65

    let transcriptID: Int64

    /// Adds the transcript, proposes, and accepts every proposal as `researcher`.
    static func make(on server: TestServer, fixture: StudyFixture, researcher: String) async throws -> RedactedAudioFixture {
        try await make(on: server, recordingID: fixture.recordingID, researcher: researcher)
    }

    /// The same on any recording of the fixture's sample.
    static func make(on server: TestServer, recordingID: Int64, researcher: String) async throws -> RedactedAudioFixture {
        let transcript = try await server.store.addTranscript(
            recordingID: recordingID,
            TranscriptInput(
                engine: "whisper", model: "whisper-base", language: "fr", status: .reviewed,
                segments: [
                    SegmentInput(
                        start: 0.1, end: 4.4, speakerLabel: "P", text: text,
                        words: words.map { WordInput(start: $0.1, end: $0.2, text: $0.0, probability: 0.9) })
                ]))
        let id = try #require(transcript.id)
        let reply = try await server.send("POST", "/transcripts/\(id)/redactions/proposals", token: researcher)
        #expect(reply.status == 200, "\(reply.text)")
        let spans: [Redaction] = try reply.json()
        #expect(spans.map(\.text) == ["Kerhervé", "CHU de Nantes"])
        struct Decision: Encodable { var decision: String }
        for span in spans {
            let decided = try await server.send("PUT", "/redactions/\(span.id!)", token: researcher, json: Decision(decision: "accept"))
            #expect(decided.status == 200, "\(decided.text)")
        }
        return RedactedAudioFixture(transcriptID: id)
    }

    /// The fixture's recording decoded at its own rate.
    static func original() throws -> DecodedAudio {
        let url = TestPaths.speech("fr_commonvoice_picovoice_test_fr.wav")
        let rate = try #require(try MediaInfo(probing: url).bestAudioStream?.sampleRate)
        return try AudioDecoder.decodeAll(url: url, options: DecodeOptions(sampleRate: rate, keepChannels: true))
    }

    /// Decodes FLAC bytes with FFmpeg's libraries at `rate`.
    static func decode(_ data: Data, rate: Int) throws -> DecodedAudio {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-redacted-\(UUID().uuidString).flac")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try MediaInfo(probing: url).bestAudioStream?.codec == "flac")
        return try AudioDecoder.decodeAll(url: url, options: DecodeOptions(sampleRate: rate, keepChannels: true))
    }

    /// The entries of a ZIP archive by name.
    static func entries(_ zip: Data) throws -> [String: Data] {
        let archive = try Archive(data: zip, accessMode: .read)
        var files: [String: Data] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            files[entry.path] = bytes
        }
        return files
    }

    /// Checks that `redacted` holds `fill` over ``silenced`` (with 10 ms of slack at each end for
    /// the rounding to frames) and the original, to 16-bit precision, everywhere else.
    static func expectRedacted(_ redacted: DecodedAudio, original: DecodedAudio, fill: AudioRedaction.Fill) {
        let rate = original.sampleRate
        #expect(redacted.channels.count == original.channels.count)
        #expect(redacted.channels[0].count == original.channels[0].count)
        let inside = Int((silenced.lowerBound + 0.01) * Double(rate))..<Int((silenced.upperBound - 0.01) * Double(rate))
        let outside = [0..<Int((silenced.lowerBound - 0.01) * Double(rate)), Int((silenced.upperBound + 0.01) * Double(rate))..<original.channels[0].count]
        // The original speaks there: a silent stretch would prove nothing.
        #expect(original.channels[0][inside].map { abs($0) }.max()! > 0.05)
        let filler = AudioRedaction(spans: [], fill: fill)
        var wrongInside = 0, wrongOutside = 0
        for frame in inside where abs(redacted.channels[0][frame] - filler.fillSample(frame: frame, rate: rate)) > 2.0 / 32_768 {
            wrongInside += 1
        }
        for range in outside {
            for frame in range where abs(redacted.channels[0][frame] - original.channels[0][frame]) > 1.0 / 32_768 { wrongOutside += 1 }
        }
        #expect(wrongInside == 0, "\(wrongInside) frames of the redacted span are not \(fill)")
        #expect(wrongOutside == 0, "\(wrongOutside) frames outside the span differ from the recording")
    }
}

import Foundation
import Media
import Testing

@testable import Transcribe

/// The live transcript of a capture that grows as chunks arrive: French speech, two parts (a
/// page reloaded in the middle), slices cut anywhere.
@Suite("Live transcriber", .serialized)
struct LiveTranscriberTests {
    static let live = Result { () throws(PipelineError) in
        let pipeline = try RecordingPipeline(
            modelDirectory: WhisperTestFiles.modelDirectory("whisper-base"),
            modelsDirectory: WhisperTestFiles.repository.appendingPathComponent("models"))
        return LiveTranscriber(transcriber: pipeline.transcriber, vad: pipeline.vad)
    }

    static func silence(_ seconds: Double) -> [Float] { [Float](repeating: 0, count: Int(seconds * 16_000)) }

    static func reference(_ name: String) throws -> String {
        try String(contentsOf: WhisperTestFiles.repository.appendingPathComponent("samples/speech/refs/\(name).txt"), encoding: .utf8)
    }

    /// Steps through `data` as part `index` in slices of about `seconds` of audio (cut mid-packet),
    /// checking every step; the first slice stops inside the header.
    static func feed(
        _ data: Data, asPart index: Int, of capture: GrowingCapture, duration: Double, seconds: Double, state: inout LiveState,
        segments: inout [Transcriber.TextSpan]
    ) throws {
        let size = Int(Double(data.count) / duration * seconds) + 7
        let slices = [data.prefix(60)] + GrowingCapture.slices(Data(data.dropFirst(60)), size: size)
        for slice in slices {
            try capture.append(Data(slice), toPart: index)
            let before = state
            let step = try live.get().step(
                folder: capture.folder, state: state, language: "fr", previousText: segments.map(\.text).joined(separator: " "))
            #expect(step.state.transcribedUntil >= before.transcribedUntil)
            #expect(step.heardUntil >= step.state.transcribedUntil - 1e-9)
            var last = before.transcribedUntil
            for segment in step.segments {
                #expect(segment.start >= last - 1e-9, "\(segment) overlaps what came before (\(last))")
                #expect(segment.end <= step.state.transcribedUntil + 1e-9, "\(segment) goes past \(step.state.transcribedUntil)")
                last = segment.end
            }
            segments += step.segments
            state = step.state
        }
    }

    @Test("a growing two-part capture gives the reference words once each, on one timeline")
    func growingCapture() throws {
        let first = try WhisperTestFiles.samples("fr_commonvoice_picovoice_test_fr.wav")  // « Sous le consulat… »
        let second = try WhisperTestFiles.samples("fr_picovoice_cheetah_test_fr_norm.wav")  // « Mon chiffre préféré 3061. »
        let part0 = Self.silence(1) + first + Self.silence(2) + second + Self.silence(2) + first + Self.silence(1.5)
        let part1 = second + Self.silence(1.5) + first + Self.silence(1)
        let capture = try GrowingCapture()
        defer { capture.cleanUp() }
        let webm0 = try GrowingCapture.webm(part0), webm1 = try GrowingCapture.webm(part1)

        var state = LiveState()
        var segments: [Transcriber.TextSpan] = []
        // The header alone, cut: not yet, no error, nothing transcribed.
        try capture.append(webm0.prefix(40), toPart: 0)
        let empty = try Self.live.get().step(folder: capture.folder, state: state, language: "fr")
        #expect(empty.segments.isEmpty && empty.state.transcribedUntil == 0)
        try FileManager.default.removeItem(at: capture.part(0))

        try Self.feed(webm0, asPart: 0, of: capture, duration: Double(part0.count) / 16_000, seconds: 3, state: &state, segments: &segments)
        let duration0 = try AudioDecoder.decodeAll(url: capture.part(0)).duration
        let textOfPart0 = segments.map(\.text).joined(separator: " ")
        try Self.feed(webm1, asPart: 1, of: capture, duration: Double(part1.count) / 16_000, seconds: 3, state: &state, segments: &segments)
        let beforeFinal = segments
        let final = try Self.live.get().step(folder: capture.folder, state: state, language: "fr", isFinal: true)
        segments += final.segments

        print(segments.map { String(format: "%.2f–%.2f ", $0.start, $0.end) + $0.text })
        // Part 1 continues the timeline where part 0 ended.
        #expect(state.partStarts.count == 2)
        #expect(abs((state.partStarts.last ?? 0) - duration0) < 0.05, "part 1 starts at \(state.partStarts) against \(duration0)")
        let words = plainWords(beforeFinal.map(\.text).joined(separator: " "))
        // Every utterance once: three « consulat », two « chiffre », already before the last flush.
        #expect(words.filter { $0 == "consulat" }.count == 3, "\(words)")
        #expect(words.filter { $0 == "chiffre" }.count == 2, "\(words)")
        #expect(plainWords(textOfPart0).filter { $0 == "consulat" }.count == 2, "part 0 alone: \(textOfPart0)")
        // Part 1's « Mon chiffre » is placed just after part 0's end, not at 0.
        let secondChiffre = try #require(segments.last { plainWords($0.text).contains("chiffre") })
        #expect(secondChiffre.start >= duration0 - 0.3 && secondChiffre.start <= duration0 + 1.5, "\(secondChiffre) after \(duration0)")
        // The reference words, at whisper-base's greedy rate on these two sentences: 12 of the 16
        // with the AVX-512 kernels, 11 without (« conseillé » for « conseiller » after a near tie);
        // a lost sentence would take away half of them.
        let expected = Set(plainWords(try Self.reference("fr_commonvoice_picovoice_test_fr") + " " + Self.reference("fr_picovoice_cheetah_test_fr_norm")))
        let found = expected.intersection(words)
        #expect(Double(found.count) / Double(expected.count) >= 0.65, "missing \(expected.subtracting(found).sorted())")
        // A few seconds behind: the last speech was in the text before the recording stopped.
        #expect(state.transcribedUntil >= duration0 + Double(part1.count) / 16_000 - 2.0, "transcribed until \(state.transcribedUntil)")
    }

    @Test("a step never decodes the audio it already transcribed")
    func stepsStartWhereTheTextStops() throws {
        let first = try WhisperTestFiles.samples("fr_commonvoice_picovoice_test_fr.wav")
        let capture = try GrowingCapture()
        defer { capture.cleanUp() }
        try capture.append(try GrowingCapture.webm(Self.silence(0.5) + first + Self.silence(3) + first + Self.silence(2)), toPart: 0)
        let firstStep = try Self.live.get().step(folder: capture.folder, state: LiveState(), language: "fr")
        #expect(firstStep.segments.count >= 2)
        // From the middle: only what follows is heard, and the first sentence is not given again.
        let middle = LiveState(transcribedUntil: 0.5 + Double(first.count) / 16_000 + 1.5)
        let fromMiddle = try Self.live.get().step(folder: capture.folder, state: middle, language: "fr")
        let words = plainWords(fromMiddle.segments.map(\.text).joined(separator: " "))
        #expect(words.filter { $0 == "consulat" }.count == 1, "\(words)")
        #expect(fromMiddle.segments.allSatisfy { $0.start >= middle.transcribedUntil })
        #expect(abs(fromMiddle.heardUntil - firstStep.heardUntil) < 0.05)
    }
}

import Foundation
import Testing

@testable import Transcribe

/// Greedy transcripts against faster-whisper's (tools/oracle/oracle.py, same weights, float32,
/// beam 1, temperature 0, conditioning on previous text, same 16 kHz PCM).
@Suite("Transcriber against faster-whisper", .serialized)
struct TranscriberTests {
    static let cases: [(model: String, file: String)] = ["whisper-base", "whisper-tiny.en"].flatMap { model in
        // A missing fixture stops the run here rather than leaving the tests with no case.
        (try! OracleFixture.load(model)).results.map { (model, $0.file) }
    }

    static func greedy(_ model: String, _ file: String) throws -> (Transcription, OracleFixture.Result) {
        let oracle = try #require(try OracleFixture.load(model).results.first { $0.file == file })
        let transcriber = Transcriber(model: try WhisperTestFiles.model(model))
        let options = TranscriptionOptions(beamSize: 1, temperatures: [0], guardRetry: false)
        let result = try transcriber.transcribe(samples: try WhisperTestFiles.samples(file), options: options)
        return (result, oracle)
    }

    static func squeezed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test("greedy text and language equal the oracle's", arguments: cases.map { "\($0.model) \($0.file)" })
    func sameText(name: String) throws {
        let parts = name.split(separator: " ").map(String.init)
        let (result, oracle) = try Self.greedy(parts[0], parts[1])
        #expect(result.language == oracle.language)
        #expect(abs(result.languageProbability - oracle.languageProbability) < 0.02)
        #expect(Self.squeezed(result.text) == Self.squeezed(oracle.text))
        #expect(result.segments.count == oracle.segments.count)
        for (mine, theirs) in zip(result.segments, oracle.segments) {
            #expect(abs(mine.start - theirs.start) < 0.021 && abs(mine.end - theirs.end) < 0.021)
            #expect(abs(mine.avgLogProb - theirs.avgLogProb) < 0.05)
            #expect(abs(mine.noSpeechProb - theirs.noSpeechProb) < 0.02)
            #expect(abs(mine.compressionRatio - theirs.compressionRatio) < 0.01)
        }
        if let reference = oracle.reference, let oracleWER = oracle.wer {
            let wer = WordErrorRate.of(reference: reference, hypothesis: result.text)
            #expect(wer <= oracleWER + 0.01, "WER \(wer) vs oracle \(oracleWER)")
        }
    }

    @Test(
        "the language detected on a clip alone (the second pass's test) is the oracle's",
        arguments: cases.filter { $0.model == "whisper-base" }.map(\.file))
    func detectedAlone(file: String) throws {
        let oracle = try #require(try OracleFixture.load("whisper-base").results.first { $0.file == file })
        let transcriber = Transcriber(model: try WhisperTestFiles.model("whisper-base"))
        #expect(transcriber.detectedLanguage(samples: try WhisperTestFiles.samples(file)) == oracle.language)
    }

    @Test("the normaliser and WER agree with jiwer on the oracle's own outputs")
    func werMatchesJiwer() throws {
        for model in ["whisper-base", "whisper-tiny.en"] {
            for result in try OracleFixture.load(model).results {
                guard let reference = result.reference, let wer = result.wer else { continue }
                #expect(abs(WordErrorRate.of(reference: reference, hypothesis: result.text) - wer) < 1e-3, "\(result.file)")
            }
        }
    }

    @Test("invalid options are refused with a typed error")
    func invalidOptions() throws {
        let transcriber = Transcriber(model: try WhisperTestFiles.model("whisper-base"))
        #expect(throws: TranscriptionError.unknownLanguage("xx")) {
            _ = try transcriber.transcribe(samples: [Float](repeating: 0, count: 16_000), options: .init(language: "xx"))
        }
        #expect(throws: TranscriptionError.invalidBeamSize(0)) {
            _ = try transcriber.transcribe(samples: [], options: .init(beamSize: 0))
        }
    }
}

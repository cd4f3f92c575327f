import Foundation
import Synchronization
import Testing

@testable import Transcribe

@Suite("Beam search, progress and per-window language", .serialized)
struct BeamSearchTests {
    @Test(
        "beam 5 gives faster-whisper's beam-5 text",
        arguments: ["en_librispeech_1272-128104-0000_picovoice.wav", "fr_commonvoice_picovoice_test_fr.wav"])
    func beamMatchesOracle(file: String) throws {
        let oracle = try #require(try OracleFixture.load("beam5-whisper-base").results.first { $0.file == file })
        let transcriber = Transcriber(model: try WhisperTestFiles.model("whisper-base"))
        let result = try transcriber.transcribe(
            samples: try WhisperTestFiles.samples(file), options: TranscriptionOptions(beamSize: 5, temperatures: [0], guardRetry: false))
        #expect(TranscriberTests.squeezed(result.text) == TranscriberTests.squeezed(oracle.text))
        #expect(result.language == oracle.language)
    }

    @Test("progress reaches 1 and every window reports its own language")
    func progressAndLanguagePerWindow() throws {
        let transcriber = Transcriber(model: try WhisperTestFiles.model("whisper-base"))
        let fractions = Mutex<[Double]>([])
        let options = TranscriptionOptions(detectLanguagePerWindow: true, beamSize: 1, temperatures: [0], guardRetry: false)
        let result = try transcriber.transcribe(
            samples: try WhisperTestFiles.samples("fr_picovoice_cheetah_test_fr_norm.wav"), options: options
        ) { fraction in fractions.withLock { $0.append(fraction) } }
        let seen = fractions.withLock { $0 }
        #expect(seen.last == 1)
        #expect(seen == seen.sorted())
        #expect(!result.segments.isEmpty && result.segments.allSatisfy { $0.language == "fr" })
        #expect(result.options == options)
        #expect(result.model == "whisper-base")
        // The language is detected on the window that is then decoded: one encoder pass, not two.
        #expect(result.timings.windows == 1)
    }
}

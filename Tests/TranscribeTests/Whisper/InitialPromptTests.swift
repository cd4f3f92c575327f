import Foundation
import Testing

@testable import Transcribe

/// `--prompt`: an initial prompt gives faster-whisper's text with the same prompt
/// (`tools/oracle/oracle.py --prompt`, float32, greedy, temperature 0).
@Suite("Initial prompt against faster-whisper", .serialized)
struct InitialPromptTests {
    struct Fixture: Decodable {
        struct Result: Decodable {
            var segments: [OracleFixture.Segment]
            var file: String
            var prompt: String
            var text: String
            var language: String
        }

        var results: [Result]
    }

    @Test("greedy text with an initial prompt equals the oracle's")
    func sameTextAsOracle() throws {
        let data = try Data(contentsOf: WhisperTestFiles.fixture("oracle-prompt-whisper-base.json"))
        let oracle = try #require(try JSONDecoder().decode(Fixture.self, from: data).results.first)
        let transcriber = Transcriber(model: try WhisperTestFiles.model("whisper-base"))
        let samples = try WhisperTestFiles.samples(oracle.file)
        let prompted = try transcriber.transcribe(
            samples: samples, options: TranscriptionOptions(beamSize: 1, temperatures: [0], initialPrompt: oracle.prompt))
        #expect(TranscriberTests.squeezed(prompted.text) == TranscriberTests.squeezed(oracle.text))
        #expect(prompted.language == oracle.language)
        #expect(prompted.options.initialPrompt == oracle.prompt)
        // The prompt changes the decoder's confidence (-0.76 without it, -0.57 with it): the
        // log-probabilities follow the oracle's, so the prompt really conditions the decoding.
        #expect(prompted.segments.count == oracle.segments.count)
        for (mine, theirs) in zip(prompted.segments, oracle.segments) {
            #expect(mine.tokens == theirs.tokens)
            #expect(abs(mine.avgLogProb - theirs.avgLogProb) < 0.05, "\(mine.avgLogProb) vs \(theirs.avgLogProb)")
        }
    }
}

import Foundation
import Testing

@testable import Transcribe

/// `bestOf`: at a temperature above 0, several sequences sampled as one batch, the most probable
/// kept (faster-whisper's `best_of`, 5 by default).
@Suite("Sampling best of N", .serialized)
struct BestOfTests {
    /// In float32 a sequence scores the same in a batch of five as alone (up to rounding); int8
    /// quantises each row's activations, which turns those rounding differences into a few
    /// hundredths of a log-probability per token, so it gets a relative bound (a wrong cache
    /// would be off by far more).
    @Test(
        "five sequences sampled as a batch score as when each is fed alone; the best is kept",
        arguments: [ComputeType.float32, .int8])
    func batchedSamplingIsConsistent(type: ComputeType) throws {
        let model = try WhisperTestFiles.model("whisper-base", type)
        let tokenizer = model.tokenizer
        let options = TranscriptionOptions(language: "en", beamSize: 1, bestOf: 5)
        let mel = LogMelSpectrogram(
            samples: try WhisperTestFiles.samples("en_librispeech_1272-128104-0000_picovoice.wav"), melBins: model.melBins)
        let encoded = WhisperEncoder(weights: model.weights).encode(mel.window(start: 0, length: min(3000, mel.contentFrames)))
        let decoder = WhisperDecoder(weights: model.weights, maxBatch: 5)
        decoder.start(encoderOutput: encoded)
        let filter = Transcriber(model: model).filter(options)
        let sequences = SequenceDecoder(decoder: decoder, tokenizer: tokenizer, filter: filter)
        let prompt = tokenizer.startSequence(language: tokenizer.languageToken("en"))

        var generator = SplitMix64(seed: 11)
        let candidates = sequences.sample(prompt: prompt, count: 5, temperature: 1, maxNewTokens: 120, generator: &generator)
        #expect(candidates.count == 5)
        #expect(Set(candidates.map(\.tokens)).count > 1, "samples at temperature 1 should not all agree")

        // Teacher-forcing each candidate alone through a batch of one gives the same log-probabilities.
        for candidate in candidates {
            decoder.reset()
            var logits = decoder.forward(tokens: prompt, batch: 1).logits[0]
            var sum: Double = 0
            let ended = candidate.tokens.count < 120
            for (index, token) in (candidate.tokens + (ended ? [tokenizer.endOfText] : [])).enumerated() {
                let logProbs = filter.apply(&logits, sampled: Array(candidate.tokens.prefix(index)))
                sum += Double(logProbs[token])
                if token != tokenizer.endOfText && index + 1 < candidate.tokens.count + (ended ? 1 : 0) {
                    logits = decoder.forward(tokens: [token], batch: 1).logits[0]
                }
            }
            let tolerance = type == .float32 ? 1e-2 : 0.05 * abs(sum)
            #expect(abs(sum - candidate.sumLogProb) < tolerance, "batched \(candidate.sumLogProb) vs alone \(sum)")
        }

        var again = SplitMix64(seed: 11)
        let best = sequences.decode(
            prompt: prompt, beamSize: 1, bestOf: 5, patience: 1, temperature: 1, maxNewTokens: 120, generator: &again)
        let expected = candidates.max { SequenceDecoder.score($0) < SequenceDecoder.score($1) }!
        #expect(best.tokens == expected.tokens)
        // Same tokens, same score up to the rounding of another run (OpenBLAS threads may differ).
        #expect(abs(SequenceDecoder.score(best) - SequenceDecoder.score(expected)) < 1e-3)
    }

    @Test("best-of below 1 is refused with a typed error")
    func invalidBestOf() throws {
        let transcriber = Transcriber(model: try WhisperTestFiles.model("whisper-tiny.en", .int8))
        #expect(throws: TranscriptionError.invalidBestOf(0)) {
            _ = try transcriber.transcribe(samples: [Float](repeating: 0, count: 16_000), options: .init(bestOf: 0))
        }
    }
}

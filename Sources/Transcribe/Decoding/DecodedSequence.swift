/// One window's decoding result: the sampled tokens and how confident the model was.
struct DecodedSequence: Sendable {
    /// Sampled tokens, end of text excluded.
    var tokens: [Int]
    /// Sum of the tokens' log-probabilities, end of text included.
    var sumLogProb: Double
    /// Probability of `<|nocaptions|>` right after `<|startoftranscript|>`.
    var noSpeechProb: Double
    /// Sampling temperature used (0 = greedy or beam search).
    var temperature: Double

    /// Average log-probability as faster-whisper reports it: `sum / (tokens + 1)`.
    var avgLogProb: Double { sumLogProb / Double(tokens.count + 1) }
}

/// One word of a segment, timed by cross-attention alignment.
public struct TranscriptionWord: Sendable, Codable, Equatable, Hashable {
    /// Start in seconds from the beginning of the recording.
    public var start: Double
    /// End in seconds.
    public var end: Double
    /// The word as Whisper wrote it, with its leading space and attached punctuation.
    public var text: String
    /// The mean of its tokens' probabilities (as Whisper and faster-whisper report it), in 0...1.
    public var probability: Double
    /// The speaker (`S1`, `S2`...), once diarized.
    public var speaker: String?

    /// Words below this probability are marked unsure for review. Chosen on `bench/fidelity`
    /// (base model, int8), where 0.5 found a third of the wrong words: with 0.75, 46 % of the
    /// unsure words are wrong and they are 59 % of the wrong words (most of the others are a
    /// sentence the decoder copied, errors included, from the same words said earlier).
    public static let unsureProbability = 0.75
    /// Whether a person should check this word (``unsureProbability``).
    public var isUnsure: Bool { probability < Self.unsureProbability }

    /// Creates a word.
    public init(start: Double, end: Double, text: String, probability: Double) {
        self.start = start
        self.end = end
        self.text = text
        self.probability = probability
    }
}

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

    /// Creates a word.
    public init(start: Double, end: Double, text: String, probability: Double) {
        self.start = start
        self.end = end
        self.text = text
        self.probability = probability
    }
}

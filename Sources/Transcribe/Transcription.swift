/// One stretch of transcript between two timestamps.
public struct TranscriptionSegment: Sendable, Codable, Equatable {
    /// Position in the transcript, from 0.
    public var id: Int
    /// Start in seconds from the beginning of the audio.
    public var start: Double
    /// End in seconds.
    public var end: Double
    /// The text, with the leading space Whisper puts before words.
    public var text: String
    /// Text tokens and timestamp tokens of the segment.
    public var tokens: [Int]
    /// Temperature of the decoding that produced it (0 unless a fallback happened).
    public var temperature: Double
    /// Average log-probability of the window's tokens.
    public var avgLogProb: Double
    /// Compression ratio of the window's text (high = repetitive).
    public var compressionRatio: Double
    /// Probability that the window holds no speech.
    public var noSpeechProb: Double
    /// The language of the window the segment came from.
    public var language: String
    /// Timed words, when word timestamps were asked for.
    public var words: [TranscriptionWord] = []
    /// What the guards found wrong with it (empty when nothing).
    public var flags: [SegmentFlag] = []
    /// Still flagged after its window was decoded again: a person should check it.
    public var needsReview: Bool = false
    /// The speaker (`S1`, `S2`...), once diarized.
    public var speaker: String?
}

/// Where the time went, for benchmarks and logs.
public struct TranscriptionTimings: Sendable, Codable, Equatable {
    /// Seconds computing log-mel features.
    public var mel: Double = 0
    /// Seconds in the encoder, all windows together.
    public var encoder: Double = 0
    /// Windows encoded.
    public var windows: Int = 0
    /// Seconds in the decoder (cross-attention setup, prompts, tokens, language detection).
    public var decoder: Double = 0
    /// Decoder forward passes of one token step (beams counted once per step).
    public var decoderSteps: Int = 0
    /// Seconds timing words (the alignment pass, warping, boundary fixes).
    public var alignment: Double = 0
    /// Wall-clock seconds deciding on and decoding again flagged runs of segments alone (their own language).
    public var secondPass: Double = 0
    /// Wall-clock seconds transcribing speech regions the windows left without text.
    public var recovery: Double = 0
    /// Wall-clock seconds of the whole transcription.
    public var total: Double = 0
}

/// A whole transcription: segments, language, and everything needed to reproduce it.
public struct Transcription: Sendable, Codable, Equatable {
    /// Segments in time order.
    public var segments: [TranscriptionSegment]
    /// Language of the first window (given or detected).
    public var language: String
    /// Probability of that language (1 when it was given).
    public var languageProbability: Double
    /// Seconds of audio transcribed.
    public var duration: Double
    /// Model name (the model directory's name).
    public var model: String
    /// How the model's dense layers were held and multiplied (int8 or float32).
    public var computeType: ComputeType = .float32
    /// Every setting used.
    public var options: TranscriptionOptions
    /// Where the time went.
    public var timings: TranscriptionTimings
    /// Speech regions that gave no text even when transcribed alone: a person should listen there.
    public var missedSpeech: [SpeechRegion] = []
    /// Whether word times are approximate: the model names no alignment heads (distilled
    /// models), so the upper half of the decoder's heads stands in for them.
    public var approximateWordTimes = false

    /// All segments' text joined, without the leading space.
    public var text: String {
        var joined = segments.map(\.text).joined()
        while joined.first == " " { joined.removeFirst() }
        return joined
    }
}

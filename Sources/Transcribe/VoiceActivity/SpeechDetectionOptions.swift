/// How frame probabilities become speech regions: Silero's hysteresis, with its defaults.
public struct SpeechDetectionOptions: Sendable, Equatable, Codable {
    /// A frame at or above this probability starts (or continues) speech.
    public var threshold: Float
    /// While in speech, a frame below this probability counts as silence.
    public var negativeThreshold: Float
    /// Regions shorter than this (seconds) are dropped.
    public var minSpeechDuration: Double
    /// Silence shorter than this (seconds) does not end a region.
    public var minSilenceDuration: Double
    /// Seconds added on each side of a region (halved between regions closer than twice this).
    public var speechPad: Double
    /// Regions longer than this (seconds) are split at their longest inner silence, or cut.
    public var maxSpeechDuration: Double
    /// Inner silences at least this long (seconds) are candidates for such a split.
    public var minSilenceAtMaxSpeech: Double

    /// Creates options; the defaults are those of `silero-vad`'s `get_speech_timestamps`
    /// (threshold 0.5, negative threshold 0.35, 250 ms, 100 ms, 30 ms, no maximum).
    public init(
        threshold: Float = 0.5, negativeThreshold: Float? = nil, minSpeechDuration: Double = 0.25,
        minSilenceDuration: Double = 0.1, speechPad: Double = 0.03, maxSpeechDuration: Double = .infinity,
        minSilenceAtMaxSpeech: Double = 0.098
    ) {
        self.threshold = threshold
        self.negativeThreshold = negativeThreshold ?? max(threshold - 0.15, 0.01)
        self.minSpeechDuration = minSpeechDuration
        self.minSilenceDuration = minSilenceDuration
        self.speechPad = speechPad
        self.maxSpeechDuration = maxSpeechDuration
        self.minSilenceAtMaxSpeech = minSilenceAtMaxSpeech
    }
}

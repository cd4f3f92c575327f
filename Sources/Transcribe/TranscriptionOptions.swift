/// How to transcribe: language, search, fallback and prompting. Defaults follow faster-whisper.
public struct TranscriptionOptions: Sendable, Codable, Equatable {
    /// Language code (`fr`, `en`...), or nil to detect it from the first window.
    public var language: String?
    /// Detect the language again in every 30-second window (for interviews that switch language).
    public var detectLanguagePerWindow: Bool
    /// Beams of the beam search at temperature 0 (1 = greedy).
    public var beamSize: Int
    /// Sequences sampled together at a temperature above 0, the most probable one kept.
    public var bestOf: Int
    /// Beam-search patience: stop once `beamSize × patience` hypotheses have ended.
    public var patience: Double
    /// Temperatures tried in turn while a window fails the thresholds below.
    public var temperatures: [Double]
    /// A window whose text compresses better than this (gzip ratio) is decoded again, hotter.
    public var compressionRatioThreshold: Double?
    /// A window whose average log-probability is below this is decoded again, hotter.
    public var logProbThreshold: Double?
    /// A window whose no-speech probability is above this (and log-probability low) is skipped.
    public var noSpeechThreshold: Double?
    /// Give the previous windows' text to the decoder as a prompt.
    public var conditionOnPreviousText: Bool
    /// Stop conditioning after a window decoded hotter than this.
    public var promptResetOnTemperature: Double
    /// Text that primes the vocabulary (names of places, drugs, jargon), given before the first window.
    public var initialPrompt: String?
    /// Forbid a blank or end of text as the first token.
    public var suppressBlank: Bool
    /// Decode without timestamp tokens (one segment per window).
    public var withoutTimestamps: Bool
    /// Latest time in seconds the first timestamp of a window may take.
    public var maxInitialTimestamp: Double
    /// Seed of the sampler used at temperatures above 0, for reproducible runs.
    public var seed: UInt64
    /// Time every word from the cross-attention of the alignment heads (one more decoder pass per window).
    public var wordTimestamps: Bool
    /// Transcribe only the speech regions given to ``Transcriber/transcribe(samples:speech:options:progress:)``,
    /// packed into 30-second windows with the long silences cut out.
    public var speechOnly: Bool
    /// Silences longer than this (seconds) are cut out and never crossed by a segment (with `speechOnly`).
    public var maxSilence: Double
    /// Decode a window again with fallback settings when one of its segments is flagged (``SegmentGuard``).
    public var guardRetry: Bool

    /// Options with faster-whisper's defaults (beam 5, best of 5, fallback temperatures 0 to 1 by 0.2).
    public init(
        language: String? = nil, detectLanguagePerWindow: Bool = false, beamSize: Int = 5, bestOf: Int = 5,
        patience: Double = 1,
        temperatures: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 1.0], compressionRatioThreshold: Double? = 2.4,
        logProbThreshold: Double? = -1, noSpeechThreshold: Double? = 0.6, conditionOnPreviousText: Bool = true,
        promptResetOnTemperature: Double = 0.5, initialPrompt: String? = nil, suppressBlank: Bool = true,
        withoutTimestamps: Bool = false, maxInitialTimestamp: Double = 1, seed: UInt64 = 0, wordTimestamps: Bool = false,
        speechOnly: Bool = false, maxSilence: Double = 2, guardRetry: Bool = true
    ) {
        self.language = language
        self.detectLanguagePerWindow = detectLanguagePerWindow
        self.beamSize = beamSize
        self.bestOf = bestOf
        self.patience = patience
        self.temperatures = temperatures
        self.compressionRatioThreshold = compressionRatioThreshold
        self.logProbThreshold = logProbThreshold
        self.noSpeechThreshold = noSpeechThreshold
        self.conditionOnPreviousText = conditionOnPreviousText
        self.promptResetOnTemperature = promptResetOnTemperature
        self.initialPrompt = initialPrompt
        self.suppressBlank = suppressBlank
        self.withoutTimestamps = withoutTimestamps
        self.maxInitialTimestamp = maxInitialTimestamp
        self.seed = seed
        self.wordTimestamps = wordTimestamps
        self.speechOnly = speechOnly
        self.maxSilence = maxSilence
        self.guardRetry = guardRetry
    }
}

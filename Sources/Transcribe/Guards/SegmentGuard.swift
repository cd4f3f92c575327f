import Foundation

/// The checks behind ``SegmentFlag``.
public enum SegmentGuard {
    /// Repeats of one n-gram in a row that make a loop.
    public static let loopRepeats = 4
    /// Longest n-gram (in tokens) checked for loops.
    public static let loopLength = 8
    /// Text compressing better than this (gzip ratio) is repetitive.
    public static let compressionRatioLimit = 2.4
    /// Average log-probability below this is low confidence.
    public static let logProbLimit = -1.0
    /// Mean word probability below this is low confidence.
    public static let wordProbabilityLimit = 0.25
    /// A segment with at least this share of words below ``shakyWordProbability`` is flagged
    /// ``SegmentFlag/unsureWords``. On `bench/fidelity` (base model) 29 % of the words in
    /// segments marked for review were wrong, and they held 25 % of all wrong words: word-level
    /// flags (``TranscriptionWord/isUnsure``) guide a review better.
    public static let unsureWordShare = 0.3
    /// Word probability below which a word counts toward ``unsureWordShare``.
    public static let shakyWordProbability = 0.5

    /// Whether `tokens` hold an n-gram of 1 to `loopLength` tokens repeated `loopRepeats` times in a row.
    public static func hasLoop(_ tokens: [Int]) -> Bool {
        guard tokens.count >= loopRepeats else { return false }
        for length in 1...loopLength where length * loopRepeats <= tokens.count {
            var start = 0
            while start + length * loopRepeats <= tokens.count {
                var repeats = 1
                var next = start + length
                while next + length <= tokens.count && tokens[next..<(next + length)] == tokens[start..<(start + length)] {
                    repeats += 1
                    next += length
                }
                if repeats >= loopRepeats { return true }
                start += 1
            }
        }
        return false
    }

    /// The flags of `segment` (times in the recording), given the recording's speech regions
    /// (nil when unknown) and language, the language detected in the segment's window (nil when
    /// not detected: the segment's own), and the end of text token (text tokens are below it).
    public static func flags(
        _ segment: TranscriptionSegment, speech: [SpeechRegion]?, recordingLanguage: String, windowLanguage: String? = nil,
        endOfText: Int
    ) -> [SegmentFlag] {
        var flags: Set<SegmentFlag> = []
        let text = segment.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if hasLoop(segment.tokens.filter { $0 < endOfText }) || CompressionRatio.of(text) > compressionRatioLimit {
            flags.insert(.repetition)
        }
        let wordProbability = segment.words.isEmpty ? 1 : segment.words.map(\.probability).reduce(0, +) / Double(segment.words.count)
        if segment.avgLogProb < logProbLimit || wordProbability < wordProbabilityLimit { flags.insert(.lowConfidence) }
        let shaky = segment.words.filter { $0.probability < shakyWordProbability }.count
        if shaky >= 2 && Double(shaky) >= unsureWordShare * Double(segment.words.count) { flags.insert(.unsureWords) }
        if let speech, !speech.contains(where: { $0.start < segment.end && $0.end > segment.start }) {
            flags.insert(.textInSilence)
        }
        if (windowLanguage ?? segment.language) != recordingLanguage || segment.language != recordingLanguage {
            flags.insert(.otherLanguage)
        }
        return flags.sorted()
    }
}

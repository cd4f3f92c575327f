import Foundation

/// A transcript as produced by an engine or a person, before it is stored as a new version.
public struct TranscriptInput: Sendable, Hashable {
    /// Engine that produced the text (`whisper`, `human`).
    public var engine: String
    /// Model name, empty for human work.
    public var model: String
    /// BCP-47 language code.
    public var language: String
    /// Review state of the new version.
    public var status: TranscriptStatus
    /// The user who made it, if a person did.
    public var createdBy: Int64?
    /// The segments in time order.
    public var segments: [SegmentInput]

    /// Creates a transcript input.
    public init(
        engine: String, model: String, language: String, status: TranscriptStatus = .draft, createdBy: Int64? = nil,
        segments: [SegmentInput]
    ) {
        self.engine = engine
        self.model = model
        self.language = language
        self.status = status
        self.createdBy = createdBy
        self.segments = segments
    }
}

/// One segment of a ``TranscriptInput``.
public struct SegmentInput: Sendable, Hashable {
    /// Start in seconds.
    public var start: Double
    /// End in seconds.
    public var end: Double
    /// Diarization label; speakers are created per recording on first use.
    public var speakerLabel: String?
    /// The text (must not contain a newline, which separates segments in the transcript text).
    public var text: String
    /// Mean confidence in 0...1.
    public var confidence: Double?
    /// Word timings, may be empty.
    public var words: [WordInput]
    /// The engine's guard flags (`repetition`, `lowConfidence`...); non-empty means "needs review".
    public var flags: [String]

    /// Creates a segment input.
    public init(
        start: Double, end: Double, speakerLabel: String? = nil, text: String, confidence: Double? = nil,
        words: [WordInput] = [], flags: [String] = []
    ) {
        self.start = start
        self.end = end
        self.speakerLabel = speakerLabel
        self.text = text
        self.confidence = confidence
        self.words = words
        self.flags = flags
    }
}

/// One word of a ``SegmentInput``.
public struct WordInput: Sendable, Hashable {
    /// Start in seconds.
    public var start: Double
    /// End in seconds.
    public var end: Double
    /// The word.
    public var text: String
    /// Probability in 0...1.
    public var probability: Double?

    /// Creates a word input.
    public init(start: Double, end: Double, text: String, probability: Double? = nil) {
        self.start = start
        self.end = end
        self.text = text
        self.probability = probability
    }
}

/// A person's correction of one segment, applied by ``Store/editTranscript(_:edits:editorID:status:)``.
public struct SegmentEdit: Sendable, Hashable {
    /// Index of the segment in the edited version.
    public var index: Int
    /// The corrected text (no newline).
    public var text: String?
    /// The corrected speaker label.
    public var speakerLabel: String?

    /// Creates an edit; `nil` fields stay as they were.
    public init(index: Int, text: String? = nil, speakerLabel: String? = nil) {
        self.index = index
        self.text = text
        self.speakerLabel = speakerLabel
    }
}

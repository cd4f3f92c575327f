import Foundation

/// Review state of a transcript version.
public enum TranscriptStatus: String, Codable, Sendable, Hashable, CaseIterable {
    /// Machine output or work in progress.
    case draft
    /// Checked and validated by a person ("mark as validated" in the pages); editing it makes a new draft version.
    case reviewed
}

/// One version of a recording's transcript.
///
/// Versions are immutable: a human edit stores a new version (``version`` + 1, ``basedOnID``
/// pointing at the old one) and keeps the old one with its codings.
public struct Transcript: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The recording transcribed.
    public var recordingID: Int64
    /// Version number, 1 for the first, increasing per recording.
    public var version: Int
    /// The version this one was edited from, if any.
    public var basedOnID: Int64?
    /// Engine that produced the text (`whisper`, `human`...).
    public var engine: String
    /// Model name (`whisper-base`...), empty for human edits.
    public var model: String
    /// BCP-47 language code (`fr`, `en`).
    public var language: String
    /// Review state.
    public var status: TranscriptStatus
    /// Full text: the segments' texts joined by `\n`. Character offsets count Unicode scalars in it.
    public var text: String
    /// The user who made this version, if a person did.
    public var createdBy: Int64?
    /// When the version was stored (UTC).
    public var createdAt: Date

    /// Creates a transcript value; the store assigns `id`, `version` and `text`.
    public init(
        id: Int64? = nil, recordingID: Int64, version: Int, basedOnID: Int64? = nil, engine: String, model: String,
        language: String, status: TranscriptStatus, text: String, createdBy: Int64? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.recordingID = recordingID
        self.version = version
        self.basedOnID = basedOnID
        self.engine = engine
        self.model = model
        self.language = language
        self.status = status
        self.text = text
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// A time-aligned piece of a transcript spoken by one speaker.
public struct Segment: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The transcript version.
    public var transcriptID: Int64
    /// Position in the transcript, from 0.
    public var position: Int
    /// Start time in seconds from the start of the recording.
    public var start: Double
    /// End time in seconds.
    public var end: Double
    /// The speaker, if diarized.
    public var speakerID: Int64?
    /// The spoken text.
    public var text: String
    /// Mean confidence in 0...1, if the engine gave one.
    public var confidence: Double?
    /// First character (Unicode scalar offset) of this segment in the transcript's text.
    public var charStart: Int
    /// One past the last character of this segment in the transcript's text.
    public var charEnd: Int
    /// What the engine's guards found wrong (comma-separated: `repetition`, `lowConfidence`,
    /// `textInSilence`, `otherLanguage`); `nil` when nothing. Flagged segments need review.
    public var flags: String?

    /// Whether a person should check this segment (the engine flagged it).
    public var needsReview: Bool { !(flags ?? "").isEmpty }

    /// Creates a segment value.
    public init(
        id: Int64? = nil, transcriptID: Int64, position: Int, start: Double, end: Double, speakerID: Int64?, text: String,
        confidence: Double?, charStart: Int, charEnd: Int, flags: String? = nil
    ) {
        self.id = id
        self.transcriptID = transcriptID
        self.position = position
        self.start = start
        self.end = end
        self.speakerID = speakerID
        self.text = text
        self.confidence = confidence
        self.charStart = charStart
        self.charEnd = charEnd
        self.flags = flags
    }
}

/// A time-aligned word of a segment.
public struct Word: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The segment that contains the word.
    public var segmentID: Int64
    /// Position in the segment, from 0.
    public var position: Int
    /// Start time in seconds.
    public var start: Double
    /// End time in seconds.
    public var end: Double
    /// The word as spoken (may carry leading space or punctuation, as the engine gave it).
    public var text: String
    /// Probability in 0...1, if the engine gave one.
    public var probability: Double?

    /// Creates a word value.
    public init(
        id: Int64? = nil, segmentID: Int64, position: Int, start: Double, end: Double, text: String, probability: Double?
    ) {
        self.id = id
        self.segmentID = segmentID
        self.position = position
        self.start = start
        self.end = end
        self.text = text
        self.probability = probability
    }
}

/// A voice in a recording (diarization label), optionally identified as a participant or as the interviewer.
public struct Speaker: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The recording the voice was heard in.
    public var recordingID: Int64
    /// Label, unique per recording (`SPEAKER_00`, `Interviewer`...).
    public var label: String
    /// The participant this voice belongs to, if identified.
    public var participantID: Int64?
    /// Whether this voice is the interviewer's.
    public var isInterviewer: Bool

    /// Creates a speaker value.
    public init(id: Int64? = nil, recordingID: Int64, label: String, participantID: Int64? = nil, isInterviewer: Bool = false) {
        self.id = id
        self.recordingID = recordingID
        self.label = label
        self.participantID = participantID
        self.isInterviewer = isInterviewer
    }
}

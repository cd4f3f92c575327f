import Foundation

/// One entry of a transcript version's edit history: who changed which segment, when, and how.
public struct TranscriptEdit: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The version changed.
    public var transcriptID: Int64
    /// Who made the change.
    public var editorID: Int64?
    /// `correct`, `split`, `merge`, `boundary` (``TranscriptOperation/kind``) or `status`.
    public var kind: String
    /// The segment's position when the change was made; `nil` for a status change.
    public var position: Int?
    /// The text (or status) before the change.
    public var before: String
    /// The text (or status) after it.
    public var after: String
    /// When (UTC).
    public var createdAt: Date

    /// Creates an entry.
    public init(
        id: Int64? = nil, transcriptID: Int64, editorID: Int64?, kind: String, position: Int?, before: String, after: String,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.transcriptID = transcriptID
        self.editorID = editorID
        self.kind = kind
        self.position = position
        self.before = before
        self.after = after
        self.createdAt = createdAt
    }
}

/// What ``Store/amendTranscript(_:operations:editorID:)`` did.
public struct TranscriptAmendment: Codable, Sendable, Hashable {
    /// The version that now holds the changes.
    public var transcript: Transcript
    /// Whether a new version was made (the edited one was machine output, validated, not the
    /// newest, or holds a coding whose whole text the change removes); else the working draft was changed in place.
    public var isNewVersion: Bool
    /// Codings whose whole text the change removed: they stay on the previous version, not on this one.
    public var codingsLeftBehind: [Int64]
    /// Positions of the segments whose text changed (their words are timed again by an `align` job).
    public var retimedSegments: [Int]

    /// Creates a result.
    public init(transcript: Transcript, isNewVersion: Bool, codingsLeftBehind: [Int64], retimedSegments: [Int]) {
        self.transcript = transcript
        self.isNewVersion = isNewVersion
        self.codingsLeftBehind = codingsLeftBehind
        self.retimedSegments = retimedSegments
    }
}

import Foundation

/// What deleting a recording removes, or removed (``Store/deleteRecording(_:actorID:reason:)``).
public struct RecordingDeletion: Sendable, Hashable, Codable {
    /// The recording.
    public var recordingID: Int64
    /// Transcript versions.
    public var transcripts: Int
    /// Segments of every version.
    public var segments: Int
    /// Timed words.
    public var words: Int
    /// Speakers.
    public var speakers: Int
    /// Codings on its transcripts.
    public var codings: Int
    /// Memos on the recording, its transcripts or their codings.
    public var memos: Int
    /// Jobs working on it, with their payloads.
    public var jobs: Int
    /// Links to participants (the participants stay).
    public var participantLinks: Int
    /// The media file removed from disk (empty in a plan, or when another recording still uses it).
    public var removedFiles: [String]
    /// A media file that could not be removed: delete it by hand (its database row is gone).
    public var failedFiles: [String]
    /// The audit event recording the deletion (`nil` in a plan).
    public var auditEventID: Int64?

    /// Creates a plan or report (for the stores of other modules).
    public init(
        recordingID: Int64, transcripts: Int, segments: Int, words: Int, speakers: Int, codings: Int, memos: Int, jobs: Int,
        participantLinks: Int, removedFiles: [String] = [], failedFiles: [String] = [], auditEventID: Int64? = nil
    ) {
        self.recordingID = recordingID
        self.transcripts = transcripts
        self.segments = segments
        self.words = words
        self.speakers = speakers
        self.codings = codings
        self.memos = memos
        self.jobs = jobs
        self.participantLinks = participantLinks
        self.removedFiles = removedFiles
        self.failedFiles = failedFiles
        self.auditEventID = auditEventID
    }
}

import Foundation

/// What a GDPR erasure removed.
public struct ErasureReport: Sendable, Hashable, Codable {
    /// The erased participant.
    public var participantID: Int64
    /// Recordings deleted (those no other participant is linked to or speaks in).
    public var recordings: Int
    /// Recordings kept for the other participants in them; only the erased participant's links went.
    public var keptRecordings: Int
    /// Transcript versions deleted.
    public var transcripts: Int
    /// Codings deleted.
    public var codings: Int
    /// Memos deleted.
    public var memos: Int
    /// Jobs deleted with their payloads.
    public var jobs: Int
    /// Biometric streams deleted.
    public var streams: Int
    /// Media files removed from disk (or already absent).
    public var removedFiles: [String]
    /// Media files that could not be removed: delete them by hand (their database rows are gone).
    public var failedFiles: [String]
    /// The audit event recording the erasure.
    public var auditEventID: Int64

    /// Creates a report.
    public init(
        participantID: Int64, recordings: Int, keptRecordings: Int, transcripts: Int, codings: Int, memos: Int, jobs: Int,
        streams: Int, removedFiles: [String], failedFiles: [String], auditEventID: Int64
    ) {
        self.participantID = participantID
        self.recordings = recordings
        self.keptRecordings = keptRecordings
        self.transcripts = transcripts
        self.codings = codings
        self.memos = memos
        self.jobs = jobs
        self.streams = streams
        self.removedFiles = removedFiles
        self.failedFiles = failedFiles
        self.auditEventID = auditEventID
    }
}

import Foundation

/// What erasing a participant removes, worked out before anything is removed: the preview that
/// `GET /participants/{id}/erasure` shows, and the plan that the erasure then carries out.
///
/// A recording goes with its transcripts, codings, memos, jobs and media file only when no other
/// participant is linked to it or identified as one of its speakers. A recording shared with
/// others (a focus group, an interview with a caregiver) stays: the participant's link to it and
/// their speaker identification are removed, and the transcript stays for the others.
public struct ErasurePlan: Sendable, Hashable, Codable {
    /// The participant to erase.
    public var participantID: Int64
    /// Recordings deleted whole: the participant's own.
    public var deletedRecordingIDs: [Int64]
    /// Recordings kept because other participants remain in them.
    public var keptRecordingIDs: [Int64]
    /// Transcript versions deleted (of the deleted recordings).
    public var transcripts: Int
    /// Codings deleted (on the deleted transcripts).
    public var codings: Int
    /// Memos deleted (on the participant, or on a deleted recording, transcript or coding).
    public var memos: Int
    /// Jobs deleted with their payloads (those of the deleted recordings).
    public var jobs: Int
    /// Biometric streams deleted.
    public var streams: Int
    /// Biometric markers deleted.
    public var markers: Int
    /// Case variables deleted.
    public var attributes: Int
    /// Speakers of kept recordings that stop being identified as the participant.
    public var speakerLinks: Int

    /// Creates a plan.
    public init(
        participantID: Int64, deletedRecordingIDs: [Int64], keptRecordingIDs: [Int64], transcripts: Int, codings: Int, memos: Int,
        jobs: Int, streams: Int, markers: Int, attributes: Int, speakerLinks: Int
    ) {
        self.participantID = participantID
        self.deletedRecordingIDs = deletedRecordingIDs
        self.keptRecordingIDs = keptRecordingIDs
        self.transcripts = transcripts
        self.codings = codings
        self.memos = memos
        self.jobs = jobs
        self.streams = streams
        self.markers = markers
        self.attributes = attributes
        self.speakerLinks = speakerLinks
    }
}

import Foundation

/// Recordings of a study and their participants.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol RecordingStore: Sendable {
    /// Stores a new recording (its `id` is ignored and assigned); throws `.conflict` if the study
    /// has a recording of the same file (`fileHash`) already.
    func addRecording(_ recording: Recording) async throws -> Recording
    /// The recording with this id, or `nil`.
    func recording(id: Int64) async throws -> Recording?
    /// The recordings of a study.
    func recordings(studyID: Int64) async throws -> [Recording]
    /// The study's recording of the file with this SHA-256 (lower-case hex), or `nil`.
    func recording(studyID: Int64, fileHash: String) async throws -> Recording?
    /// Links a participant to a recording with a role (replacing a previous role).
    func linkParticipant(recordingID: Int64, participantID: Int64, role: ParticipantRole) async throws
    /// The participants linked to a recording.
    func recordingParticipants(recordingID: Int64) async throws -> [RecordingParticipant]
    /// The recording's user-set clock (wall-clock start, offset correction), or `nil` when none was set.
    func recordingSync(recordingID: Int64) async throws -> RecordingSync?
    /// Sets (replaces) the recording's clock; the recording must exist.
    func setRecordingSync(_ sync: RecordingSync) async throws -> RecordingSync
    /// What deleting the recording would remove (``RecordingDeletion``); nothing is changed.
    func recordingDeletionPlan(recordingID: Int64) async throws -> RecordingDeletion
    /// Deletes a recording with its transcripts, segments, words, speakers, codings, memos on them,
    /// participant links and jobs in one transaction, then its media file; leaves an audit event
    /// `recording.delete` without personal data. The participants stay.
    func deleteRecording(_ recordingID: Int64, actorID: Int64?, reason: String) async throws -> RecordingDeletion
}

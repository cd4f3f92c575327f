import Foundation

/// GDPR erasure of a participant.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol ErasureStore: Sendable {
    /// What erasing the participant would remove (``ErasurePlan``); nothing is changed.
    func erasurePlan(participantID: Int64) async throws -> ErasurePlan
    /// Erases a participant and what is theirs in one transaction (``ErasurePlan``): their own
    /// recordings (with media files, transcripts, codings, memos and jobs), their links to and speaker
    /// identifications in recordings shared with others, streams, markers, attributes. Leaves an audit
    /// event `participant.erase` without any personal data.
    func eraseParticipant(_ participantID: Int64, actorID: Int64?, reason: String) async throws -> ErasureReport
}

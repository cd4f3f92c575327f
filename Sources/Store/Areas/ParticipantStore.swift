import Foundation

/// Participants (pseudonyms) of studies and their attributes.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol ParticipantStore: Sendable {
    /// Stores a new participant; the pseudonym must be valid and unique in the study.
    func createParticipant(studyID: Int64, pseudonym: String) async throws -> Participant
    /// The participant with this id, or `nil`.
    func participant(id: Int64) async throws -> Participant?
    /// The participants of a study, by pseudonym.
    func participants(studyID: Int64) async throws -> [Participant]
    /// Sets (inserts or replaces) a case variable.
    func setAttribute(participantID: Int64, name: String, value: String, isSensitive: Bool) async throws
    /// A participant's case variables; sensitive ones only when `includeSensitive`.
    func attributes(participantID: Int64, includeSensitive: Bool) async throws -> [ParticipantAttribute]
    /// Removes a case variable; `.notFound` when the participant has none of that name.
    func removeAttribute(participantID: Int64, name: String) async throws
}

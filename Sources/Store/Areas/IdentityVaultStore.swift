import Foundation

/// The identity vault: one sealed row per participant who has a real identity on record. The
/// store keeps and returns ciphertext only (``SealedIdentity``); sealing and opening are
/// ``IdentityVault``'s. Rows go with their participant (erasure) and their study.
public protocol IdentityVaultStore: Sendable {
    /// Keeps `identity` as its participant's row, replacing any earlier one. A participant that
    /// does not exist is ``StoreError`` `.notFound`.
    func setSealedIdentity(_ identity: SealedIdentity) async throws
    /// The participant's row, if any.
    func sealedIdentity(participantID: Int64) async throws -> SealedIdentity?
    /// Removes the participant's row; returns whether there was one.
    func removeSealedIdentity(participantID: Int64) async throws -> Bool
    /// The rows of the study's participants, by participant id.
    func sealedIdentities(studyID: Int64) async throws -> [SealedIdentity]
}

import Foundation

/// A row of the identity vault (table `identity_vault`): a participant's ``ParticipantIdentity``
/// sealed with AES-GCM under a key derived from the study key (``IdentityVault``). The store holds
/// only these bytes; nothing in it reads them.
public struct SealedIdentity: Codable, Sendable, Hashable {
    /// The participant (one row each).
    public var participantID: Int64
    /// The id of the study key it is sealed under (``WrappedStudyKey/id``, hex).
    public var keyID: String
    /// The AES-GCM nonce, ciphertext and tag (`combined`).
    public var sealed: Data
    /// When it was last set.
    public var updatedAt: Date
    /// Who last set it; `nil` once that user is deleted, or when set by a command.
    public var updatedBy: Int64?

    /// A row as written or read back.
    public init(participantID: Int64, keyID: String, sealed: Data, updatedAt: Date, updatedBy: Int64?) {
        self.participantID = participantID
        self.keyID = keyID
        self.sealed = sealed
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

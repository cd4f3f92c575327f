import Crypto
import Foundation

/// Seals and opens participants' real identities (``ParticipantIdentity``) with AES-GCM under a
/// key derived by HKDF-SHA256 from their study's key (``StudyKeyring``). The additional data names
/// the participant, study and key, so a row copied onto another participant does not open.
/// Calls block their thread (the keyring reads the store): make them from blocking work.
public struct IdentityVault: Sendable {
    /// The study keys.
    public let keyring: StudyKeyring

    /// A vault on `keyring`.
    public init(keyring: StudyKeyring) {
        self.keyring = keyring
    }

    /// `identity` sealed for `participantID` of `studyID` (validated first: ``StoreError``).
    public func seal(
        _ identity: ParticipantIdentity, participantID: Int64, studyID: Int64, by userID: Int64?, at date: Date = Date()
    ) throws -> SealedIdentity {
        try identity.validate()
        let studyKey = try keyring.key(forStudy: studyID)
        let keyID = Hex.encode(studyKey.id)
        let plain = try JSONEncoder().encode(identity)
        let box = try AES.GCM.seal(
            plain, using: Self.derive(studyKey.key), authenticating: Self.context(participantID: participantID, studyID: studyID, keyID: keyID))
        return SealedIdentity(participantID: participantID, keyID: keyID, sealed: box.combined!, updatedAt: date, updatedBy: userID)
    }

    /// The identity in `row`, which must belong to `studyID`: ``EncryptionError`` `.unknownKey`
    /// when its key is gone, `.tampered` when it fails its check (changed, or another participant's).
    public func open(_ row: SealedIdentity, studyID: Int64) throws -> ParticipantIdentity {
        guard let keyBytes = Hex.decode(row.keyID), keyBytes.count == 16 else { throw Self.tampered(row.participantID) }
        let studyKey = try keyring.key(id: Data(keyBytes))
        do {
            let box = try AES.GCM.SealedBox(combined: row.sealed)
            let plain = try AES.GCM.open(
                box, using: Self.derive(studyKey),
                authenticating: Self.context(participantID: row.participantID, studyID: studyID, keyID: row.keyID))
            return try JSONDecoder().decode(ParticipantIdentity.self, from: plain)
        } catch {
            throw Self.tampered(row.participantID)
        }
    }

    /// The vault key of a study key.
    static func derive(_ studyKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: studyKey, salt: Data("verbatim identity vault".utf8), info: Data("identity v1".utf8), outputByteCount: 32)
    }

    /// The additional data that binds a sealed identity to its participant, study and key.
    static func context(participantID: Int64, studyID: Int64, keyID: String) -> Data {
        Data("verbatim identity v1|participant \(participantID)|study \(studyID)|key \(keyID)".utf8)
    }

    static func tampered(_ participantID: Int64) -> EncryptionError {
        EncryptionError(
            .tampered,
            "The identity of participant \(participantID) fails its check: its row was changed, damaged or copied from another participant; set it again.",
            fr: "L’identité du participant \(participantID) échoue à la vérification : sa ligne a été modifiée, abîmée ou copiée d’un autre participant ; saisissez-la à nouveau.")
    }
}

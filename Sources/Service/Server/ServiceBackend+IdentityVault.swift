import Foundation
import HTTPTypes
import Logging
import Store

extension ServiceBackend {
    /// The study keys, when the service was started with a master key (media encrypted at rest).
    var keyring: StudyKeyring? { (media as? EncryptedMediaStorage)?.keyring }

    /// The identity vault; `503 vault_locked` when the service was started without a master key.
    func identityVault() throws -> IdentityVault {
        guard let keyring else { throw APIError.vaultLocked }
        return IdentityVault(keyring: keyring)
    }

    /// `identity` sealed for `participant` (off the cooperative pool: the keyring reads the store).
    func seal(_ identity: ParticipantIdentity, for participant: Participant, by userID: Int64) async throws -> SealedIdentity {
        let vault = try identityVault()
        let participantID = participant.id!, studyID = participant.studyID
        return try await Self.vaultWork { try vault.seal(identity, participantID: participantID, studyID: studyID, by: userID) }
    }

    /// The identity in `row` of a participant of `studyID`; `500 identity_unreadable` when it does not open.
    func open(_ row: SealedIdentity, studyID: Int64) async throws -> ParticipantIdentity {
        let vault = try identityVault()
        return try await Self.vaultWork { try vault.open(row, studyID: studyID) }
    }

    /// The names the vault holds for the participants of `studyID`, for the detector looking at
    /// `transcriptID`; none without a master key. Reading them is audited (`identity.vault.use`,
    /// counts only, never the names).
    func vaultNames(studyID: Int64, transcriptID: Int64, for user: AuthenticatedUser?) async throws -> [String] {
        let rows = try await store.sealedIdentities(studyID: studyID)
        guard !rows.isEmpty else { return [] }
        guard let keyring else {
            logger.warning(
                "identity vault not used for the proposals: the service was started without a master key",
                metadata: ["study": "\(studyID)", "identities": "\(rows.count)"])
            return []
        }
        let vault = IdentityVault(keyring: keyring)
        let identities = try await Self.vaultWork { try rows.map { try vault.open($0, studyID: studyID) } }
        let names = identities.flatMap(\.names)
        try await audit(
            user, "identity.vault.use", study: studyID, target: "transcript", transcriptID,
            details: ["identities": .int(Int64(rows.count)), "names": .int(Int64(names.count))])
        return names
    }

    /// Runs vault work on the blocking queue; an ``EncryptionError`` becomes `500 identity_unreadable`.
    private static func vaultWork<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await BlockingWork.run(body)
        } catch let error as EncryptionError {
            throw APIError(
                .internalServerError, code: "identity_unreadable", "The identity vault cannot be read: \(error.message)",
                fr: "Le coffre des identités ne peut pas être lu : \(error.french)")
        }
    }
}

extension APIError {
    /// The identity vault needs the master key, and the service was started without one.
    static let vaultLocked = APIError(
        .serviceUnavailable, code: "vault_locked",
        "The identity vault is locked: the service was started without a master key. Restart it with `verbatim serve --master-key-file PATH` (or $VERBATIM_MASTER_KEY_FILE); create a key once with `verbatim admin create-master-key --to PATH` (outside the data folder).",
        fr: "Le coffre des identités est verrouillé : le service a été démarré sans clé maîtresse. Redémarrez-le avec `verbatim serve --master-key-file CHEMIN` (ou $VERBATIM_MASTER_KEY_FILE) ; créez une clé une fois avec `verbatim admin create-master-key --to CHEMIN` (hors du dossier de données).")
}

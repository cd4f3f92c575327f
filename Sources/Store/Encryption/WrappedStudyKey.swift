import Crypto
import Foundation

/// A study's data key as the store keeps it: 256 random bits sealed with the master key
/// (AES-GCM), bound to its id and study as additional data, so a wrapped key copied to another
/// row does not open.
public struct WrappedStudyKey: Sendable, Hashable, Codable {
    /// 16 random bytes in hex; written in the header of each file the key encrypts.
    public var id: String
    /// The study.
    public var studyID: Int64
    /// ``MasterKey/id`` of the master key that wraps it.
    public var masterKeyID: String
    /// The AES-GCM nonce, ciphertext and tag (`combined`).
    public var sealed: Data
    /// When it was made.
    public var createdAt: Date

    /// A stored key as read back from the store.
    public init(id: String, studyID: Int64, masterKeyID: String, sealed: Data, createdAt: Date) {
        self.id = id
        self.studyID = studyID
        self.masterKeyID = masterKeyID
        self.sealed = sealed
        self.createdAt = createdAt
    }

    /// Makes a new random key for `studyID`, wrapped by `master`; returns the record and the key.
    public static func make(studyID: Int64, master: MasterKey, date: Date = Date()) throws -> (WrappedStudyKey, SymmetricKey) {
        let key = SymmetricKey(size: .bits256)
        let id = Hex.encode(SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) })
        let box = try AES.GCM.seal(key.withUnsafeBytes { Data($0) }, using: master.key, authenticating: context(id, studyID))
        return (WrappedStudyKey(id: id, studyID: studyID, masterKeyID: master.id, sealed: box.combined!, createdAt: date), key)
    }

    /// The key, unwrapped with `master`.
    public func unwrap(with master: MasterKey) throws -> SymmetricKey {
        guard master.id == masterKeyID else { throw Self.wrongMaster(masterKeyID, master) }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return SymmetricKey(data: try AES.GCM.open(box, using: master.key, authenticating: Self.context(id, studyID)))
        } catch {
            throw EncryptionError(
                .unknownKey, "The key of study \(studyID) does not open with the master key: the store's key table was changed or damaged.",
                fr: "La clé de l’étude \(studyID) ne s’ouvre pas avec la clé maîtresse : la table des clés de la base a été modifiée ou abîmée.")
        }
    }

    /// The key id as the 16 bytes of a file header.
    public var idBytes: Data { Data(Hex.decode(id) ?? []) }

    static func context(_ id: String, _ studyID: Int64) -> Data { Data("verbatim study key v1|\(id)|\(studyID)".utf8) }

    static func wrongMaster(_ expected: String, _ master: MasterKey) -> EncryptionError {
        EncryptionError(
            .masterKey,
            "The master key given (id \(master.id)) is not the one that encrypted this data folder (id \(expected)); give the right key file. Nothing was changed.",
            fr: "La clé maîtresse donnée (id \(master.id)) n’est pas celle qui a chiffré ce dossier de données (id \(expected)) ; donnez le bon fichier de clé. Rien n’a été modifié.")
    }
}

/// Where wrapped study keys are kept: the store's `study_key` table (SQLite or PostgreSQL). Calls
/// block their thread: make them from blocking work, as the media storage does.
public protocol StudyKeyStorage: Sendable {
    /// The key of study `studyID`, if it has one.
    func wrappedStudyKey(studyID: Int64) throws -> WrappedStudyKey?
    /// The key with this id, if any.
    func wrappedStudyKey(id: String) throws -> WrappedStudyKey?
    /// Keeps `key` unless its study has one already; returns the study's key either way.
    func addWrappedStudyKey(_ key: WrappedStudyKey) throws -> WrappedStudyKey
    /// The master key ids that wrap the stored keys.
    func studyKeyMasterIDs() throws -> Set<String>
}

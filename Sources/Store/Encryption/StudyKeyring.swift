import Crypto
import Foundation
import Synchronization

/// The study keys of an installation with a master key: made on first use, unwrapped once and
/// kept in memory. Calls block their thread (the store). Equal only to itself.
public final class StudyKeyring: Sendable, Hashable {
    /// The master key.
    public let master: MasterKey
    private let storage: any StudyKeyStorage
    private let cache = Mutex<[String: SymmetricKey]>([:])

    /// A keyring on `storage`, after checking that `master` wraps the keys already there
    /// (``EncryptionError`` `.masterKey` otherwise, before anything is written).
    public init(master: MasterKey, storage: any StudyKeyStorage) throws {
        self.master = master
        self.storage = storage
        if let other = try storage.studyKeyMasterIDs().first(where: { $0 != master.id }) {
            throw WrappedStudyKey.wrongMaster(other, master)
        }
    }

    /// The key of study `studyID` and its 16-byte id, made and stored if the study has none.
    public func key(forStudy studyID: Int64) throws -> (id: Data, key: SymmetricKey) {
        let wrapped: WrappedStudyKey
        if let existing = try storage.wrappedStudyKey(studyID: studyID) {
            wrapped = existing
        } else {
            wrapped = try storage.addWrappedStudyKey(try WrappedStudyKey.make(studyID: studyID, master: master).0)
        }
        return (wrapped.idBytes, try unwrap(wrapped))
    }

    /// The key whose id a file header holds; ``EncryptionError`` `.unknownKey` when there is none.
    public func key(id: Data) throws -> SymmetricKey {
        let hex = Hex.encode(id)
        if let key = cache.withLock({ $0[hex] }) { return key }
        guard let wrapped = try storage.wrappedStudyKey(id: hex) else {
            throw EncryptionError(
                .unknownKey, "No study key \(hex) in the store: the file belongs to another installation, or its study was deleted.",
                fr: "Aucune clé d’étude \(hex) dans la base : le fichier appartient à une autre installation, ou son étude a été supprimée.")
        }
        return try unwrap(wrapped)
    }

    public static func == (lhs: StudyKeyring, rhs: StudyKeyring) -> Bool { lhs === rhs }

    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    private func unwrap(_ wrapped: WrappedStudyKey) throws -> SymmetricKey {
        if let key = cache.withLock({ $0[wrapped.id] }) { return key }
        let key = try wrapped.unwrap(with: master)
        cache.withLock { $0[wrapped.id] = key }
        return key
    }
}

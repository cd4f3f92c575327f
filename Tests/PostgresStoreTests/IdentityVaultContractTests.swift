import Crypto
import Foundation
import Store
import Testing

@testable import PostgresStore

/// The identity vault on both backends: ciphertext only in the store, rows that open for their own
/// participant and no other, typed errors for changed rows and unknown keys, rows that go with
/// their participant on erasure, and backups that carry them.
@Suite("Store contract: identity vault")
struct IdentityVaultContractTests {
    static let identity = ParticipantIdentity(
        fullName: "Maëlys Quelennec", otherNames: ["Yannick Quelennec", "Mamie Lénaïg"], phone: "06 98 76 54 32",
        email: "maelys.q@example.org", postalAddress: "12 rue des Lilas, 29200 Brest", note: "Préfère être appelée le matin.")

    /// The words of ``identity`` that must never be found in clear.
    static let words = ["Quelennec", "Lénaïg", "06 98 76 54 32", "maelys.q@example.org", "rue des Lilas", "appelée le matin"]

    /// The `EncryptionError` that opening `row` throws.
    static func refusal(_ vault: IdentityVault, _ row: SealedIdentity, studyID: Int64) async throws -> EncryptionError {
        try await StudyKeyContractTests.refusal { _ = try vault.open(row, studyID: studyID) }
    }

    @Test(arguments: StoreBackend.allCases)
    func sealedRowsOpenOnlyForTheirParticipantAndStudy(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let otherStudyID = try #require(try await store.createStudy(name: "Autre", details: "").id)
        let alice = try #require(try await store.createUser(name: "Alice", email: "alice@example.org").id)
        let p1 = try #require(try await store.createParticipant(studyID: studyID, pseudonym: "P-001").id)
        let p2 = try #require(try await store.createParticipant(studyID: studyID, pseudonym: "P-002").id)
        let p3 = try #require(try await store.createParticipant(studyID: otherStudyID, pseudonym: "S-001").id)
        let master = MasterKey.generate()
        let vault = IdentityVault(keyring: try await StudyKeyContractTests.blocking { try StudyKeyring(master: master, storage: store) })
        let when = Date(timeIntervalSince1970: 1_780_000_000)

        // Sealed, stored and read back byte for byte; only ciphertext in the row.
        let sealed = try await StudyKeyContractTests.blocking {
            try vault.seal(Self.identity, participantID: p1, studyID: studyID, by: alice, at: when)
        }
        let studyKey = try await StudyKeyContractTests.blocking { try vault.keyring.key(forStudy: studyID) }
        #expect(sealed.keyID == Hex.encode(studyKey.id) && sealed.participantID == p1 && sealed.updatedBy == alice)
        for word in Self.words { #expect(sealed.sealed.range(of: Data(word.utf8)) == nil, "\(word) in the ciphertext") }
        try await store.setSealedIdentity(sealed)
        #expect(try await store.sealedIdentity(participantID: p1) == sealed)
        #expect(try await store.sealedIdentity(participantID: p2) == nil)
        let read = try #require(try await store.sealedIdentity(participantID: p1))
        #expect(try await StudyKeyContractTests.blocking { try vault.open(read, studyID: studyID) } == Self.identity)

        // Setting again replaces: one row per participant.
        let renamed = ParticipantIdentity(fullName: "Maëlys Quelennec-Guivarc’h")
        let replaced = try await StudyKeyContractTests.blocking {
            try vault.seal(renamed, participantID: p1, studyID: studyID, by: nil, at: when.addingTimeInterval(60))
        }
        try await store.setSealedIdentity(replaced)
        #expect(try await store.sealedIdentity(participantID: p1) == replaced)
        #expect(try await opened.integer("SELECT count(*) FROM identity_vault") == 1)
        let other = try await StudyKeyContractTests.blocking {
            try vault.seal(Self.identity, participantID: p2, studyID: studyID, by: alice, at: when)
        }
        try await store.setSealedIdentity(other)
        #expect(try await store.sealedIdentities(studyID: studyID) == [replaced, other])
        #expect(try await store.sealedIdentities(studyID: otherStudyID) == [])

        // A row copied onto another participant, in the database itself, does not open.
        try await opened.execute(
            "UPDATE identity_vault SET sealed = (SELECT sealed FROM identity_vault WHERE participantID = \(p1)) WHERE participantID = \(p2)",
            false)
        let copied = try #require(try await store.sealedIdentity(participantID: p2))
        #expect(copied.sealed == replaced.sealed)
        let moved = try await Self.refusal(vault, copied, studyID: studyID)
        #expect(moved.reason == .tampered && moved.message.contains("participant \(p2)") && moved.french.contains("participant \(p2)"))
        // Nor does a row read as another study's, one with a changed byte, or one whose key is unknown.
        #expect(try await Self.refusal(vault, replaced, studyID: otherStudyID).reason == .tampered)
        var flipped = replaced
        flipped.sealed[flipped.sealed.count / 2] ^= 0x01
        #expect(try await Self.refusal(vault, flipped, studyID: studyID).reason == .tampered)
        var unknown = replaced
        unknown.keyID = String(repeating: "0", count: 32)
        #expect(try await Self.refusal(vault, unknown, studyID: studyID).reason == .unknownKey)

        // Bad input is refused before anything is sealed, naming the field, never its value.
        let blank = await #expect(throws: StoreError.self) {
            _ = try await StudyKeyContractTests.blocking {
                try vault.seal(ParticipantIdentity(fullName: "  "), participantID: p3, studyID: otherStudyID, by: alice)
            }
        }
        #expect(blank?.kind == .invalidInput && blank?.message.contains("fullName") == true && blank?.french?.contains("nom complet") == true)
        let long = String(repeating: "Quelennec ", count: 60)
        let tooLong = await #expect(throws: StoreError.self) {
            _ = try await StudyKeyContractTests.blocking {
                try vault.seal(ParticipantIdentity(fullName: "A", postalAddress: long), participantID: p3, studyID: otherStudyID, by: alice)
            }
        }
        #expect(tooLong?.kind == .invalidInput && tooLong?.message.contains("postalAddress") == true)
        #expect(tooLong?.message.contains("Quelennec") == false)
        // A participant that does not exist.
        var orphan = sealed
        orphan.participantID = 9_999
        let missing = await #expect(throws: StoreError.self) { try await store.setSealedIdentity(orphan) }
        #expect(missing?.kind == .notFound)

        // Removed once.
        #expect(try await store.removeSealedIdentity(participantID: p2))
        #expect(try await store.removeSealedIdentity(participantID: p2) == false)
        #expect(try await store.sealedIdentity(participantID: p2) == nil)
        #expect(try await store.sealedIdentities(studyID: studyID) == [replaced])
    }

    @Test(arguments: StoreBackend.allCases)
    func rowsGoWithTheirParticipantAndAreCarriedByBackups(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let alice = try #require(try await store.createUser(name: "Alice", email: "alice@example.org").id)
        let kept = try #require(try await store.createParticipant(studyID: studyID, pseudonym: "P-001").id)
        let erased = try #require(try await store.createParticipant(studyID: studyID, pseudonym: "P-002").id)
        let master = MasterKey.generate()
        let vault = IdentityVault(keyring: try await StudyKeyContractTests.blocking { try StudyKeyring(master: master, storage: store) })
        for participantID in [kept, erased] {
            let row = try await StudyKeyContractTests.blocking {
                try vault.seal(Self.identity, participantID: participantID, studyID: studyID, by: alice, at: Date(timeIntervalSince1970: 1_780_000_000))
            }
            try await store.setSealedIdentity(row)
        }

        // GDPR erasure takes the participant's identity with it, and only theirs.
        _ = try await store.eraseParticipant(erased, actorID: alice, reason: "withdrew consent")
        #expect(try await store.sealedIdentity(participantID: erased) == nil)
        #expect(try await store.sealedIdentity(participantID: kept) != nil)
        #expect(try await opened.integer("SELECT count(*) FROM identity_vault") == 1)
        // The erasure's audit event holds none of the identity's words.
        let events = String(decoding: try JSONEncoder().encode(try await store.auditEvents(afterID: 0, limit: 100)), as: UTF8.self)
        for word in Self.words { #expect(!events.contains(word)) }

        // A backup carries the row, as ciphertext.
        let backups = try #require(store as? any BackupStore)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-vault-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(backups.backupFileName)
        let contents = try await backups.backup(to: file)
        #expect(contents.rows["identity_vault"] == 1)
        let bytes = try Data(contentsOf: file)
        for word in Self.words { #expect(bytes.range(of: Data(word.utf8)) == nil, "\(word) in the backup file") }
        if backend == .sqlite {
            // The embedded store's backup opens as a store whose row opens with the same master key.
            let restored = try SQLiteStore(path: file.path)
            let row = try #require(try await restored.sealedIdentity(participantID: kept))
            let restoredVault = IdentityVault(
                keyring: try await StudyKeyContractTests.blocking { try StudyKeyring(master: master, storage: restored) })
            #expect(try await StudyKeyContractTests.blocking { try restoredVault.open(row, studyID: studyID) } == Self.identity)
        }
    }
}

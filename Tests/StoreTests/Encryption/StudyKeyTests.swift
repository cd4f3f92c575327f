import Crypto
import Foundation
@testable import Store
import Testing

/// The master key's file rules and the study keys it wraps in the store.
@Suite("Study keys")
struct StudyKeyTests {
    @Test func theMasterKeyFileIsCheckedBeforeUse() throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let outside = temporary.folder.appendingPathComponent("keys/master.key")
        let data = temporary.folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: outside.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let created = try MasterKey.create(at: outside)
        #expect(try FileManager.default.attributesOfItem(atPath: outside.path)[.posixPermissions] as? Int == 0o600)
        #expect(try MasterKey.load(file: outside, dataFolder: data).id == created.id)
        // Never overwritten.
        #expect(throws: EncryptionError.self) { _ = try MasterKey.create(at: outside) }
        #expect(try MasterKey.load(file: outside, dataFolder: data).id == created.id)
        // Readable by others: refused.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: outside.path)
        let exposed = try EncryptedFileTests.refusal { _ = try MasterKey.load(file: outside, dataFolder: data) }
        #expect(exposed.reason == .masterKey && exposed.message.contains("chmod 600") && exposed.french.contains("chmod 600"))
        // Inside the data folder: refused, even through `..`.
        let inside = data.appendingPathComponent("master.key")
        _ = try MasterKey.create(at: inside)
        let sneaky = URL(fileURLWithPath: data.path + "/../data/master.key")
        let misplaced = try EncryptedFileTests.refusal { _ = try MasterKey.load(file: sneaky, dataFolder: data) }
        #expect(misplaced.reason == .masterKey && misplaced.message.contains("inside the data folder"))
        // Malformed keys.
        #expect(throws: EncryptionError.self) { _ = try MasterKey(base64: "not base64!") }
        #expect(throws: EncryptionError.self) { _ = try MasterKey(base64: Data(count: 16).base64EncodedString()) }
    }

    @Test func studyKeysAreWrappedMadeOnceAndRefusedToAnotherMaster() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let study = try await temporary.store.createStudy(name: "Keys", details: "")
        let master = MasterKey.generate()
        let keyring = try StudyKeyring(master: master, storage: temporary.store)
        let first = try keyring.key(forStudy: study.id!)
        let again = try keyring.key(forStudy: study.id!)
        #expect(first.id == again.id && first.key == again.key)
        #expect(try keyring.key(id: first.id) == first.key)
        // The store holds the key wrapped only: its raw bytes appear nowhere in the database file.
        let wrapped = try #require(try temporary.store.wrappedStudyKey(studyID: study.id!))
        #expect(wrapped.masterKeyID == master.id)
        let raw = first.key.withUnsafeBytes { Data($0) }
        #expect(wrapped.sealed.range(of: raw) == nil && wrapped.sealed.count == 12 + 32 + 16)
        // A fresh keyring on the same master unwraps it.
        #expect(try StudyKeyring(master: master, storage: temporary.store).key(forStudy: study.id!).key == first.key)
        // Another master key is refused at once, and nothing is written.
        let before = try await temporary.store.countRaw("SELECT COUNT(*) FROM study_key")
        let wrong = try EncryptedFileTests.refusal { _ = try StudyKeyring(master: MasterKey.generate(), storage: temporary.store) }
        #expect(wrong.reason == .masterKey && wrong.message.contains("Nothing was changed") && wrong.french.contains("Rien n’a été modifié"))
        #expect(try await temporary.store.countRaw("SELECT COUNT(*) FROM study_key") == before)
        // A wrapped key moved to another study does not open.
        var moved = wrapped
        moved.studyID = 999
        #expect(throws: EncryptionError.self) { _ = try moved.unwrap(with: master) }
        // An unknown key id is a typed error.
        #expect(try EncryptedFileTests.refusal { _ = try keyring.key(id: Data(count: 16)) }.reason == .unknownKey)
    }
}

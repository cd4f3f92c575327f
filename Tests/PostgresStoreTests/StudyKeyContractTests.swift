import Crypto
import Dispatch
import Foundation
import Store
import Testing

@testable import PostgresStore

/// The wrapped study keys of encryption at rest on both backends: made once per study, the same
/// bytes read back, kept across a reopened store, refused to another master key before anything
/// is written.
@Suite("Store contract: study keys")
struct StudyKeyContractTests {
    /// Runs `body` on a dispatch queue, as the media storage calls the keyring (its calls block their thread).
    static func blocking<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The `EncryptionError` `body` throws.
    static func refusal(_ body: @escaping @Sendable () throws -> Void) async throws -> EncryptionError {
        try await blocking {
            do { try body() } catch let error as EncryptionError { return error }
            throw EncryptionError(.io, "expected an EncryptionError", fr: "une EncryptionError était attendue")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func keysAreStoredOncePerStudyAndOpenOnlyWithTheirMaster(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Clés", details: "").id)
        let otherID = try #require(try await store.createStudy(name: "Autre", details: "").id)
        #expect(try await Self.blocking { try store.studyKeyMasterIDs() } == [])

        // The record as written comes back field for field.
        let master = MasterKey.generate()
        let made = try WrappedStudyKey.make(studyID: otherID, master: master, date: Date(timeIntervalSince1970: 1_780_000_000))
        #expect(try await Self.blocking { try store.addWrappedStudyKey(made.0) } == made.0)
        #expect(try await Self.blocking { try store.wrappedStudyKey(studyID: otherID) } == made.0)
        #expect(try await Self.blocking { try store.wrappedStudyKey(id: made.0.id) } == made.0)
        #expect(try await Self.blocking { try store.wrappedStudyKey(id: "00") } == nil)
        // A second key for the same study is not kept: the first is returned.
        let second = try WrappedStudyKey.make(studyID: otherID, master: master).0
        #expect(try await Self.blocking { try store.addWrappedStudyKey(second) } == made.0)
        #expect(try await Self.blocking { try store.wrappedStudyKey(id: second.id) } == nil)
        // A key for a study that does not exist is refused.
        let orphan = try WrappedStudyKey.make(studyID: 9_999, master: master).0
        let refused = await #expect(throws: StoreError.self) { try await Self.blocking { try store.addWrappedStudyKey(orphan) } }
        #expect(refused?.kind == .invalidInput)

        let keyring = try await Self.blocking { try StudyKeyring(master: master, storage: store) }
        let first = try await Self.blocking { try keyring.key(forStudy: studyID) }
        let again = try await Self.blocking { try keyring.key(forStudy: studyID) }
        #expect(first.id == again.id && first.key == again.key && first.id.count == 16)
        #expect(try await Self.blocking { try keyring.key(id: first.id) } == first.key)
        #expect(try await Self.blocking { try keyring.key(forStudy: otherID) }.key == made.1)
        // Wrapped only: the key's raw bytes are not in the stored record.
        let wrapped = try #require(try await Self.blocking { try store.wrappedStudyKey(studyID: studyID) })
        let raw = first.key.withUnsafeBytes { Data($0) }
        #expect(wrapped.masterKeyID == master.id && wrapped.sealed.range(of: raw) == nil && wrapped.sealed.count == 12 + 32 + 16)
        #expect(try await Self.blocking { try store.studyKeyMasterIDs() } == [master.id])

        // Another process on the same database unwraps the same key with the same master.
        let (other, closeOther) = try await opened.another()
        defer { closeOther() }
        let reopened = try await Self.blocking { try StudyKeyring(master: master, storage: other) }
        #expect(try await Self.blocking { try reopened.key(id: first.id) } == first.key)
        // Another master key is refused at once, and nothing is written.
        let before = try await opened.integer("SELECT count(*) FROM study_key")
        let wrong = try await Self.refusal { _ = try StudyKeyring(master: MasterKey.generate(), storage: other) }
        #expect(wrong.reason == .masterKey && wrong.message.contains("Nothing was changed") && wrong.french.contains("Rien n’a été modifié"))
        #expect(try await opened.integer("SELECT count(*) FROM study_key") == before && before == 2)
        // An unknown key id is a typed error.
        #expect(try await Self.refusal { _ = try keyring.key(id: Data(count: 16)) }.reason == .unknownKey)
    }
}

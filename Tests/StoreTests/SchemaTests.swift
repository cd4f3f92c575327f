import Foundation
import GRDB
import Testing

@testable import Store

@Suite struct SchemaTests {
    @Test func opensInWALModeWithForeignKeysAndAllTables() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let settings = try await temporary.store.connectionSettings()
        #expect(settings.journalMode == "wal")
        #expect(settings.foreignKeys)
        let tables = try await temporary.store.tableNames()
        let expected: Set<String> = [
            "app_user", "audit_event", "audit_head", "biometric_chunk", "biometric_stream", "code", "coding", "job", "memo",
            "participant", "participant_attribute", "recording", "recording_participant", "segment", "speaker", "study",
            "study_membership", "transcript", "word", "recording_sync", "biometric_marker", "api_token", "transcript_edit",
            "coding_completion", "consensus_decision", "user_account", "user_session", "sign_in_failure", "capture", "capture_chunk",
            "live_transcript", "live_segment", "redaction", "pseudonym", "study_key", "retention_rule", "identity_vault",
        ]
        #expect(Set(tables).subtracting(["sqlite_sequence"]) == expected)
        // Reopening migrates nothing twice and keeps data.
        _ = try await temporary.store.createStudy(name: "S", details: "")
        let reopened = try SQLiteStore(path: temporary.store.path)
        #expect(try await reopened.studies().count == 1)
    }

    @Test func foreignKeysRejectDanglingReferences() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        await #expect(throws: StoreError.self) {
            _ = try await temporary.store.createParticipant(studyID: 999, pseudonym: "P-001")
        }
        let problems = try await temporary.store.integrityProblems()
        #expect(problems.isEmpty)
    }

    @Test("a store upgraded by a newer Verbatim is refused with a clear message, not opened")
    func newerStoreIsRefused() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        _ = try await temporary.store.createStudy(name: "S", details: "")
        try await temporary.store.executeRaw("INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        do {
            _ = try SQLiteStore(path: temporary.store.path)
            Issue.record("a store with an unknown migration should be refused")
        } catch let error as StoreError {
            #expect(error.kind == .database)
            #expect(error.message.contains("newer Verbatim") && error.message.contains("v99-from-the-future"))
            #expect(error.french?.contains("plus récente") == true)
        }
        // Nothing was changed or copied: the study is there, no backup beside the file.
        #expect(try await temporary.store.studies().count == 1)
        let folder = URL(fileURLWithPath: temporary.store.path).deletingLastPathComponent()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("before-upgrade") }.isEmpty)
    }

    @Test("an upgrade copies the store as it was beside it before migrating")
    func upgradeBacksUpFirst() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        _ = try await temporary.store.createStudy(name: "Before the upgrade", details: "")
        // Turn the file back into a store of the version before the live transcript.
        try await temporary.store.executeRaw(
            """
            DROP TABLE identity_vault; DROP TABLE study_key; DROP TABLE live_segment; DROP TABLE live_transcript; DROP TABLE redaction; DROP TABLE pseudonym;
            ALTER TABLE audit_event DROP COLUMN clientAddress; DROP INDEX job_updated; ALTER TABLE job DROP COLUMN startedAt;
            DROP TABLE retention_rule; ALTER TABLE recording DROP COLUMN mediaRemovedAt; ALTER TABLE study DROP COLUMN pseudonymisedForCoders;
            DELETE FROM grdb_migrations WHERE identifier IN (
                'v7-live-transcript', 'v8-redactions', 'v8-study-keys', 'v9-audit-client-address', 'v9-job-started-at',
                'v10-retention', 'v10-identity-vault', 'v10-study-pseudonymised-coders');
            """)
        let current = try SQLiteStore(path: temporary.store.path)
        #expect(try await current.countRaw("SELECT COUNT(*) FROM live_transcript") == 0)  // migrated again
        let backup = temporary.store.path + ".before-upgrade-from-v7-capture"
        let copy = try DatabaseQueue(path: backup)
        let (applied, studies) = try await copy.read { db in
            (try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations"), try String.fetchAll(db, sql: "SELECT name FROM study"))
        }
        #expect(applied.contains("v7-capture") && !applied.contains("v7-live-transcript"))
        #expect(studies == ["Before the upgrade"])
        let mode = try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // A current store is opened without another copy.
        try FileManager.default.removeItem(atPath: backup)
        _ = try SQLiteStore(path: temporary.store.path)
        #expect(!FileManager.default.fileExists(atPath: backup))
    }

    @Test func openingAFolderFailsWithAClearError() throws {
        do {
            _ = try SQLiteStore(path: "/nonexistent-folder/x/store.sqlite")
            Issue.record("opening a store in a missing folder should fail")
        } catch let error as StoreError {
            #expect(error.kind == .database)
            #expect(error.message.contains("/nonexistent-folder/x/store.sqlite"))
        }
    }
}

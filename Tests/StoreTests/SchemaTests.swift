import Foundation
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
            "live_transcript", "live_segment",
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

import Foundation
import Testing

@testable import Store

@Suite struct ErasureTests {
    @Test func erasingAParticipantLeavesNothing() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        _ = try await store.editTranscript(
            seeded.transcript.id!, edits: [SegmentEdit(index: 0, text: "Pourquoi ce projet ?")], editorID: seeded.alice.id!,
            status: .reviewed)
        #expect(FileManager.default.fileExists(atPath: seeded.mediaFile.path))

        let report = try await store.eraseParticipant(seeded.p014.id!, actorID: seeded.alice.id, reason: "art. 17 request")
        #expect(report.recordings == 1)
        #expect(report.transcripts == 2)
        // Three codings on each version: the correction carried them onto the new one.
        #expect(report.codings == 6)
        #expect(report.memos == 2)
        #expect(report.streams == 1)
        #expect(report.removedFiles == [seeded.mediaFile.path])
        #expect(report.failedFiles.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: seeded.mediaFile.path))

        let p = seeded.p014.id!
        let r = seeded.recording.id!
        let checks = [
            "SELECT COUNT(*) FROM participant WHERE id = \(p)",
            "SELECT COUNT(*) FROM participant_attribute WHERE participantID = \(p)",
            "SELECT COUNT(*) FROM recording WHERE id = \(r)",
            "SELECT COUNT(*) FROM recording_participant WHERE participantID = \(p) OR recordingID = \(r)",
            "SELECT COUNT(*) FROM transcript WHERE recordingID = \(r)",
            "SELECT COUNT(*) FROM segment WHERE transcriptID NOT IN (SELECT id FROM transcript)",
            "SELECT COUNT(*) FROM word WHERE segmentID NOT IN (SELECT id FROM segment)",
            "SELECT COUNT(*) FROM speaker WHERE recordingID = \(r) OR participantID = \(p)",
            "SELECT COUNT(*) FROM coding WHERE transcriptID NOT IN (SELECT id FROM transcript)",
            "SELECT COUNT(*) FROM memo WHERE participantID = \(p) OR recordingID = \(r) OR codingID IS NOT NULL",
            "SELECT COUNT(*) FROM biometric_stream WHERE participantID = \(p)",
            "SELECT COUNT(*) FROM biometric_chunk",
            "SELECT COUNT(*) FROM segment_fts WHERE segment_fts MATCH 'fatigue OR hopital OR projet'",
        ]
        for sql in checks {
            #expect(try await store.countRaw(sql) == 0, "\(sql)")
        }
        #expect(try await store.integrityProblems().isEmpty)
        #expect(try await store.search(studyID: seeded.study.id!, query: "stress", limit: 10).isEmpty)

        // The other participant's data is untouched.
        #expect(try await store.participants(studyID: seeded.study.id!).map(\.pseudonym) == ["P-015"])
        #expect(try await store.search(studyID: seeded.study.id!, query: "interet", limit: 10).count == 1)
        #expect(try await store.memos(studyID: seeded.study.id!).map(\.title) == ["Général"])
        #expect(try await store.recordings(studyID: seeded.study.id!).map(\.id) == [seeded.otherRecording.id])

        // One audit event, without personal data, and the chain still verifies.
        let events = try await store.auditEvents(afterID: 0, limit: 10)
        let event = try #require(events.first { $0.id == report.auditEventID })
        #expect(event.action == "participant.erase")
        #expect(event.targetID == p)
        #expect(event.actorID == seeded.alice.id)
        #expect(!event.details.contains("P-014"))
        #expect(event.details.contains("\"codings\":6"))
        #expect(try await store.verifyAuditLog().isIntact)

        // No erased text survives in the database file or its WAL (secure_delete, FTS optimize, checkpoint).
        for file in [store.path, store.path + "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            for secret in ["P-014", "fatigue", "Recrutée", "ME/CFS", "Pourquoi ce projet"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) still in \(file)")
            }
        }
    }

    @Test func erasingAnUnknownParticipantFails() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        do {
            _ = try await temporary.store.eraseParticipant(42, actorID: nil, reason: "")
            Issue.record("erasing a missing participant succeeded")
        } catch let error as StoreError {
            #expect(error.kind == .notFound)
        }
        #expect(try await temporary.store.auditEvents(afterID: 0, limit: 10).isEmpty)
    }
}

import Foundation
import Testing

@testable import Store

/// Deleting one recording (an erasure request per interview) and removing a case variable.
@Suite struct RecordingDeletionTests {
    @Test func deletingARecordingRemovesEverythingMadeFromItAndKeepsTheParticipant() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        let recordingID = seeded.recording.id!
        let job = try await store.enqueue(
            kind: "transcribe", payload: "{\"recordingID\":\(recordingID),\"prompt\":\"Madame Dupont\"}", studyID: seeded.study.id,
            priority: 0, maxAttempts: 1)
        let otherJob = try await store.enqueue(
            kind: "transcribe", payload: "{\"recordingID\":\(seeded.otherRecording.id!)}", studyID: seeded.study.id, priority: 0,
            maxAttempts: 1)
        let recordingMemo = try await store.addMemo(
            Memo(studyID: seeded.study.id!, authorID: seeded.alice.id, title: "Contexte", text: "…", recordingID: recordingID))

        let plan = try await store.recordingDeletionPlan(recordingID: recordingID)
        #expect(plan.transcripts == 1)
        #expect(plan.segments == 3)
        #expect(plan.words == 2)
        #expect(plan.speakers == 2)
        #expect(plan.codings == 3)
        #expect(plan.memos == 2)  // the one on Alice's coding and the one on the recording
        #expect(plan.jobs == 1)
        #expect(plan.participantLinks == 1)
        #expect(plan.auditEventID == nil)
        #expect(FileManager.default.fileExists(atPath: seeded.mediaFile.path))

        let report = try await store.deleteRecording(recordingID, actorID: seeded.alice.id, reason: "demande d'effacement")
        #expect(report.codings == plan.codings && report.segments == plan.segments && report.jobs == plan.jobs)
        #expect(report.removedFiles == [seeded.mediaFile.path])
        #expect(report.failedFiles.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: seeded.mediaFile.path))
        #expect(try await store.recording(id: recordingID) == nil)
        #expect(try await store.transcripts(recordingID: recordingID).isEmpty)
        #expect(try await store.transcript(id: seeded.transcript.id!) == nil)
        #expect(try await store.codings(transcriptID: seeded.transcript.id!).isEmpty)
        #expect(try await store.speakers(recordingID: recordingID).isEmpty)
        #expect(try await store.job(id: job.id!) == nil)
        #expect(try await store.job(id: otherJob.id!) != nil)
        #expect(try await store.search(studyID: seeded.study.id!, query: "fatigue", limit: 10).isEmpty)
        let memos = try await store.memos(studyID: seeded.study.id!)
        #expect(memos.first { $0.id == recordingMemo.id } == nil)
        #expect(memos.contains { $0.participantID == seeded.p014.id })  // a memo on the participant stays
        // The participant, their case variables and the other interview stay.
        #expect(try await store.participant(id: seeded.p014.id!) != nil)
        #expect(try await store.attributes(participantID: seeded.p014.id!, includeSensitive: true).count == 2)
        #expect(try await store.recording(id: seeded.otherRecording.id!) != nil)
        #expect(try await store.codes(studyID: seeded.study.id!).count == 2)
        // The audit event has counts and the reason, no title, pseudonym or prompt.
        let event = try #require(try await store.auditEvents(afterID: 0, limit: 1000).last)
        #expect(event.id == report.auditEventID)
        #expect(event.action == "recording.delete")
        #expect(event.targetID == recordingID)
        #expect(event.details.contains("\"codings\":3"))
        for personal in ["Entretien", "P-014", "Dupont", "fatigue"] { #expect(!event.details.contains(personal)) }
        #expect(try await store.verifyAuditLog().isIntact)
        await #expect(throws: StoreError.self) { _ = try await store.deleteRecording(recordingID, actorID: nil, reason: "") }
    }

    @Test func aMediaFileAnotherRecordingUsesIsKept() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        // Recordings made before uploads were unique per file may share one media file.
        let twin = try await store.addRecording(
            Recording(
                studyID: seeded.study.id!, title: "Copie", mediaPath: seeded.mediaFile.path, fileHash: "11", container: "wav"))
        let report = try await store.deleteRecording(seeded.recording.id!, actorID: nil, reason: "doublon")
        #expect(report.removedFiles.isEmpty)
        #expect(FileManager.default.fileExists(atPath: seeded.mediaFile.path))
        #expect(try await store.recording(id: twin.id!) != nil)
    }

    @Test func removingACaseVariable() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        try await store.removeAttribute(participantID: seeded.p014.id!, name: "diagnosis")
        #expect(try await store.attributes(participantID: seeded.p014.id!, includeSensitive: true).map(\.name) == ["age band"])
        do {
            try await store.removeAttribute(participantID: seeded.p014.id!, name: "diagnosis")
            Issue.record("removing a missing attribute succeeded")
        } catch let error as StoreError {
            #expect(error.kind == .notFound)
            #expect(error.message(in: .fr).contains("« diagnosis »"))
        }
    }
}

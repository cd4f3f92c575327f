import Foundation
import Testing

@testable import Store

/// Erasing one participant of a recording shared with others (a focus group, an interview with a
/// caregiver) removes what is theirs and keeps the recording for the others.
@Suite struct SharedRecordingErasureTests {
    @Test func erasingOneParticipantKeepsTheSharedRecording() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        // P-015 is the caregiver in P-014's interview, and is the interviewer speaker.
        try await store.linkParticipant(recordingID: seeded.recording.id!, participantID: seeded.p015.id!, role: .caregiver)
        let speakers = try await store.speakers(recordingID: seeded.recording.id!)
        let interviewer = try #require(speakers.first { $0.label == "Interviewer" })
        try await store.identifySpeaker(interviewer.id!, participantID: seeded.p015.id!, isInterviewer: true)

        let report = try await store.eraseParticipant(seeded.p015.id!, actorID: seeded.alice.id, reason: "withdrew")
        #expect(report.recordings == 1, "only P-015's own interview goes")
        #expect(try await store.recording(id: seeded.recording.id!) != nil)
        #expect(try await store.recording(id: seeded.otherRecording.id!) == nil)
        #expect(FileManager.default.fileExists(atPath: seeded.mediaFile.path))
        #expect(try await store.recordingParticipants(recordingID: seeded.recording.id!).map(\.participantID) == [seeded.p014.id!])
        let after = try await store.speakers(recordingID: seeded.recording.id!)
        #expect(after.first { $0.id == interviewer.id }?.participantID == nil)
        #expect(after.first { $0.label == "SPEAKER_01" }?.participantID == seeded.p014.id)
        #expect(try await store.transcripts(recordingID: seeded.recording.id!).count == 1)
        #expect(try await store.codings(transcriptID: seeded.transcript.id!).count == 3)
        #expect(try await store.biometricStreams(participantID: seeded.p014.id!).count == 1)
        #expect(try await store.integrityProblems().isEmpty)
    }

    /// A worker transcribing a recording that is erased meanwhile loses its lease at the next
    /// renewal, and stops, instead of working on for a job that no longer exists.
    @Test func aRunningJobOfAnErasedRecordingLosesItsLease() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        let job = try await store.enqueue(
            kind: "transcribe", payload: "{\"recordingID\":\(seeded.otherRecording.id!)}", studyID: seeded.study.id, priority: 0,
            maxAttempts: 3)
        _ = try #require(try await store.claimJob(worker: "w", kinds: [], lease: 600))
        _ = try await store.eraseParticipant(seeded.p015.id!, actorID: nil, reason: "withdrew")
        #expect(try await store.job(id: job.id!) == nil)
        let error = await #expect(throws: StoreError.self) {
            try await store.renewLease(jobID: job.id!, worker: "w", lease: 600, progress: 0.5)
        }
        #expect(error?.kind == .leaseLost)
    }
}

import Foundation
import Testing

@testable import Store

/// A new transcription of a recording never hides human work: while the new machine version has
/// none, the coded or reviewed version stays the one that exports, search and readers use.
@Suite struct TranscriptRerunTests {
    @Test func aRerunKeepsTheCodedVersionCurrent() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        let recordingID = seeded.recording.id!
        let job = try await store.enqueue(kind: "transcribe", payload: "{}", studyID: seeded.study.id, priority: 0, maxAttempts: 1)
        _ = try #require(try await store.claimJob(worker: "w", kinds: [], lease: 600))
        let rerun = try await store.completeTranscriptionJob(
            jobID: job.id!, worker: "w", recordingID: recordingID,
            transcript: TranscriptInput(
                engine: "whisper", model: "whisper-base", language: "fr",
                segments: [SegmentInput(start: 0, end: 9, speakerLabel: "SPEAKER_00", text: "Une autre lecture de l'entretien.")]))
        #expect(rerun.version == 2)

        let bundle = try await store.exportBundle(studyID: seeded.study.id!, recordingIDs: [recordingID])
        #expect(bundle.recordings[0].transcript?.id == seeded.transcript.id)
        #expect(bundle.recordings[0].codings.count == 3)
        #expect(try await store.search(studyID: seeded.study.id!, query: "fatigue", limit: 10).count == 1)
        #expect(try await store.search(studyID: seeded.study.id!, query: "lecture", limit: 10).isEmpty)
        #expect(try await store.currentTranscript(recordingID: recordingID)?.id == seeded.transcript.id)

        // A person adopting the new version (reviewing it) makes it current.
        let adopted = try await store.editTranscript(rerun.id!, edits: [], editorID: seeded.alice.id!, status: .reviewed)
        #expect(try await store.currentTranscript(recordingID: recordingID)?.id == adopted.id)
        let after = try await store.exportBundle(studyID: seeded.study.id!, recordingIDs: [recordingID])
        #expect(after.recordings[0].transcript?.id == adopted.id)
    }

    @Test func aRerunOfAnUntouchedDraftBecomesCurrent() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        let recordingID = seeded.otherRecording.id!
        let rerun = try await store.addTranscript(
            recordingID: recordingID,
            TranscriptInput(
                engine: "whisper", model: "whisper-base", language: "fr",
                segments: [SegmentInput(start: 0, end: 3, speakerLabel: "SPEAKER_00", text: "Mon intérêt vient de ma sœur aînée.")]))
        #expect(try await store.currentTranscript(recordingID: recordingID)?.id == rerun.id)
        let bundle = try await store.exportBundle(studyID: seeded.study.id!, recordingIDs: [recordingID])
        #expect(bundle.recordings[0].transcript?.id == rerun.id)
    }
}

import Foundation
import Store
import Testing

@Suite("Renaming speakers")
struct SpeakerRenameTests {
    @Test func renameKeepsSegmentsAndRefusesClashes() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        let speakers = try await store.speakers(recordingID: seeded.recording.id!)
        #expect(speakers.count >= 2)
        let first = speakers[0], second = speakers[1]

        let renamed = try await store.renameSpeaker(first.id!, label: "  Enquêtrice  ")
        #expect(renamed.label == "Enquêtrice")
        #expect(try await store.speakers(recordingID: seeded.recording.id!).map(\.label).contains("Enquêtrice"))
        // Segments point at the speaker row, so they follow the new name.
        let bundle = try await store.exportBundle(studyID: seeded.study.id!, recordingIDs: [seeded.recording.id!])
        let segments = try #require(bundle.recordings.first).segments.filter { $0.speakerID == first.id }
        #expect(!segments.isEmpty)
        #expect(segments.allSatisfy { bundle.recordings[0].label(of: $0.speakerID) == "Enquêtrice" })

        await #expect(throws: StoreError.self) { _ = try await store.renameSpeaker(second.id!, label: "Enquêtrice") }
        await #expect(throws: StoreError.self) { _ = try await store.renameSpeaker(second.id!, label: "   ") }
        await #expect(throws: StoreError.self) { _ = try await store.renameSpeaker(999_999, label: "X") }
        #expect(try await store.speakers(recordingID: seeded.recording.id!).first { $0.id == second.id }?.label == second.label)
    }
}

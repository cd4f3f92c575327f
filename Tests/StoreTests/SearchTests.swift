import Foundation
import Testing

@testable import Store

@Suite struct SearchTests {
    @Test func diacriticsAreFoldedAndHitsCarryTimeAndSpeaker() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let hits = try await temporary.store.search(studyID: seeded.study.id!, query: "interet", limit: 10)
        #expect(hits.count == 2)
        let first = try #require(hits.first { $0.recordingID == seeded.recording.id })
        #expect(first.transcriptID == seeded.transcript.id)
        #expect(first.segmentIndex == 0)
        #expect(first.start == 0.0)
        #expect(first.end == 2.5)
        #expect(first.speakerLabel == "Interviewer")
        #expect(first.snippet.contains("[intérêt]"))
        let other = try #require(hits.first { $0.recordingID == seeded.otherRecording.id })
        #expect(other.speakerLabel == "SPEAKER_00")
        // Upper case and accents in the query fold too; several words are ANDed.
        let hospital = try await temporary.store.search(studyID: seeded.study.id!, query: "HÔPITAL etude", limit: 10)
        #expect(hospital.map(\.segmentIndex) == [2])
        #expect(try await temporary.store.search(studyID: seeded.study.id!, query: "hopital sœur", limit: 10).isEmpty)
        // Ligatures fold both ways: "soeur" finds "sœur" and "sœur" finds it too.
        #expect(
            try await temporary.store.search(studyID: seeded.study.id!, query: "soeur", limit: 10).map(\.recordingID) == [
                seeded.otherRecording.id
            ])
        #expect(try await temporary.store.search(studyID: seeded.study.id!, query: "SŒUR", limit: 10).count == 1)
        // FTS5 syntax in user input is plain text.
        #expect(try await temporary.store.search(studyID: seeded.study.id!, query: "\"stress\" (-*", limit: 10).count == 1)
        await #expect(throws: StoreError.self) { _ = try await temporary.store.search(studyID: seeded.study.id!, query: " ?! ", limit: 10) }
    }

    @Test func onlyTheNewestVersionIsSearched() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        _ = try await temporary.store.editTranscript(
            seeded.transcript.id!, edits: [SegmentEdit(index: 1, text: "Au début, c'était l'épuisement.")],
            editorID: seeded.alice.id!, status: .reviewed)
        let stress = try await temporary.store.search(studyID: seeded.study.id!, query: "stress", limit: 10)
        #expect(stress.isEmpty)
        let hits = try await temporary.store.search(studyID: seeded.study.id!, query: "epuisement", limit: 10)
        #expect(hits.count == 1)
        #expect(hits.first?.transcriptID != seeded.transcript.id)
        #expect(try await temporary.store.search(studyID: seeded.study.id! + 1, query: "epuisement", limit: 10).isEmpty)
    }
}

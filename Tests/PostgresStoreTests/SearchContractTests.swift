import Foundation
import Store
import Testing

@testable import PostgresStore

/// Full-text search with French text (accents, capitals, apostrophes, hyphens, ligatures): both
/// backends return the hits, order and snippets that SQLite's FTS5 gives on the same rows,
/// written here as Python's sqlite3 3.40.1 (FTS5, `unicode61 remove_diacritics 2`) computed them
/// on a table holding exactly these segments.
@Suite("Store contract: search")
struct SearchContractTests {
    static let first = [
        "Je suis arrivée à l'hôpital le lundi.", "Les élèves infirmières étaient fatiguées, peut-être débordées.",
        "Mon cœur battait fort : L’HÔPITAL me faisait peur.",
    ]
    static let corrected = ["Je suis arrivée à l’hôpital le mardi.", first[1], first[2]]
    static let second = [
        "Au service d’oncologie, l’équipe m’a expliqué le protocole de chimiothérapie en détail. Ensuite : les effets "
            + "secondaires, la fatigue, les nausées, et surtout la peur de l’hôpital qui revenait chaque semaine avant la séance.",
        "Hôpital de jour, hôpitaux de proximité : HOPITAL.",
        "Les Œuvres sociales m'ont aidée ; l'hôpital aussi.",
    ]
    static let elsewhere = ["L'hôpital, l'hôpital, toujours l'hôpital."]

    static func input(_ texts: [String], engine: String = "whisper", labels: [String?] = []) -> TranscriptInput {
        TranscriptInput(
            engine: engine, model: engine == "human" ? "" : "small", language: "fr", status: .draft, createdBy: nil,
            segments: texts.enumerated().map { index, text in
                SegmentInput(
                    start: Double(index) * 10, end: Double(index) * 10 + 9, speakerLabel: index < labels.count ? labels[index] : nil,
                    text: text, confidence: nil, words: [])
            })
    }

    @Test(arguments: StoreBackend.allCases)
    func hitsOrderAndSnippetsAreFTS5s(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let study = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let otherStudy = try #require(try await store.createStudy(name: "Autre", details: "").id)
        let r1 = try await opened.addRecording(study, String(repeating: "e5", count: 32))
        let r2 = try await opened.addRecording(study, String(repeating: "f6", count: 32))
        let r3 = try await opened.addRecording(otherStudy, String(repeating: "a7", count: 32))
        let old = try await store.addTranscript(recordingID: r1, Self.input(Self.first, labels: ["S1", "S2", "S1"]))
        let current = try await store.addTranscript(
            recordingID: r1, Self.input(Self.corrected, engine: "human", labels: ["S1", "S2", "S1"]))
        let machine = try await store.addTranscript(recordingID: r2, Self.input(Self.second))
        _ = try await store.addTranscript(recordingID: r3, Self.input(Self.elsewhere))
        let v1 = try #require(current.id), v2 = try #require(machine.id)
        #expect(old.id != current.id)

        func hits(_ query: String, limit: Int = 50) async throws -> [String] {
            try await store.search(studyID: study, query: query, limit: limit).map { hit in
                "\(hit.recordingID == r1 ? "r1" : hit.recordingID == r2 ? "r2" : "?")/\(hit.transcriptID == v1 || hit.transcriptID == v2 ? "current" : "old")/\(hit.segmentIndex): \(hit.snippet)"
            }
        }

        // Eight of the ten indexed segments hold "hôpital": its weight is FTS5's floor (1e-6),
        // and the shorter segments come first; equal ranks go by transcript then position.
        #expect(
            try await hits("hopital") == [
                "r2/current/1: [Hôpital] de jour, hôpitaux de proximité : [HOPITAL].",
                "r1/current/0: Je suis arrivée à l’[hôpital] le mardi.",
                "r1/current/2: Mon coeur battait fort : L’[HÔPITAL] me faisait peur.",
                "r2/current/2: Les OEuvres sociales m'ont aidée ; l'[hôpital] aussi.",
                "r2/current/0: …les effets secondaires, la fatigue, les nausées, et surtout la peur de l’[hôpital] qui revenait…",
            ])
        #expect(
            try await hits("hopital", limit: 2) == [
                "r2/current/1: [Hôpital] de jour, hôpitaux de proximité : [HOPITAL].",
                "r1/current/0: Je suis arrivée à l’[hôpital] le mardi.",
            ])
        #expect(
            try await hits("l'hôpital") == [
                "r1/current/0: Je suis arrivée à [l]’[hôpital] [le] mardi.",
                "r2/current/2: [Les] OEuvres sociales m'ont aidée ; [l]'[hôpital] aussi.",
                "r1/current/2: Mon coeur battait fort : [L]’[HÔPITAL] me faisait peur.",
                "r2/current/0: …[les] effets secondaires, [la] fatigue, [les] nausées, et surtout [la] peur de [l]’[hôpital] qui revenait…",
            ])
        #expect(
            try await hits("ELEVE fatigu") == [
                "r1/current/1: Les [élèves] infirmières étaient [fatiguées], peut-être débordées."
            ])
        #expect(
            try await hits("peut-être") == ["r1/current/1: Les élèves infirmières étaient fatiguées, [peut]-[être] débordées."])
        #expect(try await hits("œuvres") == ["r2/current/2: Les [OEuvres] sociales m'ont aidée ; l'hôpital aussi."])
        #expect(
            try await hits("peur hôpital") == [
                "r1/current/2: Mon coeur battait fort : L’[HÔPITAL] me faisait [peur].",
                "r2/current/0: …les effets secondaires, la fatigue, les nausées, et surtout la [peur] de l’[hôpital] qui revenait…",
            ])
        // "lundi" is only in the old version of r1, "toujours" only in the other study.
        #expect(try await hits("lundi").isEmpty)
        #expect(try await hits("toujours").isEmpty)
        #expect(try await hits("zzz").isEmpty)

        #expect(
            try await hits("Fatigu") == [
                "r1/current/1: Les élèves infirmières étaient [fatiguées], peut-être débordées.",
                "r2/current/0: …les effets secondaires, la [fatigue], les nausées, et surtout la peur de l’hôpital qui revenait…",
            ])
        let hit = try #require(try await store.search(studyID: study, query: "Fatigu", limit: 50).first)
        #expect(hit.recordingID == r1 && hit.transcriptID == v1 && hit.segmentIndex == 1 && hit.speakerLabel == "S2")
        #expect(hit.start == 10 && hit.end == 19 && hit.text == Self.first[1])
        let segment = try await store.segments(transcriptID: v1)[1]
        #expect(hit.segmentID == segment.id)

        let nothing = await #expect(throws: StoreError.self) { try await store.search(studyID: study, query: " ?! — ", limit: 10) }
        #expect(nothing?.kind == .invalidInput && nothing?.french != nil)
    }
}

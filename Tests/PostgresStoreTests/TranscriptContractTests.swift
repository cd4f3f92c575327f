import Foundation
import Store
import Testing

@testable import PostgresStore

/// Transcript versions, edits and their history, words, speakers and reads: the same sequence
/// runs on SQLite and on PostgreSQL, and each record is checked field by field against values
/// written here (offsets in Unicode scalars).
@Suite("Store contract: transcripts")
struct TranscriptContractTests {
    static let input = TranscriptInput(
        engine: "whisper", model: "small", language: "fr", status: .draft, createdBy: nil,
        segments: [
            SegmentInput(
                start: 0, end: 2.5, speakerLabel: "S2", text: "Ça a été dur 👍🏽", confidence: -0.25,
                words: [
                    WordInput(start: 0, end: 0.4, text: " Ça", probability: 0.91),
                    WordInput(start: 0.4, end: 0.6, text: " a", probability: nil),
                ], flags: ["repetition", "lowConfidence"]),
            SegmentInput(start: 2.5, end: 5, speakerLabel: "S1", text: "Et à l’hôpital ?", confidence: nil, words: []),
            SegmentInput(start: 5, end: 9, speakerLabel: nil, text: "On m’a bien expliqué. Merci.", confidence: -0.1, words: []),
        ])

    @Test(arguments: StoreBackend.allCases)
    func versionsSegmentsWordsAndSpeakers(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let study = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let recording = try await opened.addRecording(study, String(repeating: "c3", count: 32))

        let v1 = try await store.addTranscript(recordingID: recording, Self.input)
        let id1 = try #require(v1.id)
        #expect(v1.recordingID == recording && v1.version == 1 && v1.basedOnID == nil && v1.engine == "whisper")
        #expect(v1.model == "small" && v1.language == "fr" && v1.status == .draft && v1.createdBy == nil)
        #expect(v1.text == "Ça a été dur 👍🏽\nEt à l’hôpital ?\nOn m’a bien expliqué. Merci.")

        let segments = try await store.segments(transcriptID: id1)
        #expect(segments.map(\.position) == [0, 1, 2])
        // "Ça a été dur 👍🏽" is 15 scalars (the emoji and its skin tone are two), then a line feed.
        #expect(segments.map(\.charStart) == [0, 16, 33])
        #expect(segments.map(\.charEnd) == [15, 32, 61])
        #expect(segments.map(\.start) == [0, 2.5, 5] && segments.map(\.end) == [2.5, 5, 9])
        #expect(segments.map(\.confidence) == [-0.25, nil, -0.1])
        #expect(segments.map(\.flags) == ["repetition,lowConfidence", nil, nil])
        #expect(segments.allSatisfy { $0.transcriptID == id1 })

        let speakers = try await store.speakers(recordingID: recording)
        #expect(speakers.map(\.label) == ["S1", "S2"])
        #expect(speakers.allSatisfy { $0.participantID == nil && !$0.isInterviewer && $0.recordingID == recording })
        let s1 = try #require(speakers[0].id), s2 = try #require(speakers[1].id)
        #expect(segments.map(\.speakerID) == [s2, s1, nil])

        let words = try await store.words(transcriptID: id1)
        #expect(words.map(\.text) == [" Ça", " a"] && words.map(\.position) == [0, 1])
        #expect(words.map(\.probability) == [0.91, nil] && words.map(\.end) == [0.4, 0.6])
        #expect(words.allSatisfy { $0.segmentID == segments[0].id })

        let broken = await #expect(throws: StoreError.self) {
            var bad = Self.input
            bad.segments[1].text = "deux\nlignes"
            return try await store.addTranscript(recordingID: recording, bad)
        }
        #expect(broken?.kind == .invalidInput && broken?.french != nil)
        let nowhere = await #expect(throws: StoreError.self) { try await store.addTranscript(recordingID: 9999, Self.input) }
        #expect(nowhere?.kind == .notFound)
        #expect(try await store.transcripts(recordingID: recording).map(\.version) == [1])

        // Words for segments that have none, clamped to the segment; segment 0 keeps its own.
        try await store.setWords(
            transcriptID: id1,
            words: [
                0: [WordInput(start: 0, end: 1, text: " ignoré", probability: 0.5)],
                1: [
                    WordInput(start: 2.0, end: 3.0, text: " Et", probability: 0.8),
                    WordInput(start: 4.5, end: 6.0, text: " l’hôpital", probability: nil),
                ],
            ])
        let timed = try await store.words(transcriptID: id1)
        #expect(timed.map(\.text) == [" Ça", " a", " Et", " l’hôpital"])
        #expect(timed.map(\.start) == [0, 0.4, 2.5, 4.5] && timed.map(\.end) == [0.4, 0.6, 3.0, 5])
        let noVersion = await #expect(throws: StoreError.self) { try await store.setWords(transcriptID: 9999, words: [:]) }
        #expect(noVersion?.kind == .notFound)

        try await store.identifySpeaker(s2, participantID: nil, isInterviewer: true)
        let renamed = try await store.renameSpeaker(s1, label: "  Patiente ")
        #expect(renamed.label == "Patiente" && renamed.id == s1)
        #expect(try await store.speakers(recordingID: recording).map(\.label) == ["Patiente", "S2"])
        #expect(try await store.speakers(recordingID: recording).map(\.isInterviewer) == [false, true])
        let clash = await #expect(throws: StoreError.self) { try await store.renameSpeaker(s1, label: "S2") }
        #expect(clash?.kind == .conflict && clash?.french != nil)
        let blank = await #expect(throws: StoreError.self) { try await store.renameSpeaker(s1, label: " \n ") }
        #expect(blank?.kind == .invalidInput)
        let noSpeaker = await #expect(throws: StoreError.self) { try await store.renameSpeaker(9999, label: "X") }
        #expect(noSpeaker?.kind == .notFound)
        let noIdentify = await #expect(throws: StoreError.self) {
            try await store.identifySpeaker(9999, participantID: nil, isInterviewer: false)
        }
        #expect(noIdentify?.kind == .notFound)
    }

    @Test(arguments: StoreBackend.allCases)
    func editsAmendmentsStatusAndCurrency(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let study = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let editor = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let recording = try await opened.addRecording(study, String(repeating: "d4", count: 32))
        let v1 = try await store.addTranscript(recordingID: recording, Self.input)
        let v1b = try await store.addTranscript(recordingID: recording, Self.input)
        let id1 = try #require(v1.id)
        // Two machine versions: the newest is current.
        #expect(try await store.currentTranscript(recordingID: recording)?.id == v1b.id)

        // An edit makes a human version based on the edited one, and that version is current.
        let v3 = try await store.editTranscript(
            id1, edits: [SegmentEdit(index: 1, text: "Et à l’hôpital, ça s’est passé comment ?", speakerLabel: "Intervieweuse")],
            editorID: editor, status: .reviewed)
        let id3 = try #require(v3.id)
        #expect(v3.version == 3 && v3.basedOnID == id1 && v3.engine == "human" && v3.model == "" && v3.language == "fr")
        #expect(v3.status == .reviewed && v3.createdBy == editor)
        #expect(v3.text == "Ça a été dur 👍🏽\nEt à l’hôpital, ça s’est passé comment ?\nOn m’a bien expliqué. Merci.")
        #expect(try await store.speakers(recordingID: recording).map(\.label) == ["Intervieweuse", "S1", "S2"])
        #expect(try await store.latestTranscript(recordingID: recording)?.id == id3)
        #expect(try await store.currentTranscript(recordingID: recording)?.id == id3)
        #expect(try await store.words(transcriptID: id3).map(\.text) == [" Ça", " a"])
        #expect(try await store.transcriptEdits(transcriptID: id3).isEmpty)
        let outOfRange = await #expect(throws: StoreError.self) {
            try await store.editTranscript(id1, edits: [SegmentEdit(index: 7, text: "x")], editorID: editor, status: .draft)
        }
        #expect(outOfRange?.kind == .invalidInput && outOfRange?.french != nil)

        // Amending a validated version makes a new draft version; amending that draft changes it in place.
        let amended = try await store.amendTranscript(
            id3, operations: [.correct(index: 2, text: "On m’a tout expliqué. Merci.", speakerLabel: nil), .merge(index: 0)],
            editorID: editor)
        let id4 = try #require(amended.transcript.id)
        #expect(amended.isNewVersion && amended.transcript.version == 4 && amended.transcript.basedOnID == id3)
        #expect(amended.transcript.status == .draft && amended.transcript.engine == "human")
        #expect(amended.transcript.text == "Ça a été dur 👍🏽 Et à l’hôpital, ça s’est passé comment ?\nOn m’a tout expliqué. Merci.")
        #expect(amended.codingsLeftBehind.isEmpty && amended.retimedSegments == [0, 1])
        let inPlace = try await store.amendTranscript(id4, operations: [.split(index: 1, at: 22)], editorID: editor)
        #expect(!inPlace.isNewVersion && inPlace.transcript.id == id4 && inPlace.transcript.version == 4)
        #expect(inPlace.transcript.text == "Ça a été dur 👍🏽 Et à l’hôpital, ça s’est passé comment ?\nOn m’a tout expliqué.\nMerci.")
        let segments = try await store.segments(transcriptID: id4)
        #expect(segments.map(\.text) == ["Ça a été dur 👍🏽 Et à l’hôpital, ça s’est passé comment ?", "On m’a tout expliqué.", "Merci."])
        #expect(segments.map(\.charStart) == [0, 57, 79] && segments.map(\.charEnd) == [56, 78, 85])
        #expect(segments.map(\.start) == [0, 5, segments[1].end] && segments.last?.end == 9)
        let unchanged = try await store.amendTranscript(
            id4, operations: [.correct(index: 2, text: "Merci.", speakerLabel: nil)], editorID: editor)
        #expect(!unchanged.isNewVersion && unchanged.transcript.id == id4)
        let none = await #expect(throws: StoreError.self) { try await store.amendTranscript(id4, operations: [], editorID: editor) }
        #expect(none?.kind == .invalidInput && none?.french != nil)
        let missing = await #expect(throws: StoreError.self) {
            try await store.amendTranscript(9999, operations: [.merge(index: 0)], editorID: editor)
        }
        #expect(missing?.kind == .notFound)

        // Status changes enter the history; setting the same status again adds nothing.
        let reviewed = try await store.setTranscriptStatus(id4, status: .reviewed, editorID: editor)
        #expect(reviewed.status == .reviewed && reviewed.id == id4 && reviewed.text == inPlace.transcript.text)
        _ = try await store.setTranscriptStatus(id4, status: .reviewed, editorID: editor)
        let history = try await store.transcriptEdits(transcriptID: id4)
        #expect(history.map(\.kind) == ["correct", "merge", "split", "status"])
        #expect(history.map(\.position) == [2, 0, 1, nil])
        #expect(history[0].before == "On m’a bien expliqué. Merci." && history[0].after == "On m’a tout expliqué. Merci.")
        #expect(history[1].before == "Ça a été dur 👍🏽\nEt à l’hôpital, ça s’est passé comment ?")
        #expect(history[3].before == "draft" && history[3].after == "reviewed")
        #expect(history.allSatisfy { $0.editorID == editor && $0.transcriptID == id4 })
        let noStatus = await #expect(throws: StoreError.self) {
            try await store.setTranscriptStatus(9999, status: .draft, editorID: editor)
        }
        #expect(noStatus?.kind == .notFound)

        #expect(try await store.transcripts(recordingID: recording).map(\.version) == [1, 2, 3, 4])
        #expect(try await store.transcript(id: id4)?.status == .reviewed)
        #expect(try await store.transcript(id: 9999) == nil)
        let detail = try #require(try await store.currentTranscriptDetail(recordingID: recording))
        #expect(detail.transcript.id == id4 && detail.segments.map(\.position) == [0, 1, 2])
        #expect(detail.speakers.map(\.label) == ["Intervieweuse", "S1", "S2"] && detail.words.isEmpty)
        let first = try #require(try await store.transcriptDetail(transcriptID: id1))
        #expect(first.transcript.version == 1 && first.segments.count == 3 && first.words.map(\.text) == [" Ça", " a"])
        #expect(try await store.transcriptDetail(transcriptID: 9999) == nil)
        #expect(try await store.currentTranscriptDetail(recordingID: 9999) == nil)
        #expect(try await store.currentTranscript(recordingID: 9999) == nil)
        #expect(try await store.latestTranscript(recordingID: 9999) == nil)
    }
}

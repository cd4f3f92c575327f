import Foundation
import Testing

@testable import Store

/// A correction makes a new transcript version: the codings and memos made on the old one follow
/// the text onto the new one, so that coders see (and exports hold) their work on the newest version.
@Suite("Codings carried onto corrected versions")
struct CodingCarryForwardTests {
    /// `text[span]`, in Unicode scalars as the store counts them.
    static func slice(_ text: String, _ start: Int, _ end: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    @Test func offsetsFollowInsertionsReplacementsAndDeletions() {
        // An insertion before a span moves it; a span starting at the insertion point starts after the inserted text.
        let inserted = TranscriptOffsetMap(old: ["Hello world", "second part"], new: ["Hello big world", "second part"])
        #expect(inserted.offset(6, isEnd: false) == 10 && inserted.offset(11, isEnd: true) == 15)
        #expect(inserted.offset(0, isEnd: false) == 0 && inserted.offset(5, isEnd: true) == 5)
        #expect(inserted.offset(6, isEnd: true) == 6, "a span ending at the insertion point ends before the inserted text")
        #expect(inserted.offset(12, isEnd: false) == 16 && inserted.offset(18, isEnd: true) == 22, "the next segment moves whole")
        // A replacement inside a span: the span covers the corrected text.
        let replaced = TranscriptOffsetMap(old: ["I was very tired"], new: ["I was extremely tired"])
        #expect(Self.slice("I was extremely tired", replaced.offset(6, isEnd: false), replaced.offset(10, isEnd: true)) == "extremely")
        #expect(
            Self.slice("I was extremely tired", replaced.offset(6, isEnd: false), replaced.offset(16, isEnd: true)) == "extremely tired")
        #expect(replaced.offset(2, isEnd: false) == 2 && replaced.offset(5, isEnd: true) == 5)
        // A deleted span becomes empty.
        let deleted = TranscriptOffsetMap(old: ["Hello big world"], new: ["Hello world"])
        #expect(deleted.offset(6, isEnd: false) == deleted.offset(9, isEnd: true))
        #expect(Self.slice("Hello world", deleted.offset(10, isEnd: false), deleted.offset(15, isEnd: true)) == "world")
        // Accents and other non-ASCII letters count as one scalar each, as the store counts them.
        let accented = TranscriptOffsetMap(old: ["l'hôpital m'a proposé"], new: ["l'hôpital nous a proposé"])
        #expect(Self.slice("l'hôpital nous a proposé", accented.offset(0, isEnd: false), accented.offset(9, isEnd: true)) == "l'hôpital")
        #expect(Self.slice("l'hôpital nous a proposé", accented.offset(14, isEnd: false), accented.offset(21, isEnd: true)) == "proposé")
    }

    @Test func correctionsCarryCodingsAndMemos() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let input = TranscriptInput(
            engine: "whisper", model: "whisper-base", language: "en",
            segments: [
                SegmentInput(
                    start: 0, end: 2, speakerLabel: "S1", text: "Hello world",
                    words: [WordInput(start: 0, end: 0.5, text: "Hello"), WordInput(start: 0.6, end: 1.2, text: "world")]),
                SegmentInput(start: 3, end: 5, speakerLabel: "S2", text: "second part"),
                SegmentInput(
                    start: 6, end: 8, speakerLabel: "S1", text: "third one",
                    words: [WordInput(start: 6.1, end: 6.6, text: "third"), WordInput(start: 6.7, end: 7.5, text: "one")]),
            ])
        let original = try await store.addTranscript(recordingID: seeded.recording.id!, input)
        let code = seeded.childCode.id!
        let world = try await store.addCoding(
            transcriptID: original.id!, codeID: code, coderID: seeded.alice.id!, charStart: 6, charEnd: 11)
        let across = try await store.addCoding(
            transcriptID: original.id!, codeID: code, coderID: seeded.bruno.id!, charStart: 6, charEnd: 18)
        let second = try await store.addCoding(
            transcriptID: original.id!, codeID: code, coderID: seeded.alice.id!, charStart: 12, charEnd: 18)
        let third = try await store.addCoding(
            transcriptID: original.id!, codeID: code, coderID: seeded.bruno.id!, charStart: 24, charEnd: 29)
        let worldMemo = try await store.addMemo(
            Memo(
                studyID: seeded.study.id!, authorID: seeded.alice.id, title: "world", text: "why here?", transcriptID: original.id,
                codingID: world.id))
        let secondMemo = try await store.addMemo(
            Memo(studyID: seeded.study.id!, authorID: seeded.alice.id, title: "second", text: "deleted later", codingID: second.id))
        let segmentMemo = try await store.addMemo(
            Memo(studyID: seeded.study.id!, authorID: seeded.alice.id, title: "¶2", text: "on the segment", transcriptID: original.id))

        // "big " inserted before "world"; "second " deleted.
        let corrected = try await store.editTranscript(
            original.id!, edits: [SegmentEdit(index: 0, text: "Hello big world"), SegmentEdit(index: 1, text: "part")],
            editorID: seeded.alice.id!, status: .reviewed)
        #expect(corrected.text == "Hello big world\npart\nthird one")
        let carried = try await store.codings(transcriptID: corrected.id!)
        #expect(carried.count == 3, "the coding of deleted text stays on the old version only")
        let byCoder = Dictionary(grouping: carried, by: \.coderID)
        let worldCopy = try #require(byCoder[seeded.alice.id!]?.first)
        #expect(Self.slice(corrected.text, worldCopy.charStart, worldCopy.charEnd) == "world")
        #expect(worldCopy.codeID == code && abs(worldCopy.createdAt.timeIntervalSince(world.createdAt)) < 0.001)
        // Its segment lost its word timings with the correction: times now come from the characters' place in the segment.
        #expect(worldCopy.startTime > 1 && worldCopy.endTime <= 2)
        let bruno = (byCoder[seeded.bruno.id!] ?? []).sorted { $0.charStart < $1.charStart }
        #expect(bruno.map { Self.slice(corrected.text, $0.charStart, $0.charEnd) } == ["world\n", "third"])
        // An unchanged segment keeps the words' times.
        #expect(bruno.last?.startTime == third.startTime && bruno.last?.endTime == third.endTime && third.startTime == 6.1)
        // The old version keeps its own codings.
        #expect(try await store.codings(transcriptID: original.id!).map(\.id) == [world.id, across.id, second.id, third.id])

        let memos = Dictionary(uniqueKeysWithValues: try await store.memos(studyID: seeded.study.id!).map { ($0.id!, $0) })
        #expect(memos[worldMemo.id!]?.codingID == worldCopy.id && memos[worldMemo.id!]?.transcriptID == corrected.id)
        #expect(memos[secondMemo.id!]?.codingID == second.id && memos[secondMemo.id!]?.transcriptID == nil)
        #expect(memos[segmentMemo.id!]?.transcriptID == corrected.id)

        // A speaker change alone keeps every offset.
        let relabelled = try await store.editTranscript(
            corrected.id!, edits: [SegmentEdit(index: 1, speakerLabel: "S1")], editorID: seeded.alice.id!, status: .reviewed)
        let again = try await store.codings(transcriptID: relabelled.id!)
        #expect(again.map { [$0.charStart, $0.charEnd] } == carried.map { [$0.charStart, $0.charEnd] })
        #expect(again.map(\.startTime) == carried.map(\.startTime))
    }
}

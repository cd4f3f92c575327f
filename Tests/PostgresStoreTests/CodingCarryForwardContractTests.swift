import Foundation
import Store
import Testing

@testable import PostgresStore

/// Corrections never lose coders' work, on both backends: a new version gets the old one's
/// codings at the same text (times from the new words) with their memos; the working draft
/// changed in place moves its codings; a change that deletes a coding's whole text goes to a new
/// version and says so; consensus decisions follow unless segments were split or merged.
@Suite("Store contract: codings carried onto corrected versions")
struct CodingCarryForwardContractTests {
    /// `text[start..<end]` in Unicode scalars, as the store counts them.
    static func slice(_ text: String, _ start: Int, _ end: Int) -> String {
        String(String.UnicodeScalarView(Array(text.unicodeScalars)[start..<end]))
    }

    static let input = TranscriptInput(
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

    @Test(arguments: StoreBackend.allCases)
    func editsCarryCodingsAndMemos(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Fatigue", details: "").id)
        let ana = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let ben = try #require(try await store.createUser(name: "Ben", email: "ben@example.org").id)
        let code = try #require(try await store.addCode(Code(studyID: studyID, name: "Fatigue", color: "#1F77B4")).id)
        let recording = try await opened.addRecording(studyID, String(repeating: "e5", count: 32))
        let original = try await opened.addTranscript(recordingID: recording, Self.input)
        let world = try await store.addCoding(transcriptID: original.id!, codeID: code, coderID: ana, charStart: 6, charEnd: 11)
        let across = try await store.addCoding(transcriptID: original.id!, codeID: code, coderID: ben, charStart: 6, charEnd: 18)
        let second = try await store.addCoding(transcriptID: original.id!, codeID: code, coderID: ana, charStart: 12, charEnd: 18)
        let third = try await store.addCoding(transcriptID: original.id!, codeID: code, coderID: ben, charStart: 24, charEnd: 29)
        let worldMemo = try await store.addMemo(
            Memo(studyID: studyID, authorID: ana, title: "world", text: "why here?", transcriptID: original.id, codingID: world.id))
        let secondMemo = try await store.addMemo(
            Memo(studyID: studyID, authorID: ana, title: "second", text: "deleted later", codingID: second.id))
        let segmentMemo = try await store.addMemo(
            Memo(studyID: studyID, authorID: ana, title: "¶2", text: "on the segment", transcriptID: original.id))

        // "big " inserted before "world"; "second " deleted.
        let corrected = try await store.editTranscript(
            original.id!, edits: [SegmentEdit(index: 0, text: "Hello big world"), SegmentEdit(index: 1, text: "part")], editorID: ana,
            status: .reviewed)
        #expect(corrected.text == "Hello big world\npart\nthird one" && corrected.basedOnID == original.id)
        let carried = try await store.codings(transcriptID: corrected.id!)
        #expect(carried.count == 3, "the coding of deleted text stays on the old version only")
        #expect(carried.allSatisfy { $0.transcriptID == corrected.id && $0.codeID == code && !$0.isConsensus })
        let worldCopy = try #require(carried.first { $0.coderID == ana })
        #expect(Self.slice(corrected.text, worldCopy.charStart, worldCopy.charEnd) == "world")
        #expect(abs(worldCopy.createdAt.timeIntervalSince(world.createdAt)) < 0.001, "the copy keeps when it was made")
        // Its segment lost its word timings with the correction: times come from the characters' place in the segment.
        #expect(worldCopy.startTime > 1 && worldCopy.endTime <= 2)
        let benCopies = carried.filter { $0.coderID == ben }.sorted { $0.charStart < $1.charStart }
        #expect(benCopies.map { Self.slice(corrected.text, $0.charStart, $0.charEnd) } == ["world\n", "third"])
        // An unchanged segment keeps the words' times.
        #expect(benCopies.last?.startTime == 6.1 && benCopies.last?.endTime == third.endTime && third.endTime == 6.6)
        // The old version keeps its own codings.
        #expect(Set(try await store.codings(transcriptID: original.id!).map(\.id)) == Set([world.id, across.id, second.id, third.id]))

        let memos = Dictionary(uniqueKeysWithValues: try await store.memos(studyID: studyID).map { ($0.id!, $0) })
        #expect(memos[worldMemo.id!]?.codingID == worldCopy.id && memos[worldMemo.id!]?.transcriptID == corrected.id)
        #expect(memos[secondMemo.id!]?.codingID == second.id && memos[secondMemo.id!]?.transcriptID == nil)
        #expect(memos[segmentMemo.id!]?.transcriptID == corrected.id)

        // A speaker change alone keeps every offset and time.
        let relabelled = try await store.editTranscript(
            corrected.id!, edits: [SegmentEdit(index: 1, speakerLabel: "S1")], editorID: ana, status: .reviewed)
        let again = try await store.codings(transcriptID: relabelled.id!)
        #expect(again.map { [$0.charStart, $0.charEnd] } == carried.map { [$0.charStart, $0.charEnd] })
        #expect(again.map(\.startTime) == carried.map(\.startTime) && again.map(\.endTime) == carried.map(\.endTime))
    }

    @Test(arguments: StoreBackend.allCases)
    func amendmentsMoveOrCarryCodingsAndKeepConsensusTrue(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Fatigue", details: "").id)
        let ana = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let code = try #require(try await store.addCode(Code(studyID: studyID, name: "Fatigue", color: "#1F77B4")).id)
        let recording = try await opened.addRecording(studyID, String(repeating: "f6", count: 32))
        let machine = try await opened.addTranscript(recordingID: recording, Self.input)
        _ = try await store.addCoding(transcriptID: machine.id!, codeID: code, coderID: ana, charStart: 6, charEnd: 11)
        _ = try await store.addCoding(transcriptID: machine.id!, codeID: code, coderID: ana, charStart: 19, charEnd: 23)

        // The machine version is kept: the correction makes a draft with the codings carried.
        let draft = try await store.amendTranscript(
            machine.id!, operations: [.correct(index: 0, text: "Hello big world", speakerLabel: nil)], editorID: ana)
        #expect(draft.isNewVersion && draft.codingsLeftBehind.isEmpty && draft.transcript.basedOnID == machine.id)
        let onDraft = try await store.codings(transcriptID: draft.transcript.id!)
        #expect(onDraft.map { Self.slice(draft.transcript.text, $0.charStart, $0.charEnd) } == ["world", "part"])
        #expect(try await store.codings(transcriptID: machine.id!).map(\.charStart) == [6, 19])

        // The draft changed in place: same version, same codings moved with the text, times again from the segments.
        let inPlace = try await store.amendTranscript(
            draft.transcript.id!, operations: [.correct(index: 1, text: "the second part", speakerLabel: nil)], editorID: ana)
        #expect(!inPlace.isNewVersion && inPlace.transcript.id == draft.transcript.id)
        let moved = try await store.codings(transcriptID: draft.transcript.id!)
        #expect(moved.map(\.id) == onDraft.map(\.id))
        #expect(moved.map { Self.slice(inPlace.transcript.text, $0.charStart, $0.charEnd) } == ["world", "part"])
        #expect(moved[1].startTime > 3 && moved[1].endTime == 5, "the end of a segment without words is the segment's end")

        // Deleting the whole text of a coding: a new version, the coding left on the draft, and the answer says which.
        let cut = try await store.amendTranscript(
            draft.transcript.id!, operations: [.correct(index: 1, text: "the second", speakerLabel: nil)], editorID: ana)
        #expect(cut.isNewVersion && cut.codingsLeftBehind == [moved[1].id!])
        #expect(try await store.codings(transcriptID: draft.transcript.id!).count == 2, "the draft keeps every coding")
        #expect(try await store.codings(transcriptID: cut.transcript.id!).map { Self.slice(cut.transcript.text, $0.charStart, $0.charEnd) } == ["world"])

        // Consensus: a decision on unit 0 of a validated version follows a correction onto the new
        // version with its consensus coding; a split makes a new version without the decision.
        let decided = try await store.decideConsensus(
            transcriptID: cut.transcript.id!, ConsensusDecision(unitIndex: 0, keepCoders: [ana]), deciderID: ana,
            at: Date(timeIntervalSince1970: 1_780_000_000))
        #expect(decided.count == 1 && decided.first?.isConsensus == true)
        _ = try await store.setTranscriptStatus(cut.transcript.id!, status: .reviewed, editorID: ana)
        let corrected = try await store.amendTranscript(
            cut.transcript.id!, operations: [.correct(index: 2, text: "third one, yes", speakerLabel: nil)], editorID: ana)
        #expect(corrected.isNewVersion)
        let decisions = try await store.consensusDecisions(transcriptID: corrected.transcript.id!)
        #expect(decisions.map(\.unitIndex) == [0] && decisions.first?.decidedBy == ana)
        #expect(decisions.first?.decidedAt == Date(timeIntervalSince1970: 1_780_000_000))
        let consensus = try await store.codings(transcriptID: corrected.transcript.id!).filter(\.isConsensus)
        #expect(consensus.count == 1 && consensus.first?.decidedBy == ana)
        let split = try await store.amendTranscript(
            corrected.transcript.id!, operations: [.split(index: 0, at: 6)], editorID: ana)
        #expect(split.isNewVersion, "a split with decisions on the draft makes a new version")
        #expect(try await store.consensusDecisions(transcriptID: split.transcript.id!).isEmpty)
        #expect(try await store.consensusDecisions(transcriptID: corrected.transcript.id!).map(\.unitIndex) == [0])
        let splitConsensus = try await store.codings(transcriptID: split.transcript.id!).filter(\.isConsensus)
        #expect(splitConsensus.count == 1 && splitConsensus.first?.decidedBy == ana)
    }
}

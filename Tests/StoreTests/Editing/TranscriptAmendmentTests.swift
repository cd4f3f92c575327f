import Foundation
import Testing

@testable import Store

/// Editing a transcript as people do: many small corrections, splits, merges and boundary moves
/// make one working draft with a history, not a version per keystroke, and codings follow their text.
@Suite("Transcript amendments")
struct TranscriptAmendmentTests {
    static func codedTexts(_ store: SQLiteStore, _ transcript: Transcript) async throws -> [String] {
        let text = try #require(try await store.transcript(id: transcript.id!)).text
        return try await store.codings(transcriptID: transcript.id!).map { CodingCarryForwardTests.slice(text, $0.charStart, $0.charEnd) }
    }

    /// The defect: four one-segment corrections made v5. Now the first makes the working draft (v2)
    /// and the next three change it in place, each entering the history with its editor.
    @Test func fourCorrectionsMakeOneWorkingDraft() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let before = try await Self.codedTexts(store, seeded.transcript)
        var current = seeded.transcript
        let corrections = [
            (0, "Qu’est-ce qui a suscité votre intérêt pour ce projet ?"),
            (2, "Ensuite, l'hôpital m'a proposé l'étude."),
            (1, "Au tout début, c'était la fatigue & le stress <au travail>."),
            (0, "Qu’est-ce qui a suscité votre intérêt pour ce beau projet ?"),
        ]
        var versions: [Bool] = []
        for (index, text) in corrections {
            let amendment = try await store.amendTranscript(
                current.id!, operations: [.correct(index: index, text: text, speakerLabel: nil)], editorID: seeded.alice.id!)
            versions.append(amendment.isNewVersion)
            current = amendment.transcript
        }
        #expect(versions == [true, false, false, false])
        let all = try await store.transcripts(recordingID: seeded.recording.id!)
        #expect(all.map(\.version) == [1, 2], "one machine version and one working draft")
        #expect(current.version == 2 && current.engine == "human" && current.status == .draft)
        let history = try await store.transcriptEdits(transcriptID: current.id!)
        #expect(history.map(\.position) == [0, 2, 1, 0])
        #expect(history.allSatisfy { $0.editorID == seeded.alice.id && $0.kind == "correct" })
        #expect(history.last?.after == "Qu’est-ce qui a suscité votre intérêt pour ce beau projet ?")
        // Both coders' codings of "la fatigue & le stress" and Alice's of the hospital sentence follow their text.
        #expect(try await Self.codedTexts(store, current).sorted() == before.sorted())
        let segments = try await store.segments(transcriptID: current.id!)
        #expect(segments.map(\.text) == [corrections[3].1, corrections[2].1, corrections[1].1])
        // Search finds the corrected text in place (the index follows the rewritten segments).
        let hits = try await store.search(studyID: seeded.study.id!, query: "tout debut", limit: 10)
        #expect(hits.map(\.transcriptID) == [current.id!])
    }

    @Test func splitKeepsWordsTimesAndCodings() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let input = TranscriptInput(
            engine: "whisper", model: "whisper-base", language: "fr",
            segments: [
                SegmentInput(
                    start: 10, end: 14, speakerLabel: "S1", text: "Bonjour madame. Vous allez bien ?",
                    words: [
                        WordInput(start: 10.0, end: 10.5, text: " Bonjour"), WordInput(start: 10.5, end: 11.0, text: " madame."),
                        WordInput(start: 12.0, end: 12.4, text: " Vous"), WordInput(start: 12.4, end: 12.8, text: " allez"),
                        WordInput(start: 12.8, end: 13.5, text: " bien ?"),
                    ]),
                SegmentInput(start: 14.5, end: 16, speakerLabel: "S2", text: "Oui, merci."),
            ])
        let machine = try await store.addTranscript(recordingID: seeded.recording.id!, input)
        let vous = SeededStudy.range(of: "Vous allez bien", in: machine.text)
        let both = SeededStudy.range(of: "madame. Vous", in: machine.text)
        _ = try await store.addCoding(
            transcriptID: machine.id!, codeID: seeded.childCode.id!, coderID: seeded.bruno.id!, charStart: vous.lowerBound,
            charEnd: vous.upperBound)
        _ = try await store.addCoding(
            transcriptID: machine.id!, codeID: seeded.parentCode.id!, coderID: seeded.alice.id!, charStart: both.lowerBound,
            charEnd: both.upperBound)
        let cut = Array("Bonjour madame. ".unicodeScalars).count
        let split = try await store.amendTranscript(machine.id!, operations: [.split(index: 0, at: cut)], editorID: seeded.alice.id!)
        #expect(split.isNewVersion, "the machine version stays as it was")
        let segments = try await store.segments(transcriptID: split.transcript.id!)
        #expect(segments.map(\.text) == ["Bonjour madame.", "Vous allez bien ?", "Oui, merci."])
        #expect(segments[0].start == 10 && segments[0].end == 11.5 && segments[1].start == 11.5 && segments[1].end == 14)
        let words = try await store.words(transcriptID: split.transcript.id!)
        #expect(words.filter { $0.segmentID == segments[0].id }.map(\.text) == [" Bonjour", " madame."])
        #expect(words.filter { $0.segmentID == segments[1].id }.count == 3)
        #expect(split.retimedSegments.isEmpty, "the words were kept, nothing to align again")
        let texts = try await Self.codedTexts(store, split.transcript)
        #expect(Set(texts) == ["Vous allez bien", "madame.\nVous"])
        let codings = try await store.codings(transcriptID: split.transcript.id!)
        let vousCoding = try #require(codings.first { $0.coderID == seeded.bruno.id })
        #expect(vousCoding.startTime == 12.0 && vousCoding.endTime == 13.5, "times come from the words after the split")

        // Merging back, in place on the working draft, restores one segment and the codings' text.
        let merged = try await store.amendTranscript(
            split.transcript.id!, operations: [.merge(index: 0)], editorID: seeded.alice.id!)
        #expect(!merged.isNewVersion && merged.transcript.id == split.transcript.id)
        let mergedSegments = try await store.segments(transcriptID: merged.transcript.id!)
        #expect(mergedSegments.map(\.text) == ["Bonjour madame. Vous allez bien ?", "Oui, merci."])
        #expect(mergedSegments[0].start == 10 && mergedSegments[0].end == 14)
        #expect(Set(try await Self.codedTexts(store, merged.transcript)) == ["Vous allez bien", "madame. Vous"])
        #expect(try await store.transcriptEdits(transcriptID: merged.transcript.id!).map(\.kind) == ["split", "merge"])
    }

    @Test func boundaryMovesAndRefusals() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let moved = try await store.amendTranscript(
            seeded.transcript.id!, operations: [.moveBoundary(index: 1, time: 6.2)], editorID: seeded.alice.id!)
        let segments = try await store.segments(transcriptID: moved.transcript.id!)
        #expect(segments[1].end == 6.2 && segments[2].start == 6.2 && segments[0].end == 2.5)
        // A boundary outside the two segments, a split at the edge, a merge of the last segment: typed errors, in French too, nothing stored.
        let refusals: [TranscriptOperation] = [
            .moveBoundary(index: 0, time: 7.0), .moveBoundary(index: 2, time: 8), .split(index: 0, at: 0), .merge(index: 2),
            .correct(index: 9, text: "x", speakerLabel: nil),
        ]
        for operation in refusals {
            let error = try await #require(throws: StoreError.self) {
                _ = try await store.amendTranscript(moved.transcript.id!, operations: [operation], editorID: seeded.alice.id!)
            }
            #expect(error.kind == .invalidInput)
            #expect(error.french != nil && error.french != error.message, "\(operation) has a French message")
        }
        // An operation list failing at its second step stores nothing of the first.
        let failing = try await #require(throws: StoreError.self) {
            _ = try await store.amendTranscript(
                moved.transcript.id!, operations: [.correct(index: 0, text: "Changé", speakerLabel: nil), .merge(index: 5)],
                editorID: seeded.alice.id!)
        }
        #expect(failing.kind == .invalidInput)
        #expect(try await store.segments(transcriptID: moved.transcript.id!).map(\.text) == segments.map(\.text))
        #expect(try await store.transcriptEdits(transcriptID: moved.transcript.id!).count == 1)
    }

    /// Deleting the whole text of a coding never loses the coding: the change goes to a new
    /// version and the coding stays on the draft it was made on, and the answer says so.
    @Test func removingCodedTextKeepsTheCodingOnThePreviousVersion() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let draft = try await store.amendTranscript(
            seeded.transcript.id!, operations: [.correct(index: 0, text: "Qu'est-ce qui vous a intéressé ?", speakerLabel: nil)],
            editorID: seeded.alice.id!)
        let codings = try await store.codings(transcriptID: draft.transcript.id!)
        let hospital = try #require(codings.first { $0.codeID == seeded.parentCode.id })
        let cut = try await store.amendTranscript(
            draft.transcript.id!, operations: [.correct(index: 2, text: "Ensuite.", speakerLabel: nil)], editorID: seeded.alice.id!)
        #expect(cut.isNewVersion && cut.codingsLeftBehind == [hospital.id!])
        #expect(try await store.codings(transcriptID: draft.transcript.id!).count == 3, "the draft keeps every coding")
        #expect(try await store.codings(transcriptID: cut.transcript.id!).count == 2)
    }

    @Test func validatedVersionsAreNotChangedInPlace() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let draft = try await store.amendTranscript(
            seeded.transcript.id!, operations: [.correct(index: 0, text: nil, speakerLabel: "Enquêtrice")], editorID: seeded.alice.id!)
        let validated = try await store.setTranscriptStatus(draft.transcript.id!, status: .reviewed, editorID: seeded.alice.id!)
        #expect(validated.status == .reviewed)
        let after = try await store.amendTranscript(
            validated.id!, operations: [.correct(index: 1, text: "Au début, la fatigue.", speakerLabel: nil)], editorID: seeded.bruno.id!)
        #expect(after.isNewVersion && after.transcript.version == 3 && after.transcript.status == .draft)
        #expect(try await store.transcript(id: validated.id!)?.text == validated.text, "the validated version is unchanged")
        let history = try await store.transcriptEdits(transcriptID: validated.id!)
        #expect(history.map(\.kind) == ["speaker", "status"] && history.last?.after == "reviewed")
    }

    /// Consensus decisions name segments by position: corrections keep them on the draft, a split
    /// goes to a new version so that they stay true where they were made, and the consensus
    /// codings travel with their flag and decider.
    @Test func consensusDecisionsStayTrue() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let draft = try await store.amendTranscript(
            seeded.transcript.id!, operations: [.correct(index: 0, text: "Qu'est-ce qui vous a intéressé ?", speakerLabel: nil)],
            editorID: seeded.alice.id!)
        _ = try await store.decideConsensus(
            transcriptID: draft.transcript.id!, ConsensusDecision(unitIndex: 1, keepCoders: [seeded.alice.id!]),
            deciderID: seeded.alice.id!, at: Date())
        let corrected = try await store.amendTranscript(
            draft.transcript.id!, operations: [.correct(index: 2, text: "Ensuite l'hôpital m'a proposé l'étude, voilà.", speakerLabel: nil)],
            editorID: seeded.alice.id!)
        #expect(!corrected.isNewVersion)
        #expect(try await store.consensusDecisions(transcriptID: draft.transcript.id!).map(\.unitIndex) == [1])
        let split = try await store.amendTranscript(
            draft.transcript.id!, operations: [.split(index: 0, at: 10)], editorID: seeded.alice.id!)
        #expect(split.isNewVersion, "a split with decisions on the draft makes a new version")
        #expect(try await store.consensusDecisions(transcriptID: draft.transcript.id!).map(\.unitIndex) == [1])
        #expect(try await store.consensusDecisions(transcriptID: split.transcript.id!).isEmpty)
        let carried = try await store.codings(transcriptID: split.transcript.id!).filter(\.isConsensus)
        #expect(carried.count == 1 && carried.first?.decidedBy == seeded.alice.id)
    }
}

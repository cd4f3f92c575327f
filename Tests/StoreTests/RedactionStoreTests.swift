import Foundation
import Pseudonymisation
import Testing

@testable import Store

@Suite("Pseudonymisation decisions in the store")
struct RedactionStoreTests {
    static let first = "Le docteur Kerhervé m'a suivie.\nJ'habite à Nantes, près de chez ma fille Léa."
    static let second = "Kerhervé, lui, il explique bien."

    /// A proposal of `needle` in `text` at its Unicode-scalar offsets.
    static func proposal(_ needle: String, in text: String, _ kind: IdentifierKind) -> IdentifierProposal {
        let range = SeededStudy.range(of: needle, in: text)
        return IdentifierProposal(start: range.lowerBound, end: range.upperBound, text: needle, kind: kind, reason: "test")
    }

    static func transcript(_ store: SQLiteStore, recordingID: Int64, _ text: String) async throws -> Transcript {
        let segments = text.split(separator: "\n").enumerated().map { index, line in
            SegmentInput(start: Double(index) * 3, end: Double(index) * 3 + 3, speakerLabel: "P", text: String(line))
        }
        return try await store.addTranscript(
            recordingID: recordingID, TranscriptInput(engine: "whisper", model: "whisper-base", language: "fr", segments: segments))
    }

    @Test func decisionsGiveStudyWidePseudonymsAndReachLaterTranscripts() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let study = try await SeededStudy.seed(store, folder: temporary.folder)
        let one = try await Self.transcript(store, recordingID: study.recording.id!, Self.first)
        let spans = try await store.addRedactionProposals(
            transcriptID: one.id!,
            [
                Self.proposal("Kerhervé", in: Self.first, .person), Self.proposal("Nantes", in: Self.first, .place),
                Self.proposal("Léa", in: Self.first, .person),
            ])
        #expect(spans.map(\.text) == ["Kerhervé", "Nantes", "Léa"])
        #expect(spans.allSatisfy { $0.state == .proposed && $0.pseudonym == nil })
        // Nothing replaced until decided, and the pending spans are counted.
        let undecided = try await store.pseudonymisedTranscript(transcriptID: one.id!)
        #expect(undecided.text == Self.first)
        #expect(undecided.pending == 3)

        let doctor = try await store.decideRedaction(id: spans[0].id!, accept: true, deciderID: study.alice.id!, at: Date())
        _ = try await store.decideRedaction(id: spans[1].id!, accept: false, deciderID: study.alice.id!, at: Date())
        let daughter = try await store.decideRedaction(id: spans[2].id!, accept: true, deciderID: study.bruno.id!, at: Date())
        #expect(doctor.pseudonym == "[Personne A]")
        #expect(doctor.decidedBy == study.alice.id)
        #expect(daughter.pseudonym == "[Personne B]")
        let decided = try await store.pseudonymisedTranscript(transcriptID: one.id!)
        #expect(decided.segments == ["Le docteur [Personne A] m'a suivie.", "J'habite à Nantes, près de chez ma fille [Personne B]."])
        #expect(decided.pending == 0)

        // Another recording of the study: the doctor, accepted before, is accepted at once with the same pseudonym.
        let two = try await Self.transcript(store, recordingID: study.otherRecording.id!, Self.second)
        let later = try await store.addRedactionProposals(transcriptID: two.id!, [Self.proposal("Kerhervé", in: Self.second, .person)])
        #expect(later.map(\.state) == [.accepted])
        #expect(later.map(\.pseudonym) == ["[Personne A]"])
        #expect(later.first?.decidedBy == nil)
        #expect(try await store.pseudonymisedTranscript(transcriptID: two.id!).text == "[Personne A], lui, il explique bien.")
        // Proposing again adds nothing twice.
        #expect(try await store.addRedactionProposals(transcriptID: one.id!, [Self.proposal("Nantes", in: Self.first, .place)]).count == 3)
    }

    @Test func markedSpansAreCheckedAndReplaceTheProposalsTheyOverlap() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let study = try await SeededStudy.seed(store, folder: temporary.folder)
        let one = try await Self.transcript(store, recordingID: study.recording.id!, Self.first)
        let proposed = try await store.addRedactionProposals(transcriptID: one.id!, [Self.proposal("Nantes", in: Self.first, .place)])
        // "à Nantes" overlaps the proposal: the person's span takes its place.
        let range = SeededStudy.range(of: "à Nantes", in: Self.first)
        let marked = try await store.addRedaction(
            transcriptID: one.id!, charStart: range.lowerBound, charEnd: range.upperBound, kind: .place, deciderID: study.alice.id!, at: Date())
        #expect(marked.origin == .person && marked.state == .accepted && marked.pseudonym == "[Lieu 1]")
        let spans = try await store.redactions(transcriptID: one.id!)
        #expect(spans.map(\.id) == [marked.id])
        #expect(try await store.redaction(id: proposed[0].id!) == nil)
        // Over an accepted span: refused.
        await #expect(throws: StoreError.self) {
            try await store.addRedaction(
                transcriptID: one.id!, charStart: range.lowerBound + 2, charEnd: range.upperBound, kind: .place, deciderID: study.alice.id!,
                at: Date())
        }
        // Across two segments, or outside the text: refused with the reason, in both languages.
        let across = SeededStudy.range(of: "suivie.\nJ'habite", in: Self.first)
        do {
            _ = try await store.addRedaction(
                transcriptID: one.id!, charStart: across.lowerBound, charEnd: across.upperBound, kind: .person, deciderID: study.alice.id!,
                at: Date())
            Issue.record("a span over two segments was stored")
        } catch let error as StoreError {
            #expect(error.kind == .invalidInput)
            #expect(error.message.contains("two segments"))
            #expect(error.french?.contains("deux segments") == true)
        }
        await #expect(throws: StoreError.self) {
            try await store.addRedaction(transcriptID: one.id!, charStart: 70, charEnd: 900, kind: .person, deciderID: study.alice.id!, at: Date())
        }
        #expect(try await store.redactions(transcriptID: one.id!).count == 1)
    }
}

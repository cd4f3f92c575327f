import Foundation
import Pseudonymisation
import Store
import Testing

@testable import PostgresStore

/// Pseudonymisation decisions on both backends: span ids never reused, study-wide pseudonyms,
/// a text accepted once accepted in later transcripts, deciders recorded, spans checked.
@Suite("Store contract: pseudonymisation")
struct RedactionContractTests {
    static let first = "Le docteur Kerhervé m'a suivie.\nJ'habite à Nantes, près de chez ma fille Léa."
    static let second = "Kerhervé, lui, il explique bien."

    /// The Unicode-scalar offsets of `needle` in `text`.
    static func range(of needle: String, in text: String) -> Range<Int> {
        let scalars = Array(text.unicodeScalars), wanted = Array(needle.unicodeScalars)
        let start = (0...(scalars.count - wanted.count)).first { Array(scalars[$0..<($0 + wanted.count)]) == wanted }!
        return start..<(start + wanted.count)
    }

    /// A proposal of `needle` in `text` at its Unicode-scalar offsets.
    static func proposal(_ needle: String, in text: String, _ kind: IdentifierKind) -> IdentifierProposal {
        let range = range(of: needle, in: text)
        return IdentifierProposal(start: range.lowerBound, end: range.upperBound, text: needle, kind: kind, reason: "test")
    }

    /// A transcript of `text`, one segment a line.
    static func transcript(_ opened: OpenedStore, recordingID: Int64, _ text: String) async throws -> Transcript {
        let segments = text.split(separator: "\n").enumerated().map { index, line in
            SegmentInput(start: Double(index) * 3, end: Double(index) * 3 + 3, speakerLabel: "P", text: String(line))
        }
        return try await opened.addTranscript(
            recordingID: recordingID, TranscriptInput(engine: "whisper", model: "whisper-base", language: "fr", segments: segments))
    }

    @Test(arguments: StoreBackend.allCases)
    func decisionsGiveStudyWidePseudonymsAndReachLaterTranscripts(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let alice = try #require(try await store.createUser(name: "Alice", email: "alice@example.org").id)
        let bruno = try #require(try await store.createUser(name: "Bruno", email: "bruno@example.org").id)
        let recording = try await opened.addRecording(studyID, String(repeating: "a1", count: 32))
        let other = try await opened.addRecording(studyID, String(repeating: "b2", count: 32))
        let one = try await Self.transcript(opened, recordingID: recording, Self.first)
        let spans = try await store.addRedactionProposals(
            transcriptID: one.id!,
            [
                Self.proposal("Léa", in: Self.first, .person), Self.proposal("Kerhervé", in: Self.first, .person),
                Self.proposal("Nantes", in: Self.first, .place),
            ])
        #expect(spans.map(\.text) == ["Kerhervé", "Nantes", "Léa"], "in text order")
        #expect(spans.map(\.charStart) == [11, 43, 73] && spans.map(\.charEnd) == [19, 49, 76])
        #expect(spans.allSatisfy { $0.state == .proposed && $0.pseudonym == nil && $0.origin == .detector && $0.decidedBy == nil })
        #expect(spans.map(\.kind) == [.person, .place, .person] && spans.map(\.reason) == ["test", "test", "test"])
        #expect(try await store.redactions(transcriptID: one.id!) == spans)
        // Nothing replaced until decided, and the pending spans are counted.
        let undecided = try await store.pseudonymisedTranscript(transcriptID: one.id!)
        #expect(undecided.text == Self.first && undecided.pending == 3)

        let when = Date(timeIntervalSince1970: 1_780_000_000)
        let doctor = try await store.decideRedaction(id: spans[0].id!, accept: true, deciderID: alice, at: when)
        let town = try await store.decideRedaction(id: spans[1].id!, accept: false, deciderID: alice, at: when)
        let daughter = try await store.decideRedaction(id: spans[2].id!, accept: true, deciderID: bruno, at: when)
        #expect(doctor.pseudonym == "[Personne A]" && doctor.state == .accepted && doctor.decidedBy == alice && doctor.decidedAt == when)
        #expect(town.state == .rejected && town.pseudonym == nil && town.decidedBy == alice)
        #expect(daughter.pseudonym == "[Personne B]" && daughter.decidedBy == bruno)
        #expect(try await store.redaction(id: spans[2].id!) == daughter)
        let decided = try await store.pseudonymisedTranscript(transcriptID: one.id!)
        #expect(decided.segments == ["Le docteur [Personne A] m'a suivie.", "J'habite à Nantes, près de chez ma fille [Personne B]."])
        #expect(decided.text == decided.segments.joined(separator: "\n") && decided.pending == 0)

        // Another recording of the study: the doctor, accepted before (accents and case folded),
        // is accepted at once with the same pseudonym, and no person is named as its decider.
        let two = try await Self.transcript(opened, recordingID: other, Self.second)
        let later = try await store.addRedactionProposals(
            transcriptID: two.id!, [IdentifierProposal(start: 0, end: 8, text: "Kerhervé", kind: .known, reason: "vault")])
        #expect(later.map(\.state) == [.accepted] && later.map(\.pseudonym) == ["[Personne A]"])
        #expect(later.first?.decidedBy == nil && later.first?.reason == "vault; accepted earlier in this study")
        #expect(try await store.pseudonymisedTranscript(transcriptID: two.id!).text == "[Personne A], lui, il explique bien.")
        // Proposing again adds nothing twice.
        #expect(try await store.addRedactionProposals(transcriptID: one.id!, [Self.proposal("Nantes", in: Self.first, .place)]).count == 3)

        // Another study numbers its own pseudonyms from the start.
        let otherStudy = try #require(try await store.createStudy(name: "Autre", details: "").id)
        let elsewhere = try await Self.transcript(opened, recordingID: try await opened.addRecording(otherStudy, String(repeating: "c3", count: 32)), "Léa va mieux.")
        let marked = try await store.addRedaction(
            transcriptID: elsewhere.id!, charStart: 0, charEnd: 3, kind: .person, deciderID: bruno, at: when)
        #expect(marked.pseudonym == "[Personne A]")
        #expect(await (#expect(throws: StoreError.self) { try await store.decideRedaction(id: 9_999, accept: true, deciderID: alice, at: when) })?.kind == .notFound)
        #expect(await (#expect(throws: StoreError.self) { try await store.addRedactionProposals(transcriptID: 9_999, []) })?.kind == .notFound)
    }

    @Test(arguments: StoreBackend.allCases)
    func markedSpansAreCheckedReplaceTheProposalsTheyOverlapAndIdsAreNeverReused(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let alice = try #require(try await store.createUser(name: "Alice", email: "alice@example.org").id)
        let recording = try await opened.addRecording(studyID, String(repeating: "d4", count: 32))
        let one = try await Self.transcript(opened, recordingID: recording, Self.first)
        let proposed = try await store.addRedactionProposals(transcriptID: one.id!, [Self.proposal("Nantes", in: Self.first, .place)])
        // "à Nantes" overlaps the proposal: the person's span takes its place, with a new id.
        let range = Self.range(of: "à Nantes", in: Self.first)
        let marked = try await store.addRedaction(
            transcriptID: one.id!, charStart: range.lowerBound, charEnd: range.upperBound, kind: .place, deciderID: alice, at: Date())
        #expect(marked.origin == .person && marked.state == .accepted && marked.pseudonym == "[Lieu 1]" && marked.text == "à Nantes")
        #expect(marked.decidedBy == alice && marked.reason == "marked in the review")
        #expect(try await store.redactions(transcriptID: one.id!).map(\.id) == [marked.id])
        #expect(try await store.redaction(id: proposed[0].id!) == nil)
        #expect(marked.id! > proposed[0].id!)
        // Over an accepted span: refused, in both languages.
        let overlap = await #expect(throws: StoreError.self) {
            try await store.addRedaction(
                transcriptID: one.id!, charStart: range.lowerBound + 2, charEnd: range.upperBound, kind: .place, deciderID: alice, at: Date())
        }
        #expect(overlap?.kind == .conflict && overlap?.french?.contains("déjà pseudonymisé") == true)
        // Across two segments, or outside the text: refused with the reason, in both languages.
        let across = Self.range(of: "suivie.\nJ'habite", in: Self.first)
        let twoSegments = await #expect(throws: StoreError.self) {
            try await store.addRedaction(
                transcriptID: one.id!, charStart: across.lowerBound, charEnd: across.upperBound, kind: .person, deciderID: alice, at: Date())
        }
        #expect(twoSegments?.kind == .invalidInput && twoSegments?.message.contains("two segments") == true)
        #expect(twoSegments?.french?.contains("deux segments") == true)
        let outside = await #expect(throws: StoreError.self) {
            try await store.addRedaction(transcriptID: one.id!, charStart: 70, charEnd: 900, kind: .person, deciderID: alice, at: Date())
        }
        #expect(outside?.kind == .invalidInput)
        let badProposal = await #expect(throws: StoreError.self) {
            try await store.addRedactionProposals(
                transcriptID: one.id!,
                [Self.proposal("Léa", in: Self.first, .person), IdentifierProposal(start: 5, end: 500, text: "?", kind: .person, reason: "x")])
        }
        #expect(badProposal?.kind == .invalidInput)
        #expect(try await store.redactions(transcriptID: one.id!).map(\.id) == [marked.id], "a refused batch stores nothing")

        // Rejecting the marked span and marking again: the new span never takes an old id.
        _ = try await store.decideRedaction(id: marked.id!, accept: false, deciderID: alice, at: Date())
        let again = try await store.addRedaction(
            transcriptID: one.id!, charStart: range.lowerBound + 2, charEnd: range.upperBound, kind: .place, deciderID: alice, at: Date())
        #expect(again.id! > marked.id! && again.pseudonym == "[Lieu 2]", "a new text gets the next number")
        #expect(try await store.redactions(transcriptID: one.id!).map(\.id) == [again.id])
    }
}

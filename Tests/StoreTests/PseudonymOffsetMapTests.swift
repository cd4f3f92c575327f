import Foundation
import Pseudonymisation
import Testing

@testable import Store

/// The two-way offset map between a transcript's original text and its pseudonymised text, in
/// Unicode scalars like every offset of the store.
@Suite("Pseudonym offset map")
struct PseudonymOffsetMapTests {
    /// "Le docteur Kerhervé à Nantes, puis Zoé." with "Kerhervé" → "[Personne A]" (longer),
    /// "Nantes" → "[Lieu 1]" (longer) and "Zoé" a span whose pseudonym "[P]" is the same length.
    static let text = "Le docteur Kerhervé à Nantes, puis Zoé."

    static func span(_ word: String, _ pseudonym: String, state: Redaction.State = .accepted) -> Redaction {
        let scalars = Array(text.unicodeScalars), target = Array(word.unicodeScalars)
        let start = (0...(scalars.count - target.count)).first { Array(scalars[$0..<$0 + target.count]) == target }!
        return Redaction(
            transcriptID: 1, charStart: start, charEnd: start + target.count, text: word, kind: .person, reason: "test", origin: .person,
            state: state, pseudonym: pseudonym)
    }

    static let map = PseudonymOffsetMap([
        span("Nantes", "[Lieu 1]"), span("Kerhervé", "[Personne A]"), span("Zoé", "[P]"), span("Le", "[X]", state: .rejected),
    ])
    static let pseudonymised = "Le docteur [Personne A] à [Lieu 1], puis [P]."

    /// The scalar offset of `needle` in `haystack`.
    static func offset(of needle: String, in haystack: String) -> Int {
        let scalars = Array(haystack.unicodeScalars), target = Array(needle.unicodeScalars)
        return (0...(scalars.count - target.count)).first { Array(scalars[$0..<$0 + target.count]) == target }!
    }

    @Test func appliesOnlyAcceptedSpansInScalars() {
        #expect(Self.map.spans.count == 3)
        #expect(Self.map.apply(to: Self.text) == Self.pseudonymised)
        // "à" and "é" are one scalar each: the offsets after them stay right.
        let after = Self.offset(of: ", puis", in: Self.text)
        #expect(Self.map.pseudonymised(after, inside: .start) == Self.offset(of: ", puis", in: Self.pseudonymised))
        #expect(Self.map.original(Self.offset(of: ", puis", in: Self.pseudonymised), inside: .start) == after)
    }

    @Test func everyPositionOutsideAPseudonymRoundTrips() {
        let original = Array(Self.text.unicodeScalars).count
        for position in 0...original {
            let inside = Self.map.spans.contains { $0.charStart < position && position < $0.charEnd }
            guard !inside else { continue }
            let there = Self.map.pseudonymised(position, inside: .start)
            #expect(Self.map.original(there, inside: .start) == position, "\(position)")
            #expect(Self.map.original(there, inside: .end) == position, "\(position)")
        }
    }

    @Test func aSpanTouchingAPseudonymKeepsItsEdge() {
        // "docteur " ends where "[Personne A]" begins; " à " begins where it ends.
        let start = Self.offset(of: "docteur", in: Self.pseudonymised)
        let end = Self.offset(of: "[Personne A]", in: Self.pseudonymised)
        let range = Self.map.original(start..<end)
        #expect(Self.slice(range) == "docteur ")
        let after = end + Array("[Personne A]".unicodeScalars).count
        #expect(Self.slice(Self.map.original(after..<after + 3)) == " à ")
    }

    @Test func endsInsideAPseudonymCoverTheWholeOriginalPassage() {
        // From inside "[Personne A]" to inside "[Lieu 1]": from "Kerhervé" to "Nantes" whole.
        let start = Self.offset(of: "Personne", in: Self.pseudonymised)
        let end = Self.offset(of: "Lieu", in: Self.pseudonymised) + 2
        #expect(Self.slice(Self.map.original(start..<end)) == "Kerhervé à Nantes")
        // Inside one pseudonym only: its original passage.
        let inside = Self.offset(of: "ersonne", in: Self.pseudonymised)
        #expect(Self.slice(Self.map.original(inside..<inside + 3)) == "Kerhervé")
    }

    @Test func aSpanCoveringSeveralPseudonymsMapsToTheirPassages() {
        let start = Self.offset(of: "[Personne A]", in: Self.pseudonymised)
        let end = Self.offset(of: "[P]", in: Self.pseudonymised) + 3
        #expect(Self.slice(Self.map.original(start..<end)) == "Kerhervé à Nantes, puis Zoé")
        // And back: the original passage covers exactly the pseudonyms.
        let there = Self.map.pseudonymised(Self.offset(of: "Kerhervé", in: Self.text), inside: .start)
        #expect(there == start)
    }

    @Test func aPseudonymShorterThanItsPassage() {
        let long = "Madame Marie-Claire Dupont-Lefèvre est venue."
        let start = Self.offset(of: "Marie-Claire Dupont-Lefèvre", in: long)
        let span = Redaction(
            transcriptID: 1, charStart: start, charEnd: start + Array("Marie-Claire Dupont-Lefèvre".unicodeScalars).count,
            text: "Marie-Claire Dupont-Lefèvre", kind: .person, reason: "test", origin: .person, state: .accepted, pseudonym: "[A]")
        let map = PseudonymOffsetMap([span])
        let shown = map.apply(to: long)
        #expect(shown == "Madame [A] est venue.")
        let verb = Self.offset(of: "est", in: shown)
        #expect(map.original(verb, inside: .start) == Self.offset(of: "est", in: long))
        #expect(map.original(Self.offset(of: "A]", in: shown), inside: .end) == span.charEnd)
        #expect(map.pseudonymised(span.charStart + 3, inside: .end) == Self.offset(of: " est", in: shown))
    }

    @Test func noSpansIsTheIdentity() {
        let map = PseudonymOffsetMap([])
        #expect(map.apply(to: Self.text) == Self.text)
        #expect(map.original(7, inside: .end) == 7 && map.pseudonymised(7, inside: .start) == 7)
    }

    static func slice(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(Array(text.unicodeScalars)[range]))
    }
}

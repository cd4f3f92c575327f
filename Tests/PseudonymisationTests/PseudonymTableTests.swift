import Testing

@testable import Pseudonymisation

@Suite("Pseudonyms")
struct PseudonymTableTests {
    @Test func theSameIdentifierKeepsItsPseudonymAcrossTranscripts() throws {
        var table = PseudonymTable()
        table.addParticipant(name: "Jeanne Dupont", pseudonym: "P-014")
        let detector = try TestGazetteer.detector()
        let first = "Le docteur Kerhervé m'a envoyée au CHU de Nantes. Jeanne était là."
        let second = "Le Dr Kerhervé, encore. Et le docteur Morvan, à Quimper."
        let one = table.apply(to: first, spans: detector.proposals(in: first, knownNames: ["Jeanne Dupont"]))
        let two = table.apply(to: second, spans: detector.proposals(in: second))
        #expect(one.text == "Le docteur [Personne A] m'a envoyée au [Établissement 1]. [P-014] était là.")
        #expect(two.text == "Le Dr [Personne A], encore. Et le docteur [Personne B], à [Lieu 1].")
        // Each replacement's position in the new text holds its pseudonym.
        let scalars = Array(two.text.unicodeScalars)
        #expect(
            two.replaced.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) } == [
                "[Personne A]", "[Personne B]", "[Lieu 1]",
            ])
    }

    @Test func lettersGoOnAfterZ() {
        #expect([1, 2, 26, 27, 28, 52, 53, 702, 703].map(PseudonymTable.letters) == ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"])
    }

    @Test func englishWording() {
        var table = PseudonymTable()
        #expect(table.pseudonym(for: "Leeds", kind: .place, french: false) == "[Place 1]")
        #expect(table.pseudonym(for: "LEEDS", kind: .place, french: false) == "[Place 1]")
    }
}

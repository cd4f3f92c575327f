import Testing

@testable import Pseudonymisation

@Suite("Names, places and institutions")
struct NameRulesTests {
    @Test func namesAfterATitleOrAKinshipWordEvenOutsideTheGazetteer() throws {
        #expect(try TestGazetteer.found("c'est le docteur Kerhervé qui m'a suivie") == ["Kerhervé|person"])
        #expect(try TestGazetteer.found("ma fille Léa vient le mardi") == ["Léa|person"])
        #expect(try TestGazetteer.found("j'ai vu Mme Le Guennec hier") == ["Le Guennec|person"])
        #expect(try TestGazetteer.found("Mr. Quilter is the apostle of the middle classes") == ["Quilter|person"])
    }

    @Test func firstNamesAndFamilyNames() throws {
        #expect(try TestGazetteer.found("alors j'en ai parlé à Nathalie Girard, la cadre") == ["Nathalie Girard|person"])
        #expect(try TestGazetteer.found("et puis Nathalie m'a rappelée") == ["Nathalie|person"])
        // "Pierre" is also a word: alone at the start of a sentence it is not enough; with a family name it is.
        #expect(try TestGazetteer.found("Pierre, c'est dur. Enfin voilà.") == [])
        #expect(try TestGazetteer.found("Pierre Martin est venu me voir.") == ["Pierre Martin|person"])
    }

    @Test func placesAndInstitutions() throws {
        #expect(try TestGazetteer.found("j'habite à Nantes depuis vingt ans") == ["Nantes|place"])
        #expect(try TestGazetteer.found("on est allés près de Saint-Étienne") == ["Saint-Étienne|place"])
        #expect(try TestGazetteer.found("j'ai été opérée au CHU de Nantes en mai") == ["CHU de Nantes|institution"])
        #expect(try TestGazetteer.found("à l'hôpital Saint-Louis, puis à l'Institut Curie") == [
            "hôpital Saint-Louis|institution", "Institut Curie|institution",
        ])
        // A town that is also a word ("Orange") needs a preposition.
        #expect(try TestGazetteer.found("Orange, c'est joli.") == [])
        #expect(try TestGazetteer.found("ma sœur vit à Orange") == ["Orange|place"])
    }

    @Test func ordinaryTextOfTheSamplesHasNoIdentifier() throws {
        // The references of samples/speech: no person, place or number in them.
        #expect(try TestGazetteer.found("Sous le consulat il devient conservateur des eaux et forêts et conseiller général.") == [])
        #expect(try TestGazetteer.found("Mon chiffre préféré 3061.") == [])
        #expect(
            try TestGazetteer.found("And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country.")
                == [])
        // All in capitals: the capitals say nothing.
        #expect(
            try TestGazetteer.found(
                "IF THE READER WILL EXCUSE ME I WILL SAY NOTHING OF MY ANTECEDENTS NOR OF THE CIRCUMSTANCES WHICH LED ME TO LEAVE MY NATIVE COUNTRY")
                == [])
        #expect(try TestGazetteer.found("Le 25 décembre, à Noël, on prie Dieu. En France, en janvier.") == [])
    }

    @Test func namesOfTheIdentityVaultComeFirst() throws {
        let vault = ["Jeanne Dupont-Moreau", "Karim Benali"]
        #expect(try TestGazetteer.found("alors jeanne dupont-moreau est arrivée", knownNames: vault) == ["jeanne dupont-moreau|known"])
        #expect(try TestGazetteer.found("Jeanne m'a dit que Benali viendrait", knownNames: vault) == ["Jeanne|known", "Benali|known"])
    }
}

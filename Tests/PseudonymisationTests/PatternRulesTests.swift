import Testing

@testable import Pseudonymisation

@Suite("Identifiers found by their shape")
struct PatternRulesTests {
    @Test func emailAddressesWrittenAndSpoken() throws {
        #expect(try TestGazetteer.found("écrivez-moi à claire.b-78@orange.fr demain") == ["claire.b-78@orange.fr|email"])
        #expect(
            try TestGazetteer.found("mon adresse c'est jean point dupont arobase gmail point com voilà")
                == ["jean point dupont arobase gmail point com|email"])
        #expect(try TestGazetteer.found("it is john dot smith at example dot org") == ["john dot smith at example dot org|email"])
    }

    @Test func phoneNumbersInTheirUsualForms() throws {
        for number in ["06 12 34 56 78", "06.12.34.56.78", "0612345678", "+33 6 12 34 56 78", "0033 6 12 34 56 78", "+44 20 7946 0958", "(415) 555-0134"] {
            #expect(try TestGazetteer.found("appelez le \(number) après midi") == ["\(number)|phone"], "\(number)")
        }
        // A year, a count, a price are not phone numbers.
        #expect(try TestGazetteer.found("en 2019 j'ai eu 12 séances, 1 500 euros") == [])
    }

    @Test func nirOnlyWithItsKeyRight() throws {
        // Keys computed by hand: 97 - (body mod 97), 2A counted as 19.
        #expect(try TestGazetteer.found("mon numéro 1 85 05 78 006 084 91 voilà") == ["1 85 05 78 006 084 91|nir"])
        #expect(try TestGazetteer.found("sécu 269029934173285") == ["269029934173285|nir"])
        #expect(try TestGazetteer.found("et le sien : 1 85 05 2A 006 084 35") == ["1 85 05 2A 006 084 35|nir"])
        #expect(NIR.isValid("185052A00608435"))
        // One digit of the key wrong: not a NIR (and not a phone number either).
        #expect(try TestGazetteer.found("le numéro 1 85 05 78 006 084 92 du dossier") == [])
        #expect(!NIR.isValid("185057800608492"))
    }

    @Test func datesOfBirthNeedABirthWord() throws {
        #expect(try TestGazetteer.found("je suis née le 12 mars 1956 à la maison") == ["12 mars 1956|dateOfBirth"])
        #expect(try TestGazetteer.found("date de naissance : 03/07/1948.") == ["03/07/1948|dateOfBirth"])
        #expect(try TestGazetteer.found("he was born on March 3, 1948") == ["March 3, 1948|dateOfBirth"])
        #expect(try TestGazetteer.found("il est né en 1961") == ["1961|dateOfBirth"])
        // A treatment date is not a date of birth, nor is a birth word in an earlier sentence.
        #expect(try TestGazetteer.found("le 12 mars 2019 j'ai eu ma première chimio") == [])
        #expect(try TestGazetteer.found("Ma fille est née au printemps. Le 4 juin 2020 on m'a opérée.") == [])
    }
}

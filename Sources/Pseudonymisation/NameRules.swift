/// Identifiers found among the words: names after a title or a kinship word, first names with a
/// family name, capitalised names of the gazetteer, places after a preposition, and institutions
/// named with their kind ("l'hôpital Saint-Louis", "CHU de Nantes").
struct NameRules: Sendable {
    let gazetteer: Gazetteer

    /// Words after which a capitalised word is a person: titles, professions, kinship ("ma fille
    /// Léa"), and "s'appelle".
    static let personCues: Set<String> = [
        "docteur", "dr", "professeur", "pr", "prof", "madame", "mme", "monsieur", "m", "mademoiselle", "mlle", "maitre",
        "mr", "mrs", "ms", "miss", "doctor", "professor", "nurse", "sir",
        "infirmiere", "infirmier", "oncologue", "chirurgien", "chirurgienne", "radiologue", "radiotherapeute", "generaliste",
        "medecin", "kine", "psychologue", "pharmacien", "pharmacienne",
        "mari", "femme", "epouse", "epoux", "fils", "fille", "frere", "soeur", "pere", "mere", "papa", "maman", "oncle", "tante",
        "cousin", "cousine", "neveu", "niece", "grand-mere", "grand-pere", "compagnon", "compagne", "ami", "amie", "copain",
        "copine", "voisin", "voisine", "petit-fils", "petite-fille", "belle-mere", "beau-pere", "beau-frere", "belle-soeur",
        "conjoint", "conjointe", "husband", "wife", "son", "daughter", "brother", "sister", "father", "mother", "uncle", "aunt",
        "friend", "neighbour", "neighbor", "partner", "appelle", "appelait", "nomme", "nommee", "prenomme", "prenommee", "named",
        "called",
    ]

    /// Words that name an institution when a capitalised name follows.
    static let institutionCues: [[String]] = [
        ["hopital"], ["clinique"], ["polyclinique"], ["chu"], ["chru"], ["chr"], ["ch"], ["centre", "hospitalier"],
        ["centre", "hospitalier", "universitaire"], ["institut"], ["centre"], ["ehpad"], ["maison", "de", "sante"],
        ["hospital"], ["clinic"], ["infirmary"], ["hospice"], ["fondation"], ["groupe", "hospitalier"],
    ]

    /// Words that bring a place: "à Nantes", "près de Rennes", "from Leeds".
    static let placeCues: Set<String> = [
        "a", "au", "aux", "de", "d", "du", "en", "sur", "vers", "pres", "habite", "habitait", "vit", "vers", "depuis", "pour",
        "from", "in", "to", "near", "at",
    ]

    /// Lower-case words allowed inside a name ("Charles de Gaulle", "Ludwig van Beethoven").
    static let particles: Set<String> = ["de", "du", "des", "d", "la", "le", "van", "von", "der", "da", "di", "del", "dos", "ben", "el"]

    /// Capitalised words that are never a name alone: months, days, feasts, words of address.
    static let neverNames: Set<String> = [
        "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "noel", "paques", "toussaint", "dieu", "jesus",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter", "god",
        "madame", "monsieur", "docteur", "professeur", "mademoiselle", "ok", "oui", "non", "bon", "bien", "alors", "voila", "euh",
        "france", "europe", "internet", "covid", "i", "je", "il", "elle", "on", "nous", "vous", "ils", "elles", "le", "la", "les",
    ]

    func proposals(in tokens: [Token]) -> [IdentifierProposal] {
        // In order of certainty: the first rule that matches at a word takes it.
        let rules = [institution, namedInstitution, cuedPerson, place, namedPerson]
        var found: [IdentifierProposal] = []
        var index = 0
        words: while index < tokens.count {
            for rule in rules {
                if let match = rule(index, tokens) {
                    found.append(match.proposal)
                    index = match.next
                    continue words
                }
            }
            index += 1
        }
        return found
    }

    typealias Found = (proposal: IdentifierProposal, next: Int)

    /// A name: capitalised words that may hold particles, at most `limit` words, from `index`.
    /// Returns the index one past its last capitalised word, or `nil`.
    private func nameEnd(from index: Int, _ tokens: [Token], limit: Int = 4) -> Int? {
        var cursor = index, last: Int? = nil
        while cursor < tokens.count, cursor - index < limit {
            let token = tokens[cursor]
            if cursor > index && token.followsPunctuation { break }
            if token.isCapitalised && !Self.neverNames.contains(token.folded) && !Self.personCues.contains(token.folded) {
                last = cursor + 1
            } else if !(Self.particles.contains(token.folded) && (cursor > index || token.isCapitalised)) {
                // A particle joins the words of a name, and may start it when capitalised ("Le Guennec").
                break
            }
            cursor += 1
        }
        return last
    }

    private func proposal(_ tokens: [Token], _ range: Range<Int>, _ kind: IdentifierKind, _ reason: String) -> IdentifierProposal {
        let start = tokens[range.lowerBound].start, end = tokens[range.upperBound - 1].end
        return IdentifierProposal(start: start, end: end, text: "", kind: kind, reason: reason)
    }

    private func institution(at index: Int, _ tokens: [Token]) -> Found? {
        for cue in Self.institutionCues.sorted(by: { $0.count > $1.count }) where index + cue.count < tokens.count {
            guard tokens[index..<index + cue.count].map(\.folded) == cue else { continue }
            var nameStart = index + cue.count
            while nameStart < tokens.count, Self.particles.contains(tokens[nameStart].folded), !tokens[nameStart].isCapitalised {
                nameStart += 1
            }
            guard nameStart < tokens.count, tokens[nameStart].isCapitalised, !tokens[nameStart].followsPunctuation,
                let end = nameEnd(from: nameStart, tokens)
            else { continue }
            return (proposal(tokens, index..<end, .institution, "institution: \(cue.joined(separator: " ")) + name"), end)
        }
        return nil
    }

    /// A hospital or cancer centre named without its kind ("suivie à Curie"): capitalised, and
    /// after a preposition when it is one word that is also a name ("Curie", "Foch").
    private func namedInstitution(at index: Int, _ tokens: [Token]) -> Found? {
        guard tokens[index].isCapitalised else { return nil }
        for name in NamedInstitutions.names where index + name.count <= tokens.count {
            guard tokens[index..<index + name.count].map(\.folded) == name else { continue }
            let cued = index > 0 && Self.placeCues.contains(tokens[index - 1].folded)
            let alsoName = name.count == 1 && (gazetteer.firstNames.contains(name[0]) || gazetteer.familyNames.contains(name[0]))
            if alsoName && !cued { continue }
            return (proposal(tokens, index..<index + name.count, .institution, "named hospital or cancer centre"), index + name.count)
        }
        return nil
    }

    private func cuedPerson(at index: Int, _ tokens: [Token]) -> Found? {
        guard Self.personCues.contains(tokens[index].folded), index + 1 < tokens.count else { return nil }
        let start = index + 1
        // One comma is allowed between a kinship word and the name ("ma fille, Léa, ...").
        guard tokens[start].isCapitalised, !tokens[start].startsSentence, let end = nameEnd(from: start, tokens, limit: 3) else { return nil }
        return (proposal(tokens, start..<end, .person, "name after “\(tokens[index].text)”"), end)
    }

    private func place(at index: Int, _ tokens: [Token]) -> Found? {
        guard tokens[index].isCapitalised else { return nil }
        let cued = index > 0 && Self.placeCues.contains(tokens[index - 1].folded)
        for length in stride(from: min(gazetteer.longestPlace, tokens.count - index), through: 1, by: -1) {
            let words = tokens[index..<index + length]
            guard words.allSatisfy({ $0.isCapitalised || Self.particles.contains($0.folded) }),
                words.dropFirst().allSatisfy({ !$0.followsPunctuation })
            else { continue }
            let folded = words.map(\.folded).joined(separator: " ")
            guard gazetteer.places.contains(folded), length > 1 || !Self.neverNames.contains(folded) else { continue }
            let alsoName = length == 1 && (gazetteer.firstNames.contains(folded) || gazetteer.familyNames.contains(folded))
            let common = gazetteer.commonWords.contains(folded)
            // A place that is also a name or a common word needs a preposition before it.
            if (alsoName || common) && !cued { return nil }
            return (proposal(tokens, index..<index + length, .place, cued ? "place after “\(tokens[index - 1].text)”" : "place"),
                index + length)
        }
        return nil
    }

    private func namedPerson(at index: Int, _ tokens: [Token]) -> Found? {
        let token = tokens[index]
        guard token.isCapitalised, !Self.neverNames.contains(token.folded), token.text.unicodeScalars.count > 1 else { return nil }
        let isFirst = gazetteer.firstNames.contains(token.folded)
        let isFamily = gazetteer.familyNames.contains(token.folded)
        guard isFirst || isFamily else { return nil }
        // A first name followed by capitalised words: the whole name.
        if isFirst, index + 1 < tokens.count, !tokens[index + 1].followsPunctuation,
            let end = nameEnd(from: index, tokens, limit: 3), end > index + 1
        {
            return (proposal(tokens, index..<end, .person, "first name + family name"), end)
        }
        // Alone: not at the start of a sentence when the name is also a common word ("Pierre", "Rose").
        if token.startsSentence && gazetteer.commonWords.contains(token.folded) { return nil }
        return (proposal(tokens, index..<index + 1, .person, isFirst ? "first name" : "family name"), index + 1)
    }
}

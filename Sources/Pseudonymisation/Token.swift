import Foundation

/// A word of a text, for the name rules: letters, with inner hyphens and dots of initials kept
/// ("Saint-Étienne", "Jean-Pierre"); an apostrophe ends a word ("d'Angers" gives "d", "Angers").
struct Token: Sendable {
    /// Unicode-scalar offsets of the word in the text.
    var start: Int
    var end: Int
    var text: String
    var folded: String
    /// First letter upper case, in a sentence that is not written all in capitals.
    var isCapitalised: Bool
    /// The first word of a sentence or of a line, where every word is capitalised.
    var startsSentence: Bool
    /// A comma or other punctuation (not a space or an apostrophe) separates it from the word before.
    var followsPunctuation: Bool

    /// The words of `scalars`.
    static func words(of scalars: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        var sentenceStart = true
        var punctuation = false
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar.properties.isAlphabetic else {
                // A dot right after a word of one or two letters is an initial or a title ("M. Durand",
                // "J. Martin", "Dr. Who"), not the end of a sentence; an opening quote starts one.
                if ".!?…\n«“\"".unicodeScalars.contains(scalar) {
                    let abbreviation = scalar == "." && tokens.last.map { $0.end == index && isAbbreviation($0) } == true
                    if !abbreviation { sentenceStart = true }
                }
                if !CharacterSet.whitespaces.contains(scalar) && scalar != "'" && scalar != "\u{2019}" { punctuation = true }
                index += 1
                continue
            }
            var end = index + 1
            while end < scalars.count {
                if scalars[end].properties.isAlphabetic {
                    end += 1
                } else if scalars[end] == "-", end + 1 < scalars.count, scalars[end + 1].properties.isAlphabetic {
                    end += 2
                } else {
                    break
                }
            }
            let text = String(String.UnicodeScalarView(scalars[index..<end]))
            tokens.append(
                Token(
                    start: index, end: end, text: text, folded: Folding.fold(text),
                    isCapitalised: scalar.properties.isUppercase, startsSentence: sentenceStart, followsPunctuation: punctuation))
            sentenceStart = false
            punctuation = false
            index = end
        }
        return withoutCapitalsOfShoutedSentences(tokens)
    }

    /// Titles and initials written with a dot.
    static let abbreviations: Set<String> = ["m", "mr", "mrs", "ms", "dr", "pr", "mme", "mmes", "mlle", "st", "ste", "prof", "me"]

    private static func isAbbreviation(_ token: Token) -> Bool {
        (token.text.unicodeScalars.count == 1 && token.isCapitalised) || abbreviations.contains(token.folded)
    }

    /// In text written all in capitals ("IF THE READER WILL EXCUSE ME"), a capital says nothing
    /// about a name: words in capitals count as not capitalised where three or more of them (of two
    /// letters or more) follow one another. An acronym alone ("CHU") keeps its capital.
    private static func withoutCapitalsOfShoutedSentences(_ tokens: [Token]) -> [Token] {
        var result = tokens
        func shouted(_ token: Token) -> Bool { token.text.unicodeScalars.count > 1 && token.text == token.text.uppercased() }
        var runStart = 0
        for index in 0...tokens.count {
            if index < tokens.count && (shouted(tokens[index]) || tokens[index].text.unicodeScalars.count == 1 && index > runStart) {
                continue
            }
            if tokens[runStart..<index].filter(shouted).count >= 3 {
                for inner in runStart..<index { result[inner].isCapitalised = false }
            }
            runStart = index + 1
        }
        return result
    }
}

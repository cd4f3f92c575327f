import Foundation

/// The words of a search query, the same for every store: runs of letters and numbers, after
/// folding the ligatures œ and æ (which FTS5's diacritic removal leaves alone) to oe and ae;
/// everything else, punctuation and operators included, separates words.
public enum SearchQuery {
    /// The query's words, in order; empty when it has none.
    public static func words(_ query: String) -> [String] {
        var words: [String] = []
        var current = ""
        let folded = query.replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "Œ", with: "OE")
            .replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "Æ", with: "AE")
        for character in folded {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}

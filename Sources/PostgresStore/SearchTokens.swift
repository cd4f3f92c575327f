import Foundation
import Store

/// A segment's text as SQLite's full-text index sees it, so that PostgreSQL finds, ranks and
/// quotes the same hits: ligatures folded (`StoreMigrations.foldSQL`), then FTS5's `unicode61
/// remove_diacritics 2` tokenizer: tokens are runs of letters, numbers, private-use characters and
/// combining diacritics (U+0300–U+036F), lower-cased, with the diacritics of Latin letters removed.
struct SearchTokens: Sendable {
    /// One token: its folded form and its byte range in ``text``.
    struct Token: Sendable, Hashable {
        let term: String
        let start: Int
        let end: Int
    }

    /// The text with ligatures folded, as UTF-8 (the snippet quotes it, as FTS5's does).
    let text: [UInt8]
    /// The tokens, in order.
    let tokens: [Token]

    init(_ original: String) {
        var folded = String.UnicodeScalarView()
        for scalar in original.unicodeScalars {
            switch scalar {
            case "œ": folded.append(contentsOf: "oe".unicodeScalars)
            case "Œ": folded.append(contentsOf: "OE".unicodeScalars)
            case "æ": folded.append(contentsOf: "ae".unicodeScalars)
            case "Æ": folded.append(contentsOf: "AE".unicodeScalars)
            default: folded.append(scalar)
            }
        }
        var tokens: [Token] = []
        var term = String.UnicodeScalarView()
        var start = -1, offset = 0
        for scalar in folded {
            let width = UTF8.width(scalar)
            if Self.isTokenCharacter(scalar) {
                if start < 0 { start = offset }
                Self.fold(scalar, into: &term)
            } else if start >= 0 {
                tokens.append(Token(term: String(term), start: start, end: offset))
                term = String.UnicodeScalarView()
                start = -1
            }
            offset += width
        }
        if start >= 0 { tokens.append(Token(term: String(term), start: start, end: offset)) }
        self.text = Array(String(folded).utf8)
        self.tokens = tokens
    }

    /// The column PostgreSQL stores and matches with `LIKE '% term%'`: each token after a space.
    var column: String { tokens.map { " " + $0.term }.joined() }

    /// The phrases of a query as SQLite's search makes them (`SQLiteStore.ftsPattern`): the words
    /// of ``SearchQuery``, each tokenized; empty when none.
    static func phrases(_ query: String) -> [[String]] {
        SearchQuery.words(query).map { SearchTokens($0).tokens.map(\.term) }.filter { !$0.isEmpty }
    }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if (0x300...0x36F).contains(scalar.value) { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .letterNumber, .otherNumber, .privateUse:
            return true
        default:
            return false
        }
    }

    /// Appends `scalar` lower-cased, without diacritics when it is a Latin letter; drops a combining diacritic.
    private static func fold(_ scalar: Unicode.Scalar, into term: inout String.UnicodeScalarView) {
        if scalar.isASCII {
            // The common case, without Unicode tables: A–Z to a–z.
            let value = scalar.value
            term.append((65...90).contains(value) ? Unicode.Scalar(UInt8(value + 32)) : scalar)
            return
        }
        if (0x300...0x36F).contains(scalar.value) { return }
        for lower in scalar.properties.lowercaseMapping.unicodeScalars {
            let isLatin = (0xC0...0x24F).contains(lower.value) || (0x1E00...0x1EFF).contains(lower.value)
            guard isLatin else {
                if !(0x300...0x36F).contains(lower.value) { term.append(lower) }
                continue
            }
            for part in String(lower).decomposedStringWithCanonicalMapping.unicodeScalars
            where !(0x300...0x36F).contains(part.value) {
                term.append(part)
            }
        }
    }
}

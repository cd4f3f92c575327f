import Foundation

/// Identifiers found by their shape: e-mail addresses (written or spoken), phone numbers, NIRs
/// with a valid key, and dates of birth (a date with a birth word before it in the sentence).
struct PatternRules: Sendable {
    private struct Rule: @unchecked Sendable {
        // NSRegularExpression is immutable and documented as safe to share between threads.
        let expression: NSRegularExpression
        let kind: IdentifierKind
        let reason: String
    }

    private let rules: [Rule]
    private let birthContext: NSRegularExpression

    init() {
        func rule(_ pattern: String, _ kind: IdentifierKind, _ reason: String) -> Rule {
            // The patterns are constants of this file; a mistake in one is a programming error.
            Rule(expression: try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive]), kind: kind, reason: reason)
        }
        let monthsFR = "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
        let monthsEN = "january|february|march|april|may|june|july|august|september|october|november|december"
        let word = "[\\p{L}\\p{N}]+"
        rules = [
            rule("[\\p{L}0-9._%+\\-]+@[\\p{L}0-9.\\-]+\\.\\p{L}{2,}", .email, "e-mail address"),
            rule(
                "\\b\(word)(?:\\s+(?:point|tiret|underscore|dot|dash)\\s+\(word))*\\s+(?:arobase|at)\\s+\(word)(?:\\s+(?:point|dot)\\s+\(word))+\\b",
                .email, "spoken e-mail address"),
            rule(
                "(?<![\\d+])(?:(?:\\+|00)\\s?33\\s?(?:\\(0\\)\\s?)?|0)[1-9](?:[\\s.\\-]?\\d{2}){4}(?!\\d)", .phone, "French phone number"),
            rule("(?<![\\d+])\\+\\d{1,3}(?:[\\s.\\-]?\\d{1,4}){3,6}(?!\\d)", .phone, "international phone number"),
            rule("(?<!\\d)\\(?\\d{3}\\)?[\\s.\\-]\\d{3}[\\s.\\-]\\d{4}(?!\\d)", .phone, "North American phone number"),
            rule(
                "(?<![\\p{L}\\d])[12][\\s.]?\\d{2}[\\s.]?\\d{2}[\\s.]?(?:\\d{2}|2[AB])[\\s.]?\\d{3}[\\s.]?\\d{3}[\\s.]?\\d{2}(?!\\d)",
                .nir, "NIR with a valid key"),
            rule("\\b(?:1er|[0-3]?\\d)\\s+(?:\(monthsFR))\\s+(?:19|20)\\d{2}\\b", .dateOfBirth, "date of birth"),
            rule("\\b[0-3]?\\d\\s*[/.\\-]\\s*[01]?\\d\\s*[/.\\-]\\s*(?:19|20)?\\d{2}\\b", .dateOfBirth, "date of birth"),
            rule("\\b(?:\(monthsEN))\\s+[0-3]?\\d(?:st|nd|rd|th)?,?\\s+(?:19|20)\\d{2}\\b", .dateOfBirth, "date of birth"),
            rule("\\b[0-3]?\\d(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:\(monthsEN))\\s+(?:19|20)\\d{2}\\b", .dateOfBirth, "date of birth"),
            rule("(?<=\\bn[ée]e?s?\\sen\\s|\\bborn\\sin\\s)(?:19|20)\\d{2}\\b", .dateOfBirth, "year of birth"),
        ]
        birthContext = try! NSRegularExpression(
            pattern: "\\b(?:n[ée]e?s?|naissance|anniversaire|born|birth|birthday|DOB)\\b", options: [.caseInsensitive])
    }

    /// The proposals of `text`; `scalarOffset` maps UTF-16 offsets to Unicode-scalar offsets.
    func proposals(in text: String, scalarOffset: [Int]) -> [IdentifierProposal] {
        let whole = NSRange(text.startIndex..., in: text)
        let nsText = text as NSString
        var found: [IdentifierProposal] = []
        for rule in rules {
            for match in rule.expression.matches(in: text, range: whole) {
                let span = nsText.substring(with: match.range)
                if rule.kind == .nir && !NIR.isValid(span.filter { !$0.isWhitespace && $0 != "." }) { continue }
                if rule.kind == .dateOfBirth && !rule.reason.hasPrefix("year") && !isAfterBirthWord(match.range, in: nsText) { continue }
                found.append(
                    IdentifierProposal(
                        start: scalarOffset[match.range.location], end: scalarOffset[match.range.location + match.range.length],
                        text: span, kind: rule.kind, reason: rule.reason))
            }
        }
        return found
    }

    /// Whether a birth word ("née", "naissance", "born") comes before `range` in its sentence, at
    /// most 60 UTF-16 units before.
    private func isAfterBirthWord(_ range: NSRange, in text: NSString) -> Bool {
        let from = max(0, range.location - 60)
        var window = NSRange(location: from, length: range.location - from)
        let before = text.substring(with: window)
        if let end = before.lastIndex(where: { ".!?\n".contains($0) }) {
            let skipped = before[...end].utf16.count
            window = NSRange(location: from + skipped, length: window.length - skipped)
        }
        return birthContext.firstMatch(in: text as String, range: window) != nil
    }
}

import Foundation

/// Word error rate after the normalisation tools/oracle/oracle.py applies: lower case,
/// punctuation to spaces (apostrophes kept), whitespace collapsed.
enum WordErrorRate {
    static func normalize(_ text: String) -> [String] {
        var cleaned = ""
        for character in text.lowercased() {
            if character == "'" || character.isLetter || character.isNumber || character.isWhitespace {
                cleaned.append(character)
            } else {
                cleaned.append(" ")
            }
        }
        return cleaned.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// Word-level edit distance divided by the reference's word count.
    static func of(reference: String, hypothesis: String) -> Double {
        let ref = normalize(reference)
        let hyp = normalize(hypothesis)
        guard !ref.isEmpty else { return hyp.isEmpty ? 0 : 1 }
        var previous = Array(0...hyp.count)
        for i in 1...ref.count {
            var current = [i] + [Int](repeating: 0, count: hyp.count)
            for j in stride(from: 1, through: hyp.count, by: 1) {
                let substitution = previous[j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            previous = current
        }
        return Double(previous[hyp.count]) / Double(ref.count)
    }
}

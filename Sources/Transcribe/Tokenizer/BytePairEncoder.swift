import Foundation

/// Byte-level BPE encoding with the merges of a Hugging Face `tokenizer.json`.
///
/// Text is split as GPT-2's pre-tokenizer does (contractions, letters with an optional leading
/// space, digits, other symbols, whitespace), each piece is mapped byte by byte to its stand-in
/// characters, and adjacent symbols are merged by rank until no ranked pair is left.
struct BytePairEncoder: Sendable {
    private let ranks: [String: Int]
    private let ids: [String: Int]

    init(tokenizerURL: URL, ids: [String: Int]) throws(ModelError) {
        self.ids = ids
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(contentsOf: tokenizerURL))
        } catch {
            throw ModelError(url: tokenizerURL, reason: .unreadable(error.localizedDescription))
        }
        guard let model = (json as? [String: Any])?["model"] as? [String: Any], let merges = model["merges"] as? [Any]
        else { throw ModelError(url: tokenizerURL, reason: .badMetadata("no model.merges list")) }
        var ranks: [String: Int] = [:]
        ranks.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            if let pair = merge as? String {
                ranks[pair] = rank
            } else if let pair = merge as? [String], pair.count == 2 {
                ranks[pair[0] + " " + pair[1]] = rank
            }
        }
        self.ranks = ranks
    }

    func encode(_ text: String) -> [Int] {
        var result: [Int] = []
        for piece in Self.pretokenize(text) {
            let characters = Array(piece.utf8).map { String(Character(ByteLevel.characterOf[Int($0)])) }
            for symbol in merge(characters) {
                if let id = ids[symbol] { result.append(id) }
            }
        }
        return result
    }

    private func merge(_ initial: [String]) -> [String] {
        var symbols = initial
        while symbols.count > 1 {
            var best: (rank: Int, index: Int)?
            for index in 0..<(symbols.count - 1) {
                if let rank = ranks[symbols[index] + " " + symbols[index + 1]], rank < (best?.rank ?? Int.max) {
                    best = (rank, index)
                }
            }
            guard let best else { break }
            let left = symbols[best.index]
            let right = symbols[best.index + 1]
            var merged: [String] = []
            var index = 0
            while index < symbols.count {
                if index + 1 < symbols.count, symbols[index] == left, symbols[index + 1] == right {
                    merged.append(left + right)
                    index += 2
                } else {
                    merged.append(symbols[index])
                    index += 1
                }
            }
            symbols = merged
        }
        return symbols
    }

    /// GPT-2's split: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    static func pretokenize(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [String] = []
        var index = 0
        func kind(_ scalar: Unicode.Scalar) -> Int {
            if scalar.properties.isWhitespace { return 0 }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return 1
            case .decimalNumber, .letterNumber, .otherNumber: return 2
            default: return 3
            }
        }
        func emit(_ start: Int, _ end: Int) {
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<end])
            pieces.append(String(piece))
        }
        let contractions = ["s", "t", "re", "ve", "m", "ll", "d"]
        while index < scalars.count {
            let start = index
            if scalars[index] == "'" {
                var matched = false
                for suffix in contractions {
                    let suffixScalars = Array(suffix.unicodeScalars)
                    if index + 1 + suffixScalars.count <= scalars.count,
                        Array(scalars[(index + 1)..<(index + 1 + suffixScalars.count)]) == suffixScalars
                    {
                        emit(index, index + 1 + suffixScalars.count)
                        index += 1 + suffixScalars.count
                        matched = true
                        break
                    }
                }
                if matched { continue }
            }
            var body = index
            if scalars[index] == " ", index + 1 < scalars.count, kind(scalars[index + 1]) != 0 { body = index + 1 }
            let bodyKind = kind(scalars[body])
            if bodyKind != 0 {
                var end = body + 1
                while end < scalars.count, kind(scalars[end]) == bodyKind { end += 1 }
                emit(start, end)
                index = end
                continue
            }
            var end = index
            while end < scalars.count, kind(scalars[end]) == 0 { end += 1 }
            if end < scalars.count, end - index > 1 { end -= 1 }
            emit(start, end)
            index = end
        }
        return pieces
    }
}

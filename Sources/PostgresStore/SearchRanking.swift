import Foundation

/// FTS5's `bm25()` and `snippet()` for one matching segment, so that PostgreSQL orders and quotes
/// its hits as SQLite's search does (`ORDER BY rank` and `snippet(segment_fts, 0, '[', ']', '…', 16)`).
struct SearchRanking: Sendable {
    /// The index-wide figures bm25 weighs terms with: rows, tokens, and rows matching each phrase.
    struct Statistics: Sendable {
        let rows: Int
        let tokens: Int
        let phraseRows: [Int]
    }

    /// The query's phrases (``SearchTokens/phrases(_:)``): every token but the last matches exactly,
    /// the last as a prefix.
    let phrases: [[String]]

    /// Where each phrase occurs in `tokens`, in order of position then phrase, as FTS5's `xInst`.
    func instances(in tokens: [SearchTokens.Token]) -> [(phrase: Int, position: Int)] {
        var found: [(phrase: Int, position: Int)] = []
        for position in tokens.indices {
            for (index, phrase) in phrases.enumerated() where matches(phrase, tokens, at: position) {
                found.append((index, position))
            }
        }
        return found
    }

    private func matches(_ phrase: [String], _ tokens: [SearchTokens.Token], at position: Int) -> Bool {
        guard position + phrase.count <= tokens.count else { return false }
        for (offset, term) in phrase.enumerated() {
            let token = tokens[position + offset].term
            if offset == phrase.count - 1 ? !token.hasPrefix(term) : token != term { return false }
        }
        return true
    }

    /// FTS5's bm25 (k1 = 1.2, b = 0.75), negated as `rank` is: lower ranks first.
    func rank(tokens: [SearchTokens.Token], statistics: Statistics) -> Double {
        let k1 = 1.2, b = 0.75
        let rows = Double(max(statistics.rows, 1))
        let averageLength = Double(statistics.tokens) / rows
        var frequencies = [Double](repeating: 0, count: phrases.count)
        for instance in instances(in: tokens) { frequencies[instance.phrase] += 1 }
        let length = Double(tokens.count)
        var score = 0.0
        for index in phrases.indices {
            let hits = Double(statistics.phraseRows[index])
            var idf = log((rows - hits + 0.5) / (hits + 0.5))
            if idf <= 0 { idf = 1e-6 }
            let w = frequencies[index]
            score += idf * ((w * (k1 + 1.0)) / (w + k1 * (1 - b + b * length / averageLength)))
        }
        return -1.0 * score
    }

    /// The snippet of at most `size` tokens around the best cluster of matches, matches in brackets,
    /// cut ends marked with an ellipsis (FTS5's `snippet()` with its sentence-start bonus).
    func snippet(of segment: SearchTokens, size: Int = 16) -> String {
        let tokens = segment.tokens
        let found = instances(in: tokens)
        let sentenceStarts = Self.sentenceStarts(segment)
        var bestScore = 0, bestStart = 0
        for instance in found {
            let (score, adjusted) = windowScore(found, from: instance.position, size: size, documentSize: tokens.count)
            if score > bestScore {
                bestScore = score
                bestStart = adjusted
            }
            if !sentenceStarts.isEmpty && tokens.count > size {
                var j = 0
                while j < sentenceStarts.count - 1 && sentenceStarts[j + 1] <= instance.position { j += 1 }
                if sentenceStarts[j] < instance.position {
                    var (score, _) = windowScore(found, from: sentenceStarts[j], size: size, documentSize: tokens.count)
                    score += sentenceStarts[j] == 0 ? 120 : 100
                    if score > bestScore {
                        bestScore = score
                        bestStart = sentenceStarts[j]
                    }
                }
            }
        }
        return highlight(segment, found: found, rangeStart: bestStart, size: size)
    }

    /// FTS5's `fts5SnippetScore`: 1000 for each phrase first seen in the window, 1 for each repeat,
    /// and the window's start centred on the matches it holds.
    private func windowScore(
        _ found: [(phrase: Int, position: Int)], from start: Int, size: Int, documentSize: Int
    ) -> (score: Int, start: Int) {
        var seen = Set<Int>()
        var score = 0, first = -1, last = 0
        for instance in found where instance.position >= start && instance.position < start + size {
            score += seen.contains(instance.phrase) ? 1 : 1000
            seen.insert(instance.phrase)
            if first < 0 { first = instance.position }
            last = instance.position + phrases[instance.phrase].count
        }
        var adjusted = first - (size - (last - first)) / 2
        if adjusted + size > documentSize { adjusted = documentSize - size }
        if adjusted < 0 { adjusted = 0 }
        return (score, adjusted)
    }

    /// Tokens that begin a sentence: the first, and each after white space that follows '.' or ':'.
    private static func sentenceStarts(_ segment: SearchTokens) -> [Int] {
        var starts: [Int] = []
        for (position, token) in segment.tokens.enumerated() {
            guard position > 0 else {
                starts.append(0)
                continue
            }
            var i = token.start - 1
            var character: UInt8 = 0
            while i >= 0 {
                character = segment.text[i]
                if character != 0x20 && character != 0x09 && character != 0x0A && character != 0x0D { break }
                i -= 1
            }
            if i != token.start - 1 && (character == UInt8(ascii: ".") || character == UInt8(ascii: ":")) {
                starts.append(position)
            }
        }
        return starts
    }

    /// The text of tokens `rangeStart..<rangeStart + size` with the matches in brackets (FTS5's
    /// `fts5HighlightCb` over coalesced instances).
    private func highlight(_ segment: SearchTokens, found: [(phrase: Int, position: Int)], rangeStart: Int, size: Int) -> String {
        // Instances that overlap are coalesced into one bracketed run.
        var runs: [(start: Int, end: Int)] = []
        for instance in found {
            let end = instance.position + phrases[instance.phrase].count - 1
            if let last = runs.last, instance.position <= last.end {
                runs[runs.count - 1].end = max(last.end, end)
            } else {
                runs.append((instance.position, end))
            }
        }
        var run = runs.firstIndex { $0.start >= rangeStart } ?? runs.count
        let rangeEnd = rangeStart + size - 1
        let text = segment.text
        var output: [UInt8] = []
        var offset = 0
        if rangeStart > 0 { output += Array("…".utf8) }
        for (position, token) in segment.tokens.enumerated() {
            guard position >= rangeStart && position <= rangeEnd else { continue }
            if rangeStart > 0 && position == rangeStart { offset = token.start }
            if run < runs.count && position == runs[run].start {
                output += text[offset..<token.start]
                output += Array("[".utf8)
                offset = token.start
            }
            if run < runs.count && position == runs[run].end {
                output += text[offset..<token.end]
                output += Array("]".utf8)
                offset = token.end
                run += 1
            }
            if position == rangeEnd {
                output += text[offset..<token.end]
                offset = token.end
                if run < runs.count && position >= runs[run].start && position < runs[run].end {
                    output += Array("]".utf8)
                }
            }
        }
        if rangeStart + size < segment.tokens.count {
            output += Array("…".utf8)
        } else {
            output += text[offset...]
        }
        return String(decoding: output, as: UTF8.self)
    }
}

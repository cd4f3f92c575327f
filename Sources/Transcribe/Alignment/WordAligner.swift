import Foundation

/// Word timing from the cross-attention of the alignment heads, as Whisper's `timing.py` does it:
/// per-head z-score over tokens, a width-7 median filter over time, the mean over heads, dynamic
/// time warping over the negated matrix, and the warping path's jumps as token boundaries.
enum WordAligner {
    /// Encoder positions per second (each covers 20 ms).
    static let positionsPerSecond = 50.0
    /// Width of the median filter over time.
    static let medianWidth = 7
    /// Punctuation merged into the following word.
    static let prependPunctuation: Set<String> = ["\"", "'", "“", "¿", "(", "[", "{", "-"]
    /// Punctuation merged into the preceding word.
    static let appendPunctuation: Set<String> = ["\"", "'", ".", "。", ",", "，", "!", "！", "?", "？", ":", "：", "”", ")", "]", "}", "、"]
    /// Languages written without spaces, split per character group instead.
    static let unspacedLanguages: Set<String> = ["zh", "ja", "th", "lo", "my", "yue"]

    /// A word with times relative to the window's start.
    struct Timing: Equatable {
        var text: String
        var tokens: [Int]
        var start: Double
        var end: Double
        var probability: Double
    }

    /// Words of `textTokens` timed from `attention` (one `(textTokens + 1) × sourcePositions`
    /// matrix per head) over the first `positions` encoder positions (the audio the window covers).
    static func align(
        attention: [[Float]], sourcePositions: Int, positions: Int, textTokens: [Int], probabilities: [Double],
        tokenizer: WhisperTokenizer, language: String
    ) -> [Timing] {
        let rows = textTokens.count + 1
        let columns = max(1, min(positions, sourcePositions))
        guard !textTokens.isEmpty, !attention.isEmpty else { return [] }
        var mean = [Double](repeating: 0, count: rows * columns)
        for head in attention {
            let matrix = normalised(head, rows: rows, stride: sourcePositions, columns: columns)
            let filtered = medianFiltered(matrix, rows: rows, columns: columns, width: medianWidth)
            for index in mean.indices { mean[index] += filtered[index] / Double(attention.count) }
        }
        let path = dynamicTimeWarping(cost: mean.map { -$0 }, rows: rows, columns: columns)
        var jumpTimes: [Double] = []
        var previousRow = -1
        for (row, column) in path where row != previousRow {
            jumpTimes.append(Double(column) / positionsPerSecond)
            previousRow = row
        }
        let split = splitWords(textTokens + [tokenizer.endOfText], tokenizer: tokenizer, language: language)
        guard split.count > 1, jumpTimes.count == rows else { return [] }
        var timings: [Timing] = []
        var boundary = 0
        for word in split.dropLast() {
            let next = boundary + word.tokens.count
            let probability = probabilities[boundary..<next].reduce(0, +) / Double(max(1, next - boundary))
            timings.append(
                Timing(text: word.text, tokens: word.tokens, start: jumpTimes[boundary], end: jumpTimes[next], probability: probability))
            boundary = next
        }
        return timings
    }

    /// Rows renormalised over the kept columns (the softmax restricted to them), then z-scored per
    /// column over the rows.
    static func normalised(_ weights: [Float], rows: Int, stride: Int, columns: Int) -> [Double] {
        var matrix = [Double](repeating: 0, count: rows * columns)
        for row in 0..<rows {
            var sum = 0.0
            for column in 0..<columns { sum += Double(weights[row * stride + column]) }
            let scale = sum > 0 ? 1 / sum : 0
            for column in 0..<columns { matrix[row * columns + column] = Double(weights[row * stride + column]) * scale }
        }
        for column in 0..<columns {
            var mean = 0.0
            for row in 0..<rows { mean += matrix[row * columns + column] }
            mean /= Double(rows)
            var variance = 0.0
            for row in 0..<rows { variance += (matrix[row * columns + column] - mean) * (matrix[row * columns + column] - mean) }
            let deviation = (variance / Double(rows)).squareRoot()
            for row in 0..<rows {
                matrix[row * columns + column] = deviation > 0 ? (matrix[row * columns + column] - mean) / deviation : 0
            }
        }
        return matrix
    }

    /// Median over a sliding window along each row, with reflected edges (as Whisper's `median_filter`).
    static func medianFiltered(_ matrix: [Double], rows: Int, columns: Int, width: Int) -> [Double] {
        let pad = width / 2
        guard columns > pad else { return matrix }
        var result = matrix
        var window = [Double](repeating: 0, count: width)
        for row in 0..<rows {
            let base = row * columns
            for column in 0..<columns {
                for offset in 0..<width {
                    var source = column + offset - pad
                    if source < 0 { source = -source }
                    if source >= columns { source = 2 * (columns - 1) - source }
                    window[offset] = matrix[base + source]
                }
                window.sort()
                result[base + column] = window[pad]
            }
        }
        return result
    }

    /// The cheapest monotonic path through `cost` (`rows × columns`) from the first cell to the
    /// last, moving down, right or diagonally; ties resolved as Whisper's `dtw_cpu`.
    static func dynamicTimeWarping(cost: [Double], rows: Int, columns: Int) -> [(row: Int, column: Int)] {
        let width = columns + 1
        var total = [Double](repeating: .infinity, count: (rows + 1) * width)
        var trace = [Int8](repeating: -1, count: (rows + 1) * width)
        total[0] = 0
        for j in 1...columns {
            for i in 1...rows {
                let c0 = total[(i - 1) * width + j - 1], c1 = total[(i - 1) * width + j], c2 = total[i * width + j - 1]
                let (best, step): (Double, Int8)
                if c0 < c1 && c0 < c2 {
                    (best, step) = (c0, 0)
                } else if c1 < c0 && c1 < c2 {
                    (best, step) = (c1, 1)
                } else {
                    (best, step) = (c2, 2)
                }
                total[i * width + j] = cost[(i - 1) * columns + j - 1] + best
                trace[i * width + j] = step
            }
        }
        for j in 0...columns { trace[j] = 2 }
        for i in 0...rows { trace[i * width] = 1 }
        var i = rows, j = columns
        var path: [(row: Int, column: Int)] = []
        while i > 0 || j > 0 {
            path.append((i - 1, j - 1))
            switch trace[i * width + j] {
            case 0: i -= 1; j -= 1
            case 1: i -= 1
            default: j -= 1
            }
        }
        return path.reversed()
    }

    /// Tokens grouped into words: a new word at each token that begins with a space, at special
    /// tokens and at punctuation, except that an apostrophe right after a letter stays in its word
    /// (French elisions: "l'avion", "qu'il"). Tokens that only make a character together stay together.
    static func splitWords(_ tokens: [Int], tokenizer: WhisperTokenizer, language: String) -> [(text: String, tokens: [Int])] {
        var pieces: [(text: String, tokens: [Int])] = []
        var current: [Int] = []
        for token in tokens {
            current.append(token)
            let decoded = tokenizer.decode(current)
            if !decoded.contains("\u{FFFD}") || current.count >= 4 {
                pieces.append((decoded, current))
                current = []
            }
        }
        if !current.isEmpty { pieces.append((tokenizer.decode(current), current)) }
        if unspacedLanguages.contains(language) { return pieces }
        var words: [(text: String, tokens: [Int])] = []
        for piece in pieces {
            let special = piece.tokens[0] >= tokenizer.endOfText
            let trimmed = piece.text.trimmingCharacters(in: .whitespaces)
            let punctuation =
                !trimmed.isEmpty
                && trimmed.unicodeScalars.allSatisfy { $0.isASCII && CharacterSet.punctuationCharacters.union(.symbols).contains($0) }
            let elision =
                (trimmed == "'" || trimmed == "’") && !piece.text.hasPrefix(" ")
                && (words.last.map { !$0.tokens.contains { $0 >= tokenizer.endOfText } && ($0.text.last?.isLetter ?? false) } ?? false)
            let startsWord = special || piece.text.hasPrefix(" ") || (punctuation && !elision) || words.isEmpty
            let previousIsSpecial = words.last.map { $0.tokens.contains { $0 >= tokenizer.endOfText } } ?? false
            if startsWord || previousIsSpecial {
                words.append(piece)
            } else {
                words[words.count - 1].text += piece.text
                words[words.count - 1].tokens += piece.tokens
            }
        }
        return words
    }

    /// Whisper's `merge_punctuations`: opening marks join the next word, closing marks the previous one.
    static func mergePunctuation(_ words: inout [Timing]) {
        guard words.count > 1 else { return }
        var i = words.count - 2, j = words.count - 1
        while i >= 0 {
            if words[i].text.hasPrefix(" ") && prependPunctuation.contains(words[i].text.trimmingCharacters(in: .whitespaces)) {
                words[j].text = words[i].text + words[j].text
                words[j].tokens = words[i].tokens + words[j].tokens
                words[i].text = ""
                words[i].tokens = []
            } else {
                j = i
            }
            i -= 1
        }
        i = 0
        j = 1
        while j < words.count {
            if !words[i].text.hasSuffix(" ") && appendPunctuation.contains(words[j].text) {
                words[i].text += words[j].text
                words[i].tokens += words[j].tokens
                words[j].text = ""
                words[j].tokens = []
            } else {
                i = j
            }
            j += 1
        }
    }
}

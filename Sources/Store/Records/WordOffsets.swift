import Foundation

/// Locates words inside their segment's text, to turn character positions into times.
///
/// Words carry times but no character offsets; each word's trimmed text is searched for in order
/// in the segment's text. Words that cannot be found (the engine normalized them) are skipped.
enum WordOffsets {
    /// Each locatable word of `segment` with its absolute character range in the transcript text.
    static func locate(_ words: [Word], in segment: Segment) -> [(word: Word, range: Range<Int>)] {
        let words = words.filter { $0.segmentID == segment.id }
        return zip(words, ranges(of: words.map(\.text), in: segment.text)).compactMap { word, range in
            range.map { (word, (segment.charStart + $0.lowerBound)..<(segment.charStart + $0.upperBound)) }
        }
    }

    /// Where each word (trimmed) lies in `text`, in Unicode scalars, searched in order after the
    /// previous one found; `nil` for a word that cannot be found (the engine normalized it).
    static func ranges(of words: [String], in text: String) -> [Range<Int>?] {
        let scalars = Array(text.unicodeScalars)
        var cursor = 0
        return words.map { word in
            let target = Array(word.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)
            guard !target.isEmpty, let found = find(target, in: scalars, from: cursor) else { return nil }
            cursor = found + target.count
            return found..<cursor
        }
    }

    /// The time of character `position` in `segment`: the start (or, for an end position, the end)
    /// of the word there, else a linear interpolation over the segment.
    static func time(at position: Int, isEnd: Bool, segment: Segment, words: [Word]) -> Double {
        let located = locate(words, in: segment)
        if isEnd {
            if let word = located.last(where: { $0.range.lowerBound < position }), position <= word.range.upperBound + 1 {
                return word.word.end
            }
        } else if let word = located.first(where: { $0.range.upperBound > position }), word.range.lowerBound <= position + 1 {
            return word.word.start
        }
        let length = max(1, segment.charEnd - segment.charStart)
        let fraction = Double(min(max(position - segment.charStart, 0), length)) / Double(length)
        return segment.start + fraction * (segment.end - segment.start)
    }

    static func find(_ target: [Unicode.Scalar], in text: [Unicode.Scalar], from start: Int) -> Int? {
        guard target.count <= text.count, start <= text.count - target.count else { return nil }
        for index in start...(text.count - target.count) where text[index] == target[0] {
            if text[index..<index + target.count].elementsEqual(target) { return index }
        }
        return nil
    }
}

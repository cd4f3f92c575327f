import Foundation

/// The times of a coded span, as both stores compute them: from the words at both ends where
/// they are timed, else interpolated over the segments holding the ends.
public enum CodingTimes {
    /// The start and end of characters `charStart..<charEnd`, given the first segment ending after
    /// `charStart` and the last starting before `charEnd`, each with its words in order.
    public static func span(
        charStart: Int, charEnd: Int, first: (segment: Segment, words: [Word])?, last: (segment: Segment, words: [Word])?
    ) -> (start: Double, end: Double) {
        let start = first.map { WordOffsets.time(at: charStart, isEnd: false, segment: $0.segment, words: $0.words) }
        let end = last.map { WordOffsets.time(at: charEnd, isEnd: true, segment: $0.segment, words: $0.words) }
        return (start ?? 0, max(start ?? 0, end ?? start ?? 0))
    }
}

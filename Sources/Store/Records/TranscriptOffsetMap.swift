/// Maps character offsets (Unicode scalars) of a transcript version onto the version made from it
/// by editing some of its segments, so that codings follow the text they were made on.
///
/// Both versions have the same segments in the same order, joined by one line feed. An offset in
/// a segment whose text did not change keeps its place in that segment. In a changed segment, the
/// text before the first changed character and after the last one keeps its place too. An offset
/// inside the changed middle moves to the middle's start when it starts a span and to its end
/// when it ends one, so a span touching corrected text comes to cover the correction, and a span
/// of deleted text becomes empty.
public struct TranscriptOffsetMap: Sendable {
    /// Per segment: where it starts in the old and in the new text, and its changed middle.
    struct Piece {
        var oldStart: Int
        var newStart: Int
        var oldLength: Int
        var newLength: Int
        /// Characters shared at the start and at the end of the old and new segment texts.
        var prefix: Int
        var suffix: Int
    }

    let pieces: [Piece]

    /// The map from a version whose segments read `old` to one whose segments read `new` (same count).
    public init(old: [String], new: [String]) {
        precondition(old.count == new.count, "an edit keeps the segments")
        var pieces: [Piece] = []
        var oldStart = 0, newStart = 0
        for (a, b) in zip(old, new) {
            let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
            var prefix = 0
            while prefix < min(x.count, y.count), x[prefix] == y[prefix] { prefix += 1 }
            var suffix = 0
            while suffix < min(x.count, y.count) - prefix, x[x.count - 1 - suffix] == y[y.count - 1 - suffix] { suffix += 1 }
            pieces.append(
                Piece(oldStart: oldStart, newStart: newStart, oldLength: x.count, newLength: y.count, prefix: prefix, suffix: suffix))
            oldStart += x.count + 1
            newStart += y.count + 1
        }
        self.pieces = pieces
    }

    /// Where `offset` of the old text lands in the new one; `isEnd` when it ends a span.
    public func offset(_ offset: Int, isEnd: Bool) -> Int {
        guard !pieces.isEmpty else { return offset }
        // The segment holding the offset; its line feed counts as its end.
        var lo = 0, hi = pieces.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if pieces[mid].oldStart <= offset { lo = mid } else { hi = mid - 1 }
        }
        let piece = pieces[lo]
        let within = min(max(offset - piece.oldStart, 0), piece.oldLength)
        // The changed middle is old `prefix..<middleEnd`, new `prefix..<newLength - suffix`. At an
        // insertion (an empty old middle) a start goes after the inserted text, an end before it.
        let middleEnd = piece.oldLength - piece.suffix
        let shift = piece.newLength - piece.oldLength
        let moved: Int
        if isEnd {
            moved = within <= piece.prefix ? within : within > middleEnd ? within + shift : piece.newLength - piece.suffix
        } else {
            moved = within < piece.prefix ? within : within >= middleEnd ? within + shift : piece.prefix
        }
        return piece.newStart + moved
    }
}

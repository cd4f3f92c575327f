import Foundation
import Pseudonymisation

extension RecordingBundle {
    /// The times of the recording's audio that say the accepted spans of `redactions` (of this
    /// bundle's transcript version): from the first to the last word the span covers, widened by
    /// `margin` seconds on each side, since word times are approximate. Where a span's words
    /// cannot be placed in their segment's text, the whole segment is covered: the redacted
    /// audio must not let a name through, even at the cost of a few words around it.
    public func redactedTimes(_ redactions: [Redaction], margin: Double = 0.15) -> [Range<Double>] {
        guard let transcriptID = transcript?.id else { return [] }
        let accepted = redactions.filter { $0.transcriptID == transcriptID && $0.state == .accepted }
        guard !accepted.isEmpty else { return [] }
        var times: [Range<Double>] = []
        for segment in segments {
            let spans = accepted.filter { $0.charStart < segment.charEnd && segment.charStart < $0.charEnd }
            guard !spans.isEmpty else { continue }
            let located = WordOffsets.locate(words, in: segment)
            let placed = Set(located.compactMap(\.word.id))
            let unplaced = words.filter { $0.segmentID == segment.id && !($0.id.map(placed.contains) ?? false) }
            for span in spans {
                var covered = located.filter { $0.range.lowerBound < span.charEnd && span.charStart < $0.range.upperBound }.map(\.word)
                let hidden = Folding.fold(span.text)
                covered += unplaced.filter { word in
                    let folded = Folding.fold(word.text)
                    return !folded.isEmpty && (hidden.contains(folded) || folded.contains(hidden))
                }
                let start: Double, end: Double
                if covered.isEmpty {
                    (start, end) = (segment.start, segment.end)
                } else {
                    (start, end) = (covered.map(\.start).min()!, covered.map(\.end).max()!)
                }
                let lower = max(0, start - margin), upper = end + margin
                if upper > lower { times.append(lower..<upper) }
            }
        }
        return times.sorted { $0.lowerBound < $1.lowerBound }
    }
}

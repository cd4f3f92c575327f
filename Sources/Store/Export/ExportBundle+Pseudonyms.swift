import Foundation
import Pseudonymisation

extension ExportBundle {
    /// The bundle as a pseudonymised export carries it: in each transcript, the accepted spans of
    /// `redactions` (by transcript version) replaced by their pseudonyms in the text, the segments
    /// and the words; codings moved to the new offsets (a coding that began or ended inside a
    /// replaced span covers its whole pseudonym); and the uploaded files' own names left out.
    public func pseudonymised(_ redactions: [Int64: [Redaction]]) -> ExportBundle {
        var copy = self
        copy.recordings = recordings.map { item in
            var item = item
            item.recording.originalName = nil
            guard let transcript = item.transcript, let id = transcript.id else { return item }
            let map = PseudonymOffsetMap((redactions[id] ?? []).filter { $0.state == .accepted })
            guard !map.spans.isEmpty else { return item }
            let text = map.apply(to: Array(transcript.text.unicodeScalars))
            item.transcript?.text = String(String.UnicodeScalarView(text))
            let located = item.segments.flatMap { WordOffsets.locate(item.words, in: $0) }
            item.words = Self.words(item.words, located: located, map: map)
            item.segments = item.segments.map { segment in
                var segment = segment
                segment.charStart = map.position(segment.charStart, insideGoesTo: .start)
                segment.charEnd = map.position(segment.charEnd, insideGoesTo: .end)
                segment.text = String(String.UnicodeScalarView(text[segment.charStart..<segment.charEnd]))
                return segment
            }
            item.codings = item.codings.map { coding in
                var coding = coding
                coding.charStart = map.position(coding.charStart, insideGoesTo: .start)
                coding.charEnd = map.position(coding.charEnd, insideGoesTo: .end)
                return coding
            }
            return item
        }
        return copy
    }

    /// The words with those inside a replaced span merged into one word, the pseudonym, timed
    /// from the first to the last; a word that cannot be placed in its segment's text and holds
    /// a replaced text is replaced too, so that no identifying word leaves through word timings.
    private static func words(_ words: [Word], located: [(word: Word, range: Range<Int>)], map: PseudonymOffsetMap) -> [Word] {
        var rangeOf: [Int64: Range<Int>] = [:]
        for entry in located { if let id = entry.word.id { rangeOf[id] = entry.range } }
        let hidden = map.spans.map { Folding.fold($0.text) }
        var result: [Word] = []
        var replaced: [Int: Int] = [:]  // span index → index in result of its pseudonym word
        for word in words {
            let span: Int?
            if let id = word.id, let range = rangeOf[id] {
                span = map.spans.firstIndex { $0.charStart < range.upperBound && range.lowerBound < $0.charEnd }
            } else {
                let folded = Folding.fold(word.text)
                span = hidden.firstIndex { !folded.isEmpty && ($0.contains(folded) || folded.contains($0)) }
            }
            guard let span else {
                result.append(word)
                continue
            }
            if let index = replaced[span] {
                result[index].end = max(result[index].end, word.end)
            } else {
                var pseudonym = word
                pseudonym.text = map.spans[span].pseudonym ?? "[…]"
                pseudonym.probability = nil
                replaced[span] = result.count
                result.append(pseudonym)
            }
        }
        return result
    }
}

/// Where offsets of a transcript's text go once its accepted spans are replaced by pseudonyms.
struct PseudonymOffsetMap {
    /// Where a position strictly inside a replaced span goes.
    enum Inside { case start, end }

    let spans: [Redaction]

    init(_ spans: [Redaction]) {
        self.spans = spans.sorted { $0.charStart < $1.charStart }
    }

    private func label(_ span: Redaction) -> [Unicode.Scalar] { Array((span.pseudonym ?? "[…]").unicodeScalars) }

    func apply(to scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result = scalars
        for span in spans.reversed() { result.replaceSubrange(span.charStart..<span.charEnd, with: label(span)) }
        return result
    }

    func position(_ position: Int, insideGoesTo inside: Inside) -> Int {
        var shift = 0
        for span in spans {
            if position <= span.charStart { break }
            let length = label(span).count
            if position >= span.charEnd {
                shift += length - (span.charEnd - span.charStart)
                continue
            }
            return span.charStart + shift + (inside == .end ? length : 0)
        }
        return position + shift
    }
}

import Foundation
import Pseudonymisation

extension PseudonymOffsetMap {
    /// A transcript version's content as its pseudonymised text has it: the text, the segments
    /// (text and offsets) and the words (those of a replaced span merged into its pseudonym).
    public func pseudonymise(_ transcript: Transcript, segments: [Segment], words: [Word])
        -> (transcript: Transcript, segments: [Segment], words: [Word])
    {
        guard !spans.isEmpty else { return (transcript, segments, words) }
        var transcript = transcript
        let text = apply(to: Array(transcript.text.unicodeScalars))
        transcript.text = String(String.UnicodeScalarView(text))
        let located = segments.flatMap { WordOffsets.locate(words, in: $0) }
        let shown = segments.map { segment in
            var segment = segment
            segment.charStart = pseudonymised(segment.charStart, inside: .start)
            segment.charEnd = pseudonymised(segment.charEnd, inside: .end)
            segment.text = String(String.UnicodeScalarView(text[segment.charStart..<segment.charEnd]))
            return segment
        }
        return (transcript, shown, self.words(words, located: located))
    }

    /// The version's content (``TranscriptDetail``) as its pseudonymised text has it.
    public func pseudonymise(_ detail: TranscriptDetail) -> TranscriptDetail {
        let content = pseudonymise(detail.transcript, segments: detail.segments, words: detail.words)
        return TranscriptDetail(transcript: content.transcript, segments: content.segments, words: content.words, speakers: detail.speakers)
    }

    /// `coding` (original offsets) in the pseudonymised text: an end inside a span covers its whole pseudonym.
    public func pseudonymised(_ coding: Coding) -> Coding {
        var coding = coding
        coding.charStart = pseudonymised(coding.charStart, inside: .start)
        coding.charEnd = pseudonymised(coding.charEnd, inside: .end)
        return coding
    }

    /// The original offsets of `range` (pseudonymised offsets): an end inside a pseudonym covers
    /// the whole original passage.
    public func original(_ range: Range<Int>) -> Range<Int> {
        original(range.lowerBound, inside: .start)..<original(range.upperBound, inside: .end)
    }

    /// The words with those inside a replaced span merged into one word, the pseudonym, timed
    /// from the first to the last; a word that cannot be placed in its segment's text and holds
    /// a replaced text is replaced too, so that no identifying word leaves through word timings.
    private func words(_ words: [Word], located: [(word: Word, range: Range<Int>)]) -> [Word] {
        var rangeOf: [Int64: Range<Int>] = [:]
        for entry in located { if let id = entry.word.id { rangeOf[id] = entry.range } }
        let hidden = spans.map { Folding.fold($0.text) }
        var result: [Word] = []
        var replaced: [Int: Int] = [:]  // span index → index in result of its pseudonym word
        for word in words {
            let span: Int?
            if let id = word.id, let range = rangeOf[id] {
                span = spans.firstIndex { $0.charStart < range.upperBound && range.lowerBound < $0.charEnd }
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
                pseudonym.text = spans[span].pseudonym ?? "[…]"
                pseudonym.probability = nil
                replaced[span] = result.count
                result.append(pseudonym)
            }
        }
        return result
    }
}

extension WordAligner {
    /// Closing marks after which a long word is cut short.
    static let sentenceEnds: Set<String> = [".", "。", "!", "！", "?", "？"]

    /// Gives each segment of a window its words (by token counts, in order), at `timeOffset` plus
    /// the window-relative times, with Whisper's boundary fixes: words longer than twice the median
    /// word duration (at most 0.7 s) are cut at sentence ends and after a pause; the first and last
    /// words yield to the segment's own timestamps when they run 0.5 s beyond them; otherwise the
    /// segment takes its first word's start and last word's end. `lastSpeech` carries the end of the
    /// previous speech across windows.
    static func assign(
        _ alignment: [Timing], to segments: inout [TranscriptionSegment], timeOffset: Double, endOfText: Int,
        lastSpeech: inout Double
    ) {
        var alignment = alignment
        let durations = alignment.map { $0.end - $0.start }.filter { $0 != 0 }.sorted()
        var median = 0.0
        if !durations.isEmpty {
            let middle = durations.count / 2
            median = durations.count % 2 == 1 ? durations[middle] : (durations[middle - 1] + durations[middle]) / 2
        }
        median = min(0.7, median)
        let longest = median * 2
        if !durations.isEmpty {
            for index in alignment.indices.dropFirst() where alignment[index].end - alignment[index].start > longest {
                if sentenceEnds.contains(alignment[index].text) {
                    alignment[index].end = alignment[index].start + longest
                } else if sentenceEnds.contains(alignment[index - 1].text) {
                    alignment[index].start = alignment[index].end - longest
                }
            }
        }
        mergePunctuation(&alignment)
        var wordIndex = 0
        for segmentIndex in segments.indices {
            let textTokens = segments[segmentIndex].tokens.filter { $0 < endOfText }.count
            var saved = 0
            var words: [TranscriptionWord] = []
            while wordIndex < alignment.count && saved < textTokens {
                let timing = alignment[wordIndex]
                if !timing.text.isEmpty {
                    words.append(
                        TranscriptionWord(
                            start: rounded(timeOffset + timing.start), end: rounded(timeOffset + timing.end), text: timing.text,
                            probability: timing.probability))
                }
                saved += timing.tokens.count
                wordIndex += 1
            }
            guard !words.isEmpty else { continue }
            var segment = segments[segmentIndex]
            if words[0].end - lastSpeech > median * 4
                && (words[0].end - words[0].start > longest || (words.count > 1 && words[1].end - words[0].start > longest * 2))
            {
                if words.count > 1 && words[1].end - words[1].start > longest {
                    let boundary = max(words[1].end / 2, words[1].end - longest)
                    words[0].end = boundary
                    words[1].start = boundary
                }
                words[0].start = max(0, words[0].end - longest)
            }
            if segment.start < words[0].end && segment.start - 0.5 > words[0].start {
                words[0].start = max(0, min(words[0].end - median, segment.start))
            } else {
                segment.start = words[0].start
            }
            if segment.end > words[words.count - 1].start && segment.end + 0.5 < words[words.count - 1].end {
                words[words.count - 1].end = max(words[words.count - 1].start + median, segment.end)
            } else {
                segment.end = words[words.count - 1].end
            }
            for index in words.indices {
                words[index].start = min(max(words[index].start, segment.start), segment.end)
                words[index].end = min(max(words[index].end, words[index].start), segment.end)
            }
            lastSpeech = segment.end
            segment.words = words
            segments[segmentIndex] = segment
        }
    }

    private static func rounded(_ seconds: Double) -> Double { (seconds * 100).rounded() / 100 }
}

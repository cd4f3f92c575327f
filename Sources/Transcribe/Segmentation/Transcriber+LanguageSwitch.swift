import Logging

extension Transcriber {
    /// With the language detected (not forced), a run of segments the guards flagged (low
    /// confidence, another language, unsure words) may be speech in another language than the
    /// window it was packed with (an answer in French between questions in English): the run's
    /// audio is decoded again alone, in the language detected on it, and its segments are
    /// replaced when that language differs and the text is more probable. Runs longer than
    /// `longest` seconds are left as they are.
    func redecodeFlaggedRuns(
        _ segments: inout [TranscriptionSegment], samples: [Float], options: TranscriptionOptions, longest: Double = 30
    ) {
        guard model.isMultilingual, options.language == nil, !segments.isEmpty else { return }
        let rate = Double(LogMelSpectrogram.sampleRate)
        let suspicious: Set<SegmentFlag> = [.lowConfidence, .otherLanguage, .unsureWords]
        // Runs of flagged segments less than a second apart.
        var runs: [ClosedRange<Int>] = []
        for index in segments.indices where !suspicious.isDisjoint(with: segments[index].flags) {
            if let last = runs.last, last.upperBound == index - 1 || segments[index].start - segments[last.upperBound].end < 1 {
                runs[runs.count - 1] = last.lowerBound...index
            } else {
                runs.append(index...index)
            }
        }
        var replacements: [(range: ClosedRange<Int>, segments: [TranscriptionSegment])] = []
        for run in runs {
            let start = max(0, segments[run.lowerBound].start - 0.3), end = min(Double(samples.count) / rate, segments[run.upperBound].end + 0.3)
            guard end - start <= longest, end > start else { continue }
            var alone = options
            alone.speechOnly = false
            alone.conditionOnPreviousText = false
            alone.initialPrompt = nil
            let first = Int(start * rate), last = Int(end * rate)
            let clip = Array(samples[first..<last])
            // The run alone is transcribed in the language detected on it (as `transcribe`
            // detects it), and kept only in another language: the same language, detected
            // first for one encoder pass, spares the whole decoding.
            guard let code = detectedLanguage(samples: clip), code != segments[run.lowerBound].language,
                let result = try? transcribe(samples: clip, options: alone), !result.segments.isEmpty,
                result.language != segments[run.lowerBound].language
            else { continue }
            let mean = { (items: ArraySlice<TranscriptionSegment>) in items.map(\.avgLogProb).reduce(0, +) / Double(max(1, items.count)) }
            guard mean(result.segments[...]) > mean(segments[run]) else { continue }
            let offset = Double(first) / rate
            let moved = result.segments.map { $0.shifted(by: offset) }
            logger?.debug("speech at \(start) s decoded again in \(result.language)")
            replacements.append((run, moved))
        }
        for replacement in replacements.reversed() { segments.replaceSubrange(replacement.range, with: replacement.segments) }
        for index in segments.indices { segments[index].id = index }
    }
}

extension Transcriber {
    /// With the language detected (not forced), a stretch of speech whose segments the guards
    /// flagged (low confidence, another language, unsure words) may be in another language than
    /// the window it was packed with: it is decoded again alone, in the language detected on it,
    /// and its segments are replaced when that language differs and the text is more probable.
    /// Stretches longer than `longest` seconds are left as they are.
    func redecodeFlaggedStretches(
        _ segments: inout [TranscriptionSegment], samples: [Float], speech: [SpeechRegion], options: TranscriptionOptions,
        longest: Double = 60
    ) {
        guard model.isMultilingual, options.language == nil, !segments.isEmpty else { return }
        let rate = Double(LogMelSpectrogram.sampleRate)
        let stretches = SpeechWindow.pack(speech, sampleCount: samples.count, maxSilence: options.maxSilence, separateStretches: true)
            .compactMap(\.pieces.first)
        let suspicious: Set<SegmentFlag> = [.lowConfidence, .otherLanguage, .unsureWords]
        for stretch in stretches where Double(stretch.count) / rate <= longest {
            let start = Double(stretch.start) / rate, end = Double(stretch.end) / rate
            let inside = segments.indices.filter { (segments[$0].start + segments[$0].end) / 2 >= start && (segments[$0].start + segments[$0].end) / 2 < end }
            guard !inside.isEmpty, inside.contains(where: { !suspicious.isDisjoint(with: segments[$0].flags) }) else { continue }
            var alone = options
            alone.speechOnly = false
            alone.conditionOnPreviousText = false
            alone.initialPrompt = nil
            guard let result = try? transcribe(samples: Array(samples[stretch.start..<stretch.end]), options: alone),
                !result.segments.isEmpty, result.language != segments[inside[0]].language
            else { continue }
            let mean = { (items: [TranscriptionSegment]) in items.map(\.avgLogProb).reduce(0, +) / Double(max(1, items.count)) }
            guard mean(result.segments) > mean(inside.map { segments[$0] }) else { continue }
            let moved = result.segments.map { segment -> TranscriptionSegment in
                var segment = segment
                segment.start += start
                segment.end += start
                for index in segment.words.indices {
                    segment.words[index].start += start
                    segment.words[index].end += start
                }
                return segment
            }
            logger?.debug("stretch at \(start) s decoded again in \(result.language)")
            segments.removeAll { (($0.start + $0.end) / 2) >= start && (($0.start + $0.end) / 2) < end }
            segments += moved
            segments.sort { $0.start < $1.start }
        }
        for index in segments.indices { segments[index].id = index }
    }
}

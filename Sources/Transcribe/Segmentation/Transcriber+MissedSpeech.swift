extension Transcriber {
    /// Speech regions of at least `minimumDuration` seconds that no segment overlaps (with
    /// `tolerance` seconds on each side): speech the windows' decoding lost.
    static func uncovered(
        _ regions: [SpeechRegion], by segments: [TranscriptionSegment], minimumDuration: Double = 0.5, tolerance: Double = 0.3
    ) -> [SpeechRegion] {
        regions.filter { region in
            region.duration >= minimumDuration
                && !segments.contains { $0.start < region.end + tolerance && $0.end > region.start - tolerance }
        }
    }

    /// Transcribes each speech region that the windows left without text on its own (no
    /// previous text; the forced language, or the region's own), and puts what it finds in time
    /// order, so that no utterance is lost. Regions that still give no text are returned.
    func recoverMissedSpeech(
        _ segments: inout [TranscriptionSegment], samples: [Float], speech: [SpeechRegion], options: TranscriptionOptions
    ) -> [SpeechRegion] {
        let rate = Double(LogMelSpectrogram.sampleRate)
        var missed: [SpeechRegion] = []
        for region in Self.uncovered(speech, by: segments) {
            let start = max(0, Int((region.start - 0.2) * rate)), end = min(samples.count, Int((region.end + 0.2) * rate))
            guard end > start else { continue }
            var alone = options
            alone.speechOnly = false
            alone.conditionOnPreviousText = false
            alone.initialPrompt = nil
            // A forced language stays forced; else the region's own language is detected (speech
            // the windows lost is often an answer in another language than its neighbours).
            let offset = Double(start) / rate
            let found = (try? transcribe(samples: Array(samples[start..<end]), options: alone))?.segments ?? []
            let moved = found.map { $0.shifted(by: offset) }
            if moved.isEmpty { missed.append(region) }
            segments += moved
        }
        segments.sort { $0.start < $1.start }
        for index in segments.indices { segments[index].id = index }
        return missed
    }
}

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

    /// Lost regions (in time order) gathered into runs transcribed together: consecutive ones
    /// at most `maxGap` seconds apart with no segment between them, a run spanning at most
    /// `longest` seconds (one window with the margins). A lost answer is usually several regions cut at its
    /// pauses; one decoding of the run costs one encoder pass instead of one per region.
    static func runs(
        of lost: [SpeechRegion], between segments: [TranscriptionSegment], maxGap: Double, longest: Double = 29
    ) -> [[SpeechRegion]] {
        var runs: [[SpeechRegion]] = []
        for region in lost {
            if let run = runs.last, let last = run.last, let first = run.first, region.start - last.end <= maxGap,
                region.end - first.start <= longest,
                !segments.contains(where: { $0.start < region.start && $0.end > last.end })
            {
                runs[runs.count - 1].append(region)
            } else {
                runs.append([region])
            }
        }
        return runs
    }

    /// Transcribes the speech regions that the windows left without text on their own (no
    /// previous text; the forced language, or their own), and puts what it finds in time order,
    /// so that no utterance is lost. Lost regions close together are decoded as one run
    /// (``runs(of:between:maxGap:longest:)``); a region of a run that its text does not cover is
    /// decoded again alone. Regions that still give no text are returned.
    func recoverMissedSpeech(
        _ segments: inout [TranscriptionSegment], samples: [Float], speech: [SpeechRegion], options: TranscriptionOptions
    ) -> [SpeechRegion] {
        let rate = Double(LogMelSpectrogram.sampleRate)
        var alone = options
        alone.speechOnly = false
        alone.conditionOnPreviousText = false
        alone.initialPrompt = nil
        // A forced language stays forced; else the run's own language is detected (speech the
        // windows lost is often an answer in another language than its neighbours).
        func transcribe(from startTime: Double, to endTime: Double) -> [TranscriptionSegment] {
            let start = max(0, Int((startTime - 0.2) * rate)), end = min(samples.count, Int((endTime + 0.2) * rate))
            guard end > start else { return [] }
            let found = (try? self.transcribe(samples: Array(samples[start..<end]), options: alone))?.segments ?? []
            return found.map { $0.shifted(by: Double(start) / rate) }
        }
        var missed: [SpeechRegion] = []
        var found: [TranscriptionSegment] = []
        for run in Self.runs(of: Self.uncovered(speech, by: segments), between: segments, maxGap: options.maxSilence) {
            guard let first = run.first, let last = run.last else { continue }
            let text = transcribe(from: first.start, to: last.end)
            found += text
            guard run.count > 1 else {
                if text.isEmpty { missed += run }
                continue
            }
            for region in Self.uncovered(run, by: text) {
                let again = transcribe(from: region.start, to: region.end)
                if again.isEmpty { missed.append(region) }
                found += again
            }
        }
        segments += found
        segments.sort { $0.start < $1.start }
        for index in segments.indices { segments[index].id = index }
        return missed
    }
}

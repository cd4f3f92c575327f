/// A stretch of a recording that contains speech, in seconds from the start.
public struct SpeechRegion: Sendable, Equatable, Hashable, Codable {
    /// Start, in seconds.
    public var start: Double
    /// End, in seconds (after `start`).
    public var end: Double

    /// Creates a region.
    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    /// Length in seconds.
    public var duration: Double { end - start }

    /// Speech regions from per-frame speech probabilities (one per 512 samples at 16 kHz),
    /// following `silero-vad`'s `get_speech_timestamps`: a region starts at a frame at or above
    /// the threshold, ends after at least `minSilenceDuration` below the negative threshold,
    /// is kept if longer than `minSpeechDuration`, is split at its longest inner silence when
    /// it exceeds `maxSpeechDuration`, and is padded by `speechPad` on each side.
    ///
    /// - Parameter sampleCount: the audio's length in samples (the last region ends there at most).
    public static func regions(
        probabilities: [Float], sampleCount: Int, options: SpeechDetectionOptions = SpeechDetectionOptions()
    ) -> [SpeechRegion] {
        let rate = Double(SileroVAD.sampleRate)
        let window = SileroVAD.frameSamples
        let minSpeech = rate * options.minSpeechDuration
        let pad = rate * options.speechPad
        let maxSpeech = rate * options.maxSpeechDuration - Double(window) - 2 * pad
        let minSilence = rate * options.minSilenceDuration
        let minSilenceAtMax = rate * options.minSilenceAtMaxSpeech

        var speeches: [(start: Int, end: Int)] = []
        var triggered = false
        var currentStart: Int?
        var tempEnd = 0, previousEnd = 0, nextStart = 0
        var possibleEnds: [(end: Int, silence: Int)] = []

        for (index, probability) in probabilities.enumerated() {
            let sample = window * index
            if probability >= options.threshold && tempEnd != 0 {
                let silence = sample - tempEnd
                if Double(silence) > minSilenceAtMax { possibleEnds.append((tempEnd, silence)) }
                tempEnd = 0
                if nextStart < previousEnd { nextStart = sample }
            }
            if probability >= options.threshold && !triggered {
                triggered = true
                currentStart = sample
                continue
            }
            if triggered, let start = currentStart, Double(sample - start) > maxSpeech {
                if let longest = possibleEnds.max(by: { $0.silence < $1.silence }) {
                    speeches.append((start, longest.end))
                    nextStart = longest.end + longest.silence
                    if nextStart < longest.end + sample {
                        currentStart = nextStart
                    } else {
                        currentStart = nil
                        triggered = false
                    }
                } else {
                    speeches.append((start, sample))
                    currentStart = nil
                    triggered = false
                    previousEnd = 0
                    nextStart = 0
                    tempEnd = 0
                    possibleEnds = []
                    continue
                }
                previousEnd = 0
                nextStart = 0
                tempEnd = 0
                possibleEnds = []
            }
            if probability < options.negativeThreshold && triggered {
                if tempEnd == 0 { tempEnd = sample }
                if Double(sample - tempEnd) < minSilence { continue }
                if let start = currentStart, Double(tempEnd - start) > minSpeech { speeches.append((start, tempEnd)) }
                currentStart = nil
                previousEnd = 0
                nextStart = 0
                tempEnd = 0
                triggered = false
                possibleEnds = []
                continue
            }
        }
        if let start = currentStart, Double(sampleCount - start) > minSpeech {
            speeches.append((start, sampleCount))
        }

        // Pad each region, splitting the gap between regions closer than two pads.
        let padSamples = Int(pad)
        for index in speeches.indices {
            if index == 0 { speeches[index].start = max(0, speeches[index].start - padSamples) }
            if index != speeches.count - 1 {
                let gap = speeches[index + 1].start - speeches[index].end
                if Double(gap) < 2 * pad {
                    speeches[index].end += gap / 2
                    speeches[index + 1].start = max(0, speeches[index + 1].start - gap / 2)
                } else {
                    speeches[index].end = min(sampleCount, speeches[index].end + padSamples)
                    speeches[index + 1].start = max(0, speeches[index + 1].start - padSamples)
                }
            } else {
                speeches[index].end = min(sampleCount, speeches[index].end + padSamples)
            }
        }
        return speeches.map { SpeechRegion(start: Double($0.start) / rate, end: Double($0.end) / rate) }
    }
}

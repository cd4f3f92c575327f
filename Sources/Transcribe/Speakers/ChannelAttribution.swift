import Foundation

/// Speaker turns of a multi-channel recording with one microphone per speaker (a
/// two-microphone interview): each channel is one speaker. A channel's speech regions become
/// that speaker's turns, except where another channel is much louder (the other speaker's
/// voice bleeding into this microphone). Overlapping speech gives overlapping turns.
public enum ChannelAttribution {
    /// Turns of 16 kHz channels, one speaker per channel, labelled `S1`, `S2`... by first
    /// appearance.
    ///
    /// - Parameters:
    ///   - channels: one array of samples per microphone, all at 16 kHz.
    ///   - vad: finds the speech regions of each channel.
    ///   - bleedDecibels: a frame of a channel is not its speaker's when its energy (smoothed
    ///     over 200 ms) is more than this many dB below the loudest channel's.
    ///   - minimumTurnDuration: shorter pieces (seconds) are dropped.
    public static func turns(
        channels: [[Float]], vad: SileroVAD, options: SpeechDetectionOptions = SpeechDetectionOptions(),
        bleedDecibels: Float = 15, minimumTurnDuration: Double = 0.25
    ) -> [SpeakerTurn] {
        guard !channels.isEmpty else { return [] }
        let frame = 160  // 10 ms
        let energies = channels.map { smoothedEnergy($0, frame: frame, radius: 10) }
        let ratio = pow(10, -bleedDecibels / 10)
        var intervals: [(start: Double, end: Double, speaker: String)] = []
        for (channel, samples) in channels.enumerated() {
            for region in vad.speechRegions(samples: samples, options: options) {
                var runStart: Double?
                let first = Int(region.start * 100), last = Int((region.end * 100).rounded(.up))
                for index in first...last {
                    let owned: Bool
                    if index < last && index < energies[channel].count {
                        let loudest = energies.map { index < $0.count ? $0[index] : 0 }.max() ?? 0
                        owned = energies[channel][index] >= loudest * ratio
                    } else {
                        owned = false
                    }
                    let time = min(region.end, max(region.start, Double(index) / 100))
                    if owned, runStart == nil { runStart = time }
                    if !owned, let start = runStart {
                        if time - start >= minimumTurnDuration { intervals.append((start, time, "channel\(channel)")) }
                        runStart = nil
                    }
                }
            }
        }
        return SpeakerTurn.turns(from: intervals, maximumGap: 0.3)
    }

    /// The channel (0-based) with the most energy between `start` and `end` seconds: the
    /// speaker of a word in a one-microphone-per-speaker recording.
    public static func loudestChannel(channels: [[Float]], from start: Double, to end: Double, sampleRate: Int = 16_000) -> Int? {
        var best: (channel: Int, energy: Float)?
        for (channel, samples) in channels.enumerated() {
            let low = max(0, Int(start * Double(sampleRate))), high = min(samples.count, Int(end * Double(sampleRate)))
            guard low < high else { continue }
            var energy: Float = 0
            for index in low..<high { energy += samples[index] * samples[index] }
            if energy > best?.energy ?? -1 { best = (channel, energy) }
        }
        return best?.channel
    }

    /// Energy per frame, averaged over `radius` frames on each side.
    static func smoothedEnergy(_ samples: [Float], frame: Int, radius: Int) -> [Float] {
        let count = (samples.count + frame - 1) / frame
        var energy = [Float](repeating: 0, count: count)
        for index in 0..<count {
            var sum: Float = 0
            for sample in (index * frame)..<min(samples.count, (index + 1) * frame) { sum += samples[sample] * samples[sample] }
            energy[index] = sum
        }
        var prefix = [Float](repeating: 0, count: count + 1)
        for index in 0..<count { prefix[index + 1] = prefix[index] + energy[index] }
        return (0..<count).map { index in
            let low = max(0, index - radius), high = min(count, index + radius + 1)
            return (prefix[high] - prefix[low]) / Float(high - low)
        }
    }
}

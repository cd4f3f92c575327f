import Foundation

extension ChannelAttribution {
    /// How the channels of a recording share its loud moments: for each channel, the share of
    /// active 100 ms frames in which it is the loudest by at least `marginDecibels`.
    ///
    /// A frame is active when its loudest channel is within `activeDecibels` of the recording's
    /// loud frames (the 95th percentile). One microphone per speaker gives each speaker's channel
    /// the lead during their turns; copies of one microphone (a mono recording stored as stereo,
    /// a narrated video's near-identical channels, one channel quieter or noisier) keep one
    /// channel's lead constant, or none.
    public static func dominance(
        _ channels: [[Float]], sampleRate: Int = 16_000, marginDecibels: Float = 6, activeDecibels: Float = 20
    ) -> [Double] {
        guard channels.count >= 2 else { return channels.map { _ in 1 } }
        let frame = sampleRate / 10
        let energies = channels.map { smoothedEnergy($0, frame: frame, radius: 0) }
        let frames = energies.map(\.count).min() ?? 0
        guard frames > 0 else { return channels.map { _ in 0 } }
        let loudest = (0..<frames).map { index in energies.map { $0[index] }.max() ?? 0 }
        let reference = loudest.sorted()[min(frames - 1, frames * 95 / 100)]
        guard reference > 0 else { return channels.map { _ in 0 } }
        let floor = reference * pow(10, -activeDecibels / 10), margin = pow(10, marginDecibels / 10)
        var leads = [Int](repeating: 0, count: channels.count)
        var active = 0
        for index in 0..<frames where loudest[index] >= floor {
            active += 1
            let levels = energies.map { $0[index] }
            let order = levels.indices.sorted { levels[$0] > levels[$1] }
            if levels[order[0]] >= margin * levels[order[1]] { leads[order[0]] += 1 }
        }
        return leads.map { active > 0 ? Double($0) / Double(active) : 0 }
    }

    /// Whether the channels carry different speakers (one microphone each): at least two
    /// channels lead (``dominance(_:sampleRate:marginDecibels:activeDecibels:)``) in at least
    /// `minimumShare` of the active frames each.
    public static func carryDifferentSpeakers(_ channels: [[Float]], minimumShare: Double = 0.05) -> Bool {
        dominance(channels).filter { $0 >= minimumShare }.count >= 2
    }
}

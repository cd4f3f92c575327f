extension ChannelAttribution {
    /// Whether the channels carry different signals (one microphone per speaker) rather than
    /// copies of one (a mono recording stored as stereo): the energy of the difference from the
    /// first channel is above `threshold` of the channels' energy.
    public static func channelsDiffer(_ channels: [[Float]], threshold: Double = 0.01) -> Bool {
        guard channels.count >= 2, let first = channels.first else { return false }
        for other in channels.dropFirst() {
            var difference = 0.0, energy = 0.0
            for index in 0..<min(first.count, other.count) {
                let a = Double(first[index]), b = Double(other[index])
                difference += (a - b) * (a - b)
                energy += a * a + b * b
            }
            if energy > 0 && difference / energy > threshold { return true }
        }
        return false
    }
}

/// Audio handed to the voice-activity detector or the diarizer in a form they cannot use.
public struct SpeechAudioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sample rate received.
    public var sampleRate: Int
    /// The number of channels received.
    public var channelCount: Int
    /// What the caller should do instead.
    public var advice: String

    /// Creates an error.
    public init(sampleRate: Int, channelCount: Int, advice: String) {
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.advice = advice
    }

    /// A message that says what went wrong and what to do.
    public var description: String {
        "audio at \(sampleRate) Hz with \(channelCount) channel(s) cannot be analysed: \(advice)"
    }
}

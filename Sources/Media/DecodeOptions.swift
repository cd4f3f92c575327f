/// How ``AudioDecoder`` decodes a file.
public struct DecodeOptions: Sendable, Equatable {
    /// The audio stream to decode (container index, as `verbatim probe` lists it), or `nil`
    /// for the best one: the first audio stream with the most channels, then the highest rate.
    public var streamIndex: Int?
    /// Output sample rate in Hz (Whisper and the speaker models want 16 000).
    public var sampleRate: Int
    /// Keep the source channels apart instead of mixing them down to mono (a two-microphone
    /// interview is diarized per channel).
    public var keepChannels: Bool
    /// Frames per chunk handed out by ``AudioDecoder/nextChunk()``.
    public var chunkFrames: Int
    /// Seconds from the stream's start where decoding begins: packets that end well before it
    /// are read but not decoded, and the samples before it are dropped, so that the first chunk
    /// starts there (a live transcript decodes only the audio it has not heard yet).
    public var startTime: Double

    /// Seconds of packets decoded before ``startTime`` and thrown away, so that codecs that
    /// need a few frames to settle (Opus, MP3) give the same samples as a decode from the start.
    public static let preRoll = 0.2

    /// Creates options; the defaults give 16 kHz mono from the best audio stream, from its start.
    public init(
        streamIndex: Int? = nil, sampleRate: Int = 16_000, keepChannels: Bool = false, chunkFrames: Int = 16_000 * 10,
        startTime: Double = 0
    ) {
        self.streamIndex = streamIndex
        self.sampleRate = sampleRate
        self.keepChannels = keepChannels
        self.chunkFrames = chunkFrames
        self.startTime = startTime
    }
}

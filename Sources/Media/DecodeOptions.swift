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

    /// Creates options; the defaults give 16 kHz mono from the best audio stream.
    public init(streamIndex: Int? = nil, sampleRate: Int = 16_000, keepChannels: Bool = false, chunkFrames: Int = 16_000 * 10) {
        self.streamIndex = streamIndex
        self.sampleRate = sampleRate
        self.keepChannels = keepChannels
        self.chunkFrames = chunkFrames
    }
}

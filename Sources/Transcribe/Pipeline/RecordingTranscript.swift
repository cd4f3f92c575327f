import Media

/// What ``RecordingPipeline`` makes of one recording.
public struct RecordingTranscript: Sendable {
    /// The segments, words, flags and (when asked) speakers.
    public var transcription: Transcription
    /// The speaker turns the segments were labelled from, or `nil` without a speaker step.
    public var turns: [SpeakerTurn]?
    /// How the speakers were found.
    public var speakerMethod: SpeakerMethod?
    /// The speech regions transcribed (empty when the whole recording was).
    public var speech: [SpeechRegion]
    /// What the decoder found: the stream, and a truncated file's shortfall.
    public var report: DecodeReport
    /// Seconds of audio decoded.
    public var duration: Double

    /// How speaker turns were found.
    public enum SpeakerMethod: String, Sendable, Codable {
        /// One speaker, as the user said.
        case single
        /// One microphone per speaker: each word to the channel where it is loudest.
        case channels
        /// Speaker embeddings of the mono mix, clustered.
        case embeddings
    }
}

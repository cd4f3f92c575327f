/// What ``RecordingPipeline`` does with a recording: the Whisper settings, and whether and how
/// speaker turns are found.
public struct PipelineOptions: Sendable, Equatable {
    /// How many speakers the recording holds, as far as the user knows.
    public enum Speakers: Sendable, Equatable {
        /// No speaker step: segments carry no speaker.
        case none
        /// Find the speakers and estimate how many there are.
        case estimate
        /// Exactly this many speakers: the count always wins over what the audio suggests.
        case count(Int)

        /// The count given, if any.
        public var count: Int? {
            if case .count(let count) = self { return count }
            return nil
        }
    }

    /// Language, search, fallback, speech-only windows, word timestamps.
    public var transcription: TranscriptionOptions
    /// The speaker step.
    public var speakers: Speakers
    /// The audio stream to decode (container index), or `nil` for the best one.
    public var streamIndex: Int?

    /// Creates options; the defaults transcribe only the speech, time every word, and find no speakers.
    public init(
        transcription: TranscriptionOptions = TranscriptionOptions(wordTimestamps: true, speechOnly: true), speakers: Speakers = .none,
        streamIndex: Int? = nil
    ) {
        self.transcription = transcription
        self.speakers = speakers
        self.streamIndex = streamIndex
    }
}

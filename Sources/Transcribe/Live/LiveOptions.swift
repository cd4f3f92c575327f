/// When a speech region of a growing capture is committed (transcribed for good) and how.
public struct LiveOptions: Sendable, Equatable {
    /// Silence after a region's end, in seconds, before the region is committed: the speaker
    /// has stopped, so more audio cannot change the region.
    public var trailingSilence: Double
    /// Regions longer than this (seconds) are cut at their longest inner pause, so that someone
    /// who talks without stopping still shows up in the live text.
    public var maxRegion: Double
    /// Seconds of silent audio at the end kept for the next step (a word may be starting there).
    public var holdBack: Double
    /// Characters of the previous text given to Whisper as a prompt, for continuity.
    public var promptCharacters: Int
    /// Whisper settings for the live text (greedy by default: the final transcript is the careful one).
    public var transcription: TranscriptionOptions

    /// Creates options; the defaults commit after 0.6 s of silence, cut at 25 s and decode greedily.
    public init(
        trailingSilence: Double = 0.6, maxRegion: Double = 25, holdBack: Double = 1, promptCharacters: Int = 200,
        transcription: TranscriptionOptions = TranscriptionOptions(beamSize: 1, bestOf: 1, wordTimestamps: true, speechOnly: true)
    ) {
        self.trailingSilence = trailingSilence
        self.maxRegion = maxRegion
        self.holdBack = holdBack
        self.promptCharacters = promptCharacters
        self.transcription = transcription
    }
}

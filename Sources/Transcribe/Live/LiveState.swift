/// Where a live transcript of a growing capture stands: how far the audio is transcribed and
/// where each part of the capture starts on its timeline. A ``LiveTranscriber`` step takes one
/// and returns the next; the store keeps it between steps.
public struct LiveState: Sendable, Codable, Equatable {
    /// Seconds of the capture's timeline transcribed for good: text before this never changes.
    public var transcribedUntil: Double
    /// Start of each part on the capture's timeline, for the parts whose start is known (part 0
    /// starts at 0; part k+1 starts where part k ended, known once part k is complete).
    public var partStarts: [Double]
    /// The language decoded: the capture's, or the one detected in the latest step's speech.
    public var language: String?

    /// Creates a state; the default is a capture not yet heard.
    public init(transcribedUntil: Double = 0, partStarts: [Double] = [0], language: String? = nil) {
        self.transcribedUntil = transcribedUntil
        self.partStarts = partStarts
        self.language = language
    }
}

/// What one ``LiveTranscriber`` step found: the new segments and the state that follows.
public struct LiveStep: Sendable, Equatable {
    /// Segments after the previous state's `transcribedUntil`, in order, not overlapping, in
    /// seconds on the capture's timeline (from the start of part 0), their text trimmed.
    public var segments: [Transcriber.TextSpan]
    /// The state to give to the next step.
    public var state: LiveState
    /// Where the audio decoded so far ends on the capture's timeline (the live text is
    /// `heardUntil − state.transcribedUntil` seconds behind it).
    public var heardUntil: Double
}

import Foundation

/// The live transcript of a capture being recorded: what has been transcribed so far, a few
/// seconds behind the recording. Segments are only ever appended; earlier text never changes.
public struct LiveTranscript: Codable, Sendable, Equatable {
    /// Seconds of the capture's timeline transcribed for good (0 before the first step).
    public var transcribedUntil: Double
    /// Start of each part of the capture on its timeline, as far as known (the live transcriber's state).
    public var partStarts: [Double]
    /// The language decoded, once known.
    public var language: String?
    /// The segments, in order.
    public var segments: [LiveTranscriptSegment]

    /// Creates a live transcript; the default is an empty one.
    public init(transcribedUntil: Double = 0, partStarts: [Double] = [0], language: String? = nil, segments: [LiveTranscriptSegment] = []) {
        self.transcribedUntil = transcribedUntil
        self.partStarts = partStarts
        self.language = language
        self.segments = segments
    }

    /// The text so far, segments joined by spaces.
    public var text: String { segments.map(\.text).joined(separator: " ") }
}

/// One stretch of live transcript, in seconds on the capture's timeline.
public struct LiveTranscriptSegment: Codable, Sendable, Equatable {
    /// Start, in seconds.
    public var start: Double
    /// End, in seconds.
    public var end: Double
    /// The text.
    public var text: String

    /// Creates a segment.
    public init(start: Double, end: Double, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }
}

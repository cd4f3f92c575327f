import Foundation

/// A transcript version with its segments, words and the recording's speakers, read from one
/// snapshot of the store (a concurrent edit cannot mix two versions in one answer).
public struct TranscriptDetail: Codable, Sendable, Hashable {
    /// The version.
    public var transcript: Transcript
    /// Its segments, in order.
    public var segments: [Segment]
    /// Its words, in order (segment, then position).
    public var words: [Word]
    /// The recording's speakers, by label.
    public var speakers: [Speaker]

    /// Bundles a version with its content.
    public init(transcript: Transcript, segments: [Segment], words: [Word], speakers: [Speaker]) {
        self.transcript = transcript
        self.segments = segments
        self.words = words
        self.speakers = speakers
    }
}

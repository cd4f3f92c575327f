import Foundation

/// A full-text search result.
public struct SearchHit: Sendable, Hashable, Codable {
    /// The recording.
    public var recordingID: Int64
    /// The transcript version.
    public var transcriptID: Int64
    /// The matching segment.
    public var segmentID: Int64
    /// Index of the segment in its transcript.
    public var segmentIndex: Int
    /// Start time in seconds.
    public var start: Double
    /// End time in seconds.
    public var end: Double
    /// The speaker's label, if diarized.
    public var speakerLabel: String?
    /// The segment's text.
    public var text: String
    /// The text with matches wrapped in `[` `]`.
    public var snippet: String

    /// Creates a hit (for the stores of other modules).
    public init(
        recordingID: Int64, transcriptID: Int64, segmentID: Int64, segmentIndex: Int, start: Double, end: Double,
        speakerLabel: String?, text: String, snippet: String
    ) {
        self.recordingID = recordingID
        self.transcriptID = transcriptID
        self.segmentID = segmentID
        self.segmentIndex = segmentIndex
        self.start = start
        self.end = end
        self.speakerLabel = speakerLabel
        self.text = text
        self.snippet = snippet
    }
}

import Foundation

/// The payload of an `align` job: time the words of a transcript version's segments that have
/// none (the text a person corrected), from the recording's audio. Queued by every correction,
/// run by the workers, never in the request.
public struct AlignmentRequest: JobPayload, Hashable {
    /// The job kind workers claim.
    public static let kind = "align"
    /// The model whose alignment heads time the words.
    public static let model = "whisper-base"

    /// The transcript version whose segments get words.
    public var transcriptID: Int64

    /// Creates a request.
    public init(transcriptID: Int64) {
        self.transcriptID = transcriptID
    }
}

import Foundation

/// The payload of a `live-transcribe` job: one step of a capture's live transcript (the speech
/// committed since the last step), queued after each accepted chunk and run by the workers.
public struct LiveTranscriptionRequest: JobPayload, Hashable {
    /// The job kind workers claim.
    public static let kind = "live-transcribe"
    /// Before imports and transcriptions: a step takes seconds, and the page shows it as it comes.
    public static let priority = 20
    /// The model of the live text: the default one, which the worker keeps loaded.
    public static let model = "whisper-base"

    /// The capture.
    public var captureID: Int64
    /// The capture's folder of part files (under the media directory).
    public var folder: String
    /// The capture's language, or nil to detect it from its first speech.
    public var language: String?

    /// Creates a request.
    public init(captureID: Int64, folder: String, language: String?) {
        self.captureID = captureID
        self.folder = folder
        self.language = language
    }
}

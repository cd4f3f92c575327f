/// A step of ``RecordingPipeline`` failed; `isRetryable` says whether another attempt could succeed.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    /// The step that failed (`models`, `decode`, `segment`, `transcribe`, `speakers`, `store`).
    public var step: String
    /// What went wrong and what the user can do.
    public var message: String
    /// Whether retrying may help (a crash or a busy store) or not (a damaged file).
    public var isRetryable: Bool

    /// Creates an error.
    public init(step: String, _ message: String, isRetryable: Bool) {
        self.step = step
        self.message = message
        self.isRetryable = isRetryable
    }

    /// `step: message`.
    public var description: String { "\(step): \(message)" }

    /// The pipeline was stopped because its caller asked (a cancelled job, a lost lease).
    public static func stopped(_ step: String) -> PipelineError {
        PipelineError(step: step, "stopped: the job was cancelled or handed to another worker", isRetryable: true)
    }
}

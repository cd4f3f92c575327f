import Foundation

/// What ``RetentionStore/removeOriginalMedia(recordingID:replacement:at:actorID:)`` did.
public struct MediaRemoval: Sendable, Hashable, Codable {
    /// The recording.
    public var recordingID: Int64
    /// Whether a redacted copy took the original's place.
    public var keptRedactedCopy: Bool
    /// Files removed from disk (empty when another recording still uses the file).
    public var removedFiles: [String]
    /// Files that could not be removed: delete them by hand (the recording no longer names them).
    public var failedFiles: [String]
    /// The audit event `recording.media-removed`.
    public var auditEventID: Int64?

    /// Creates a report (for the stores of other modules).
    public init(recordingID: Int64, keptRedactedCopy: Bool, removedFiles: [String], failedFiles: [String], auditEventID: Int64?) {
        self.recordingID = recordingID
        self.keptRedactedCopy = keptRedactedCopy
        self.removedFiles = removedFiles
        self.failedFiles = failedFiles
        self.auditEventID = auditEventID
    }
}

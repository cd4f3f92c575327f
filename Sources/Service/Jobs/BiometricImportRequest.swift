import Foundation

/// The payload of an `import-biometrics` job: a wearable file a user uploaded for a participant,
/// read by a worker process, never in the HTTP request (a ZIP that inflates to gigabytes or a
/// day of ECG must not take the server's memory or threads).
public struct BiometricImportRequest: JobPayload, Hashable {
    /// The job kind workers claim.
    public static let kind = "import-biometrics"
    /// Imports run before transcriptions: they take seconds, and a researcher waits for them.
    public static let priority = 10

    /// The participant whose streams the file holds.
    public var participantID: Int64
    /// The uploaded file's name in the data directory's `imports` folder (no server path).
    public var file: String
    /// The name the user gave the file, used in messages.
    public var filename: String
    /// Who uploaded it, for the audit log.
    public var actorID: Int64?

    /// Creates a request.
    public init(participantID: Int64, file: String, filename: String, actorID: Int64?) {
        self.participantID = participantID
        self.file = file
        self.filename = filename
        self.actorID = actorID
    }
}

/// Why a wearable file could not be imported. Nothing is half imported: an importer that throws
/// returns no data.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Reason: String, Sendable, Hashable {
        /// The file or folder does not exist or cannot be read.
        case unreadable
        /// The file is of another format than the importer reads.
        case wrongFormat
        /// The file ends before its structure says it should.
        case truncated
        /// The file's structure is inconsistent (a bad header field, an impossible value).
        case malformed
        /// The file lacks something only the user can give (e.g. a sample rate or start time).
        case needsInput
        /// A valid file using a feature Verbatim does not read (e.g. an unsupported WFDB format).
        case unsupported
    }

    /// Something only the user can give, named so that a front end can ask for it in its own terms.
    public enum Input: String, Sendable, Hashable {
        /// The sample rate in Hz.
        case sampleRate
        /// The absolute time of the first sample.
        case start
    }

    /// The file (or folder) concerned.
    public var file: String
    /// The kind of failure.
    public var reason: Reason
    /// What went wrong and what the user can do about it.
    public var message: String
    /// What the user must give for the import to succeed (with reason `needsInput`).
    public var missing: [Input]

    /// Creates an error.
    public init(file: String, reason: Reason, message: String, missing: [Input] = []) {
        self.file = file
        self.reason = reason
        self.message = message
        self.missing = missing
    }

    /// "file: message".
    public var description: String { "\(file): \(message)" }
}

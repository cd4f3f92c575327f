import Foundation

/// One resumable upload as it is kept on disk (`media/tus/<id>.json` beside the bytes in
/// `<id>.bin`), so that it survives a restart of the server.
struct TusUpload: Codable, Sendable, Hashable {
    /// 32 lower-case hex digits, random: the upload's URL is `/uploads/<id>`.
    var id: String
    /// The user who created it: the only one who may see, continue or end it.
    var userID: Int64
    /// The study the recording goes to.
    var studyID: Int64
    /// The whole file's size in bytes (`Upload-Length`).
    var length: Int64
    /// Bytes received and kept so far (`Upload-Offset`).
    var offset: Int64
    /// The file's name, as the client's `filename` metadata gave it.
    var filename: String?
    /// The recording's title (`title` metadata).
    var title: String?
    /// When the interview was recorded (`recordedAt` metadata, ISO 8601).
    var recordedAt: Date?
    /// The whole file's lower-case hex SHA-256 the client announced (`sha256` metadata), checked at the end.
    var sha256: String?
    /// When the upload was created.
    var createdAt: Date
    /// When it is removed unless more bytes arrive (each PATCH moves it on).
    var expiresAt: Date

    /// Whether `text` can name an upload (guards the file names made from it).
    static func isValidID(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// A new random identifier.
    static func newID() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}

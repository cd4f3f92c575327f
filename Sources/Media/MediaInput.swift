import Foundation

/// Bytes of a media file read at any offset: how FFmpeg reads a file it cannot open by path, such
/// as one encrypted at rest, without a decrypted copy on disk.
///
/// Used from one thread at a time (the decoder's); `read` blocks it.
public protocol MediaByteSource: AnyObject {
    /// Size of the file in bytes.
    var size: Int64 { get }
    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func read(offset: Int64, count: Int) throws -> Data
}

/// A media file to decode: a path, or a byte source opened when decoding starts.
public enum MediaInput: Sendable {
    /// A plain file on disk.
    case file(URL)
    /// Bytes read through a ``MediaByteSource``; `name` stands for the file in errors.
    case bytes(name: String, open: @Sendable () throws -> any MediaByteSource)

    /// The name of the file in errors and logs.
    public var name: String {
        switch self {
        case .file(let url): url.lastPathComponent
        case .bytes(let name, _): name
        }
    }
}

import Crypto
import Foundation
import Store

/// Where a capture's parts live while it is recorded: `<media>/captures/capture-<id>/part-NNN.<ext>`.
///
/// Each part file is the concatenation of its accepted chunks, in order, so it is always a
/// playable prefix of what the browser's recorder produced. A chunk is written, flushed to disk,
/// and only then recorded in the store; a write the store did not record is cut off again before
/// the next one, so a crash between the two leaves nothing half-counted.
struct CaptureFolder: Sendable {
    let url: URL
    let fileExtension: String

    init(mediaDirectory: URL, capture: Capture) {
        url = mediaDirectory.appendingPathComponent("captures", isDirectory: true)
            .appendingPathComponent("capture-\(capture.id!)", isDirectory: true)
        fileExtension = capture.mimeType.lowercased().contains("ogg") ? "ogg" : "webm"
    }

    /// The file of part `index` (from 0).
    func part(_ index: Int) -> URL {
        url.appendingPathComponent(String(format: "part-%03d.", index) + fileExtension)
    }

    /// The files of parts `0..<count` that exist, in order.
    func parts(count: Int) -> [URL] {
        (0..<count).map(part).filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Writes `bytes` at `offset` of part `index` (cutting off anything beyond `offset` first) and
    /// flushes them to disk. Blocks its thread.
    func write(_ bytes: Data, part index: Int, at offset: Int64) throws {
        try PrivateFiles.createFolder(url)
        let file = part(index)
        if !FileManager.default.fileExists(atPath: file.path) { try PrivateFiles.createFile(file) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(offset))
        try handle.seekToEnd()
        try handle.write(contentsOf: bytes)
        try handle.synchronize()
    }

    /// Cuts part `index` back to `length` bytes (undoing a write the store refused).
    func truncate(part index: Int, to length: Int64) {
        guard let handle = try? FileHandle(forWritingTo: part(index)) else { return }
        try? handle.truncate(atOffset: UInt64(length))
        try? handle.close()
    }

    /// Removes the folder and every part in it.
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Lower-case hex SHA-256 of a chunk.
    static func sha256(_ bytes: Data) -> String { Hex.encode(SHA256.hash(data: bytes)) }
}

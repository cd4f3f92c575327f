import Crypto
import Foundation
import Media
import Store

/// Where a capture's parts live while it is recorded: `<media>/captures/capture-<id>/part-NNN.<ext>`.
///
/// Each part file holds its accepted chunks, in order (sealed record by record when media are
/// encrypted at rest: ``PartialMediaFiles``), so its plain bytes are always a playable prefix of
/// what the browser's recorder produced. A chunk is written, flushed to disk, and only then
/// recorded in the store; a write the store did not record is cut off again before the next one,
/// so a crash between the two leaves nothing half-counted.
struct CaptureFolder: Sendable {
    let url: URL
    let fileExtension: String
    let studyID: Int64
    /// How the parts are written and read.
    let files: PartialMediaFiles

    init(mediaDirectory: URL, capture: Capture, files: PartialMediaFiles) {
        url = mediaDirectory.appendingPathComponent("captures", isDirectory: true)
            .appendingPathComponent("capture-\(capture.id!)", isDirectory: true)
        fileExtension = capture.mimeType.lowercased().contains("ogg") ? "ogg" : "webm"
        studyID = capture.studyID
        self.files = files
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
        let appender = try files.appender(part(index), studyID: studyID, at: offset)
        guard appender.length == offset else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: part(index).path])
        }
        try appender.append(bytes)
        try appender.flush()
    }

    /// Cuts part `index` back to `length` bytes (undoing a write the store refused).
    func truncate(part index: Int, to length: Int64) {
        guard FileManager.default.fileExists(atPath: part(index).path) else { return }
        _ = try? files.truncate(part(index), to: length)
    }

    /// Parts `0..<count` for FFmpeg: files, or sealed parts read through a decrypting reader.
    func inputs(count: Int) -> [MediaInput] {
        parts(count: count).map(files.input)
    }

    /// Removes the folder and every part in it.
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Lower-case hex SHA-256 of a chunk.
    static func sha256(_ bytes: Data) -> String { Hex.encode(SHA256.hash(data: bytes)) }
}

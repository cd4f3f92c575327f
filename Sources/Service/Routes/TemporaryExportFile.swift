import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// An export built in a private temporary file, off the request's task, then served with
/// Hummingbird's file I/O and deleted once the response body is written.
///
/// The files live in the data directory's `tmp` folder (0700; files 0600). One a client drops
/// before its body is sent stays until ``sweep(_:logger:)`` at the next start.
struct TemporaryExportFile: Sendable {
    /// Where the export is.
    let url: URL

    /// Creates `folder` if needed and runs `write` on the blocking queue (``BlockingWork``) to
    /// fill a new file there; a failed write leaves no file behind.
    static func build(
        in folder: URL, fileExtension: String, _ write: @escaping @Sendable (URL) throws -> Void
    ) async throws -> TemporaryExportFile {
        try PrivateFiles.createFolder(folder)
        let url = folder.appendingPathComponent("export-\(UUID().uuidString).\(fileExtension)")
        do {
            try await BlockingWork.run { try write(url) }
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        return TemporaryExportFile(url: url)
    }

    /// A `200` response streaming the file from disk (Hummingbird's `FileIO`, on its thread
    /// pool), which deletes the file once the body is written or has failed.
    func response(headers: HTTPFields, context: some RequestContext) async throws -> Response {
        let body: ResponseBody
        do { body = try await FileIO().loadFile(path: url.path, context: context) } catch {
            remove()
            throw error
        }
        let file = self
        let deleting = ResponseBody(contentLength: body.contentLength) { writer in
            defer { file.remove() }
            try await body.write(writer)
        }
        return Response(status: .ok, headers: headers, body: deleting)
    }

    /// Deletes the file (a missing file is fine).
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Empties `folder` of the exports a crash or a dropped connection left, and of the decrypted
    /// media copies of jobs a killed worker left (``EncryptedMediaStorage``); run at server start.
    static func sweep(_ folder: URL, logger: Logger) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var removed = 0
        for name in names where name.hasPrefix("export-") || name.hasPrefix("plain-") {
            do {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
                removed += 1
            } catch {
                logger.warning("cannot remove a left-over export", metadata: ["file": "\(name)", "error": "\(error)"])
            }
        }
        if removed > 0 { logger.info("removed left-over exports", metadata: ["files": "\(removed)"]) }
    }
}

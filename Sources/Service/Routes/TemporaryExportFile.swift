import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// An export built in a private temporary file, off the request's task, then served with
/// Hummingbird's file I/O and deleted once the response body is written.
///
/// The files live in the data directory's `tmp` folder (0700; files 0600). With media encrypted
/// at rest, the export is sealed under its study's key (``EncryptedFileFormat``) as soon as it is
/// built and the clear file removed, so that it waits for its download encrypted, and is
/// decrypted as the body is written. One a client drops before its body is sent stays until
/// ``sweep(_:logger:)`` at the next start.
struct TemporaryExportFile: Sendable {
    /// Where the export is.
    let url: URL
    /// The keys that open a sealed export, `nil` when it is kept in clear.
    let keyring: StudyKeyring?

    /// Creates `folder` if needed and runs `write` on the blocking queue (``BlockingWork``) to
    /// fill a new file there, then seals it with the study key of `sealing` when given; a failed
    /// write leaves no file behind.
    static func build(
        in folder: URL, fileExtension: String, sealing: (keyring: StudyKeyring, studyID: Int64)? = nil,
        _ write: @escaping @Sendable (URL) throws -> Void
    ) async throws -> TemporaryExportFile {
        try PrivateFiles.createFolder(folder)
        let name = "export-\(UUID().uuidString)"
        let url = folder.appendingPathComponent("\(name).\(fileExtension)")
        do {
            try await BlockingWork.run { try write(url) }
            guard let sealing else { return TemporaryExportFile(url: url, keyring: nil) }
            let sealed = folder.appendingPathComponent("\(name).sealed.\(fileExtension)")
            try await BlockingWork.run {
                do {
                    let key = try sealing.keyring.key(forStudy: sealing.studyID)
                    try EncryptedFileWriter.encrypt(url, to: sealed, studyKey: key.key, keyID: key.id)
                    try FileManager.default.removeItem(at: url)
                } catch {
                    try? FileManager.default.removeItem(at: sealed)
                    throw error
                }
            }
            return TemporaryExportFile(url: sealed, keyring: sealing.keyring)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    /// A `200` response streaming the file from disk (Hummingbird's `FileIO`, on its thread
    /// pool; a sealed one decrypted chunk by chunk), which deletes the file once the body is
    /// written or has failed.
    func response(headers: HTTPFields, context: some RequestContext) async throws -> Response {
        let body: ResponseBody
        do {
            if let keyring {
                let url = url
                let reader = try await BlockingWork.run { MediaFileResponse.SendableReader(try EncryptedFileReader(url: url, key: keyring.key(id:))) }
                body = MediaFileResponse.decryptingBody(reader, first: 0, last: reader.size - 1)
            } else {
                body = try await FileIO().loadFile(path: url.path, context: context)
            }
        } catch {
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

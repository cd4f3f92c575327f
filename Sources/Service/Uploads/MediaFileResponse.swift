import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store

/// Serves a media file for playback, whole or as one byte range, through Hummingbird's file
/// I/O (`FileIO`, reading in chunks on its own thread pool).
enum MediaFileResponse {
    /// A `200` or `206` response with the plain bytes of `contents`, honouring the request's
    /// `Range` header (parsed by ``ByteRange``: Hummingbird parses ranges only inside its
    /// `FileMiddleware`; a range outside the file gives `416`): a plain file through
    /// Hummingbird's file I/O, an encrypted one decrypted chunk by chunk as the body is written
    /// (256 KiB at a time, on the blocking queue), so memory stays flat whatever the range.
    static func make(_ contents: MediaContents, rangeHeader: String?, context: some RequestContext) async throws -> Response {
        let url: URL
        let size: Int64
        switch contents {
        case .file(let file):
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
                let fileSize = (attributes[.size] as? NSNumber)?.int64Value
            else {
                throw APIError.mediaMissing
            }
            url = file
            size = fileSize
        case .encrypted(let file, let plainSize, _):
            url = file
            size = plainSize
        }
        var headers = HTTPFields()
        headers[.acceptRanges] = "bytes"
        headers[.contentType] = contentType(for: url)
        var range = ByteRange(first: 0, last: size - 1)
        var status = HTTPResponse.Status.ok
        if let rangeHeader {
            do {
                if let requested = try ByteRange.parse(rangeHeader, size: size) {
                    range = requested
                    status = .partialContent
                    headers[.contentRange] = "bytes \(range.first)-\(range.last)/\(size)"
                }
            } catch {
                var failure = HTTPFields()
                failure[.contentRange] = "bytes */\(size)"
                failure[.contentType] = "application/json; charset=utf-8"
                let body =
                    #"{"error":{"code":"range_not_satisfiable","message":"The requested range lies outside the file of \#(size) bytes."}}"#
                return Response(status: .rangeNotSatisfiable, headers: failure, body: .init(byteBuffer: ByteBuffer(string: body)))
            }
        }
        guard size > 0 else { return Response(status: status, headers: headers, body: .init()) }
        switch contents {
        case .file:
            let body = try await FileIO().loadFile(path: url.path, range: Int(range.first)...Int(range.last), context: context)
            return Response(status: status, headers: headers, body: body)
        case .encrypted(_, _, let open):
            let reader = try await BlockingWork.run { SendableReader(try open()) }
            return Response(status: status, headers: headers, body: decryptingBody(reader, first: range.first, last: range.last))
        }
    }

    /// A body of the plain bytes `first...last` of an encrypted file, decrypted 256 KiB at a time
    /// on the blocking queue as it is written.
    static func decryptingBody(_ reader: SendableReader, first: Int64, last: Int64) -> ResponseBody {
        ResponseBody(contentLength: Int(max(0, last - first + 1))) { writer in
            var position = first
            while position <= last {
                let count = Int(min(Int64(256 * 1024), last - position + 1))
                let start = position
                let data = try await BlockingWork.run { try reader.read(offset: start, count: count) }
                try await writer.write(ByteBuffer(bytes: data))
                position += Int64(count)
            }
            try await writer.finish(nil)
        }
    }

    /// One response's decrypting reader, used by one task at a time (its body's writer), under a lock.
    final class SendableReader: @unchecked Sendable {
        let reader: EncryptedFileReader
        private let lock = NSLock()

        init(_ reader: EncryptedFileReader) { self.reader = reader }

        /// Plain size in bytes.
        var size: Int64 { reader.size }

        func read(offset: Int64, count: Int) throws -> Data {
            lock.lock()
            defer { lock.unlock() }
            return try reader.read(offset: offset, count: count)
        }
    }

    /// A MIME type from the file's extension.
    static func contentType(for url: URL) -> String {
        switch url.pathExtension.lowercased() {
        case "wav": "audio/wav"
        case "mp3": "audio/mpeg"
        case "flac": "audio/flac"
        case "ogg", "opus": "audio/ogg"
        case "m4a": "audio/mp4"
        case "mp4", "mov": "video/mp4"
        case "mkv", "webm": "video/webm"
        default: "application/octet-stream"
        }
    }
}

extension APIError {
    /// The recording's media file is gone from the media storage.
    /// 410 for a recording whose media the study's retention rule deleted without keeping a copy.
    static func mediaRemoved(_ recording: Recording) -> APIError {
        let date = recording.mediaRemovedAt.map { ISO8601DateFormatter.string(from: $0, timeZone: .gmt, formatOptions: [.withFullDate]) } ?? "?"
        return APIError(
            .gone, code: "media_removed",
            "The recording's media was deleted on \(date) under the study's retention rule; its transcript remains.",
            fr: "Le média de l’enregistrement a été supprimé le \(date) selon la règle de conservation de l’étude ; sa transcription reste.")
    }

    static let mediaMissing = APIError(
        .notFound, code: "media_missing", "The recording's media file is no longer on disk; upload it again.",
        fr: "Le fichier média de l’enregistrement n’est plus sur le disque ; déposez-le à nouveau.")
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves a media file for playback, whole or as one byte range, through Hummingbird's file
/// I/O (`FileIO`, reading in chunks on its own thread pool).
enum MediaFileResponse {
    /// A `200` or `206` response for `url`, honouring the request's `Range` header.
    ///
    /// The header is parsed by ``ByteRange`` (Hummingbird parses ranges only inside its
    /// `FileMiddleware`, not publicly); a range outside the file gives `416`.
    static func make(url: URL, rangeHeader: String?, context: some RequestContext) async throws -> Response {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let size = (attributes[.size] as? NSNumber)?.int64Value
        else {
            throw APIError.mediaMissing
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
        let body = try await FileIO().loadFile(path: url.path, range: Int(range.first)...Int(range.last), context: context)
        return Response(status: status, headers: headers, body: body)
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
    static let mediaMissing = APIError(
        .notFound, code: "media_missing", "The recording's media file is no longer on disk; upload it again.",
        fr: "Le fichier média de l’enregistrement n’est plus sur le disque ; déposez-le à nouveau.")
}

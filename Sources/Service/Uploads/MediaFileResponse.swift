import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves a media file for playback, whole or as one byte range, read in 64 KiB chunks.
enum MediaFileResponse {
    static let chunkSize = 64 * 1024

    /// A `200` or `206` response for `url`, honouring the request's `Range` header.
    static func make(url: URL, rangeHeader: String?) throws -> Response {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let size = (attributes[.size] as? NSNumber)?.int64Value
        else {
            throw APIError(.notFound, code: "media_missing", "The recording's media file is no longer on disk; upload it again.")
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
        let length = size == 0 ? 0 : range.count
        let first = range.first
        let body = ResponseBody(contentLength: Int(length)) { writer in
            guard length > 0 else {
                try await writer.finish(nil)
                return
            }
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(first))
            var remaining = length
            while remaining > 0 {
                let wanted = Int(min(Int64(chunkSize), remaining))
                guard let data = try handle.read(upToCount: wanted), !data.isEmpty else { break }
                remaining -= Int64(data.count)
                try await writer.write(ByteBuffer(bytes: data))
            }
            try await writer.finish(nil)
        }
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

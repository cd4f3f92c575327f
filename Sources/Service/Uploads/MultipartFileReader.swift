import Foundation
import MultipartKit
import NIOCore

/// Streams the file part out of a `multipart/form-data` body (RFC 7578) chunk by chunk, without
/// holding the body in memory: file bytes are handed to a callback as they arrive, small text
/// fields (such as `title`) are collected, and any further file part is skipped.
///
/// The framing (boundaries, part headers) is multipart-kit's streaming `MultipartParser`; each
/// part's `Content-Disposition` is read by ``ContentDisposition``.
struct MultipartFileReader {
    /// The body is not well-formed multipart data.
    struct Malformed: Error {
        var reason: String
    }

    /// What the parser reported while reading one chunk, in order.
    private enum Event {
        case header(name: String, value: String)
        case body(ByteBuffer)
        case partComplete
    }

    /// Collects the parser's callbacks, which cannot throw nor reach the reader's state.
    private final class Events {
        var items: [Event] = []
    }

    private enum Part {
        case pending(ContentDisposition?), file, field(String), skip
    }

    /// The most bytes a part's headers (or the preamble) may take: more is not a form.
    static let maxQuietBytes = 16_384
    /// The longest text field.
    static let maxFieldBytes = 4096

    private let parser: MultipartParser
    private let events = Events()
    private var part: Part?
    private var fieldValue: [UInt8] = []
    private var quietBytes = 0
    private var fileIsClosed = false
    /// Text fields by name (each at most 4 KiB).
    private(set) var fields: [String: String] = [:]
    /// The file part's name (``ContentDisposition/filename``), once its headers were read.
    private(set) var filename: String?

    /// A reader for the `boundary` of the request's `Content-Type`.
    init(boundary: String) {
        parser = MultipartParser(boundary: boundary)
        parser.onHeader = { [events] name, value in events.items.append(.header(name: name, value: value)) }
        parser.onBody = { [events] buffer in events.items.append(.body(buffer)) }
        parser.onPartComplete = { [events] in events.items.append(.partComplete) }
    }

    /// The boundary of a `multipart/form-data; boundary=...` content type, or `nil`.
    static func boundary(contentType: String) -> String? {
        let disposition = ContentDisposition(contentType)
        guard disposition.type == "multipart/form-data", let boundary = disposition.parameters["boundary"], !boundary.isEmpty
        else { return nil }
        return boundary
    }

    /// Whether the file part was read to the boundary that closes it and no part that began after
    /// it was left open (a body cut inside a later part's header lines loses only that part).
    var isComplete: Bool {
        guard fileIsClosed, filename != nil else { return false }
        return part == nil
    }

    /// Consumes the next bytes of the body; file bytes go to `emit`.
    mutating func consume<Bytes: Sequence>(_ bytes: Bytes, emit: (ByteBufferView) throws -> Void) throws where Bytes.Element == UInt8 {
        let chunk = ByteBuffer(bytes: bytes)
        do {
            try parser.execute(chunk)
        } catch {
            throw Malformed(reason: "a part's headers are not well-formed")
        }
        let items = events.items
        events.items.removeAll(keepingCapacity: true)
        quietBytes = items.isEmpty ? quietBytes + chunk.readableBytes : 0
        guard quietBytes <= Self.maxQuietBytes else { throw Malformed(reason: "a part's headers exceed 16 KiB") }
        // The parser hands over the body in pieces cut at every `\r`: the file's pieces of one
        // chunk are written together, not one small write each.
        var fileBytes = ByteBuffer()
        for item in items {
            switch item {
            case .header(let name, let value):
                guard name.utf8.count + value.utf8.count <= Self.maxQuietBytes else {
                    throw Malformed(reason: "a part's headers exceed 16 KiB")
                }
                if case .pending(let found) = part ?? .pending(nil) {
                    part = .pending(name.lowercased() == "content-disposition" ? ContentDisposition(value) : found)
                }
            case .body(var buffer):
                try deliver(&buffer, file: &fileBytes)
            case .partComplete:
                close()
            }
        }
        if fileBytes.readableBytes > 0 { try emit(fileBytes.readableBytesView) }
    }

    /// The kind of the current part, decided at its first byte or at its end.
    private mutating func settle() -> Part {
        guard case .pending(let disposition) = part ?? .pending(nil) else { return part! }
        let settled: Part
        if let file = disposition?.filename {
            if filename == nil {
                filename = file
                settled = .file
            } else {
                settled = .skip
            }
        } else if let name = disposition?.name {
            fieldValue = []
            settled = .field(name)
        } else {
            settled = .skip
        }
        part = settled
        return settled
    }

    private mutating func deliver(_ buffer: inout ByteBuffer, file: inout ByteBuffer) throws {
        switch settle() {
        case .file: file.writeBuffer(&buffer)
        case .field:
            guard fieldValue.count + buffer.readableBytes <= Self.maxFieldBytes else {
                throw Malformed(reason: "a text field exceeds 4 KiB")
            }
            fieldValue.append(contentsOf: buffer.readableBytesView)
        case .pending, .skip: break
        }
    }

    private mutating func close() {
        switch settle() {
        case .field(let name): fields[name] = String(decoding: fieldValue, as: UTF8.self)
        case .file: fileIsClosed = true
        case .pending, .skip: break
        }
        part = nil
    }
}

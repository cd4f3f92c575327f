import Foundation

/// Streams the file part out of a `multipart/form-data` body (RFC 7578) chunk by chunk, without
/// holding the body in memory: file bytes are handed to a callback as they arrive, small text
/// fields (such as `title`) are collected, and any further file part is skipped.
struct MultipartFileReader {
    /// The body is not well-formed multipart data.
    struct Malformed: Error {
        var reason: String
    }

    private enum State {
        case body(Part)
        case afterDelimiter
        case headers
        case done
    }

    private enum Part {
        case preamble, file, field(String), skip
    }

    private let delimiter: [UInt8]
    private var state = State.body(.preamble)
    private var pending: [UInt8] = Array("\r\n".utf8)
    private var fieldValue: [UInt8] = []
    /// Text fields by name (each at most 4 KiB).
    private(set) var fields: [String: String] = [:]
    /// The file part's `filename`, once its headers were read.
    private(set) var filename: String?

    /// A reader for the `boundary` of the request's `Content-Type`.
    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    /// The boundary of a `multipart/form-data; boundary=...` content type, or `nil`.
    static func boundary(contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            let value = part.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Whether the closing delimiter was seen.
    var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Consumes the next bytes of the body; file bytes go to `emit`.
    mutating func consume<Bytes: Sequence>(_ bytes: Bytes, emit: (ArraySlice<UInt8>) throws -> Void) throws where Bytes.Element == UInt8 {
        pending.append(contentsOf: bytes)
        var start = 0
        loop: while true {
            switch state {
            case .done:
                start = pending.count
                break loop
            case .body(let part):
                if let found = Self.find(delimiter, in: pending, from: start) {
                    try deliver(pending[start..<found], to: part, emit: emit)
                    try close(part)
                    start = found + delimiter.count
                    state = .afterDelimiter
                } else {
                    let safe = max(start, pending.count - (delimiter.count - 1))
                    try deliver(pending[start..<safe], to: part, emit: emit)
                    start = safe
                    break loop
                }
            case .afterDelimiter:
                guard pending.count - start >= 2 else { break loop }
                let marker = (pending[start], pending[start + 1])
                start += 2
                if marker == (UInt8(ascii: "-"), UInt8(ascii: "-")) {
                    state = .done
                } else if marker == (UInt8(ascii: "\r"), UInt8(ascii: "\n")) {
                    state = .headers
                } else {
                    throw Malformed(reason: "a boundary is followed by neither a line break nor `--`")
                }
            case .headers:
                guard let end = Self.find(Array("\r\n\r\n".utf8), in: pending, from: start) else {
                    guard pending.count - start < 16_384 else { throw Malformed(reason: "a part's headers exceed 16 KiB") }
                    break loop
                }
                let headers = String(decoding: pending[start..<end], as: UTF8.self)
                start = end + 4
                state = .body(part(for: headers))
            }
        }
        pending.removeFirst(start)
    }

    private mutating func part(for headers: String) -> Part {
        var name: String?
        var file: String?
        for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            for item in line.split(separator: ";").dropFirst() {
                let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if pair[0].lowercased() == "name" { name = value }
                if pair[0].lowercased() == "filename" { file = value }
            }
        }
        if let file {
            guard filename == nil else { return .skip }
            filename = file
            return .file
        }
        guard let name else { return .skip }
        fieldValue = []
        return .field(name)
    }

    private mutating func deliver(_ bytes: ArraySlice<UInt8>, to part: Part, emit: (ArraySlice<UInt8>) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        switch part {
        case .file: try emit(bytes)
        case .field:
            guard fieldValue.count + bytes.count <= 4096 else { throw Malformed(reason: "a text field exceeds 4 KiB") }
            fieldValue.append(contentsOf: bytes)
        case .preamble, .skip: break
        }
    }

    private mutating func close(_ part: Part) throws {
        if case .field(let name) = part { fields[name] = String(decoding: fieldValue, as: UTF8.self) }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count - start >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

import Foundation

/// A streaming scanner over the tags of an XML file, enough for Apple Health's `export.xml`:
/// it skips the prolog, the inline DTD, comments, CDATA and text, and yields start and end
/// tags, decoding attributes only for the elements the caller asks for. The file is read in
/// 1 MiB chunks, so memory stays flat for exports of gigabytes.
///
/// Written because FoundationXML's `XMLParser` on Linux crashes (a NULL `strlen`) on the
/// `#IMPLIED` attribute declarations that every Health export's DTD holds.
struct XMLTagScanner {
    /// One tag.
    struct Tag {
        /// The element name.
        var name: String
        /// Attributes (decoded) when the element was asked for, else empty.
        var attributes: [String: String]
        /// `</name>`.
        var isEnd: Bool
        /// `<name ... />`.
        var isSelfClosing: Bool
    }

    /// Why scanning stopped.
    enum Failure: Error {
        case truncated(line: Int)
        case malformed(line: Int, what: String)
    }

    let handle: FileHandle
    var buffer: [UInt8] = []
    var position = 0
    var atEnd = false
    var line = 1
    let chunk = 1 << 20

    /// Opens `url`; `nil` when it cannot be opened.
    init?(url: URL) {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        self.handle = handle
    }

    /// Makes at least `count` bytes available after `position`; false at end of file.
    mutating func ensure(_ count: Int) -> Bool {
        while buffer.count - position < count {
            if atEnd { return false }
            if position > 0 {
                buffer.removeSubrange(0..<position)
                position = 0
            }
            let data = (try? handle.read(upToCount: chunk)) ?? nil
            guard let data, !data.isEmpty else { atEnd = true; return buffer.count - position >= count }
            buffer.append(contentsOf: data)
        }
        return true
    }

    /// Advances past the next occurrence of `pattern`.
    mutating func skip(past pattern: [UInt8]) throws(Failure) {
        while true {
            guard ensure(pattern.count) else { throw .truncated(line: line) }
            if buffer[position] == pattern[0] {
                var match = true
                for k in 1..<pattern.count where buffer[position + k] != pattern[k] { match = false; break }
                if match { position += pattern.count; return }
            }
            if buffer[position] == 10 { line += 1 }
            position += 1
        }
    }

    /// Whether the bytes at `position` start with `prefix` (without consuming).
    mutating func lookingAt(_ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        guard ensure(p.count) else { return false }
        return buffer[position..<(position + p.count)].elementsEqual(p)
    }

    /// The next tag, or nil at the end of the file. `wanted` names elements whose attributes to decode.
    mutating func next(decoding wanted: Set<String>) throws(Failure) -> Tag? {
        while true {
            // Skip text up to the next '<'.
            while true {
                guard ensure(1) else { return nil }
                if buffer[position] == 60 { break }
                if buffer[position] == 10 { line += 1 }
                position += 1
            }
            if lookingAt("<?") { try skip(past: Array("?>".utf8)); continue }
            if lookingAt("<!--") { try skip(past: Array("-->".utf8)); continue }
            if lookingAt("<![CDATA[") { try skip(past: Array("]]>".utf8)); continue }
            if lookingAt("<!") { try skipDeclaration(); continue }
            return try tag(decoding: wanted)
        }
    }

    /// Skips `<!DOCTYPE ... [ ... ]>` or another declaration, minding brackets, quotes and comments.
    mutating func skipDeclaration() throws(Failure) {
        var depth = 0
        var quote: UInt8 = 0
        position += 2
        while true {
            guard ensure(1) else { throw .truncated(line: line) }
            let c = buffer[position]
            if c == 10 { line += 1 }
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == 34 || c == 39 {
                quote = c
            } else if c == 60, lookingAt("<!--") {
                try skip(past: Array("-->".utf8))
                continue
            } else if c == 91 {
                depth += 1
            } else if c == 93 {
                depth -= 1
            } else if c == 62, depth <= 0 {
                position += 1
                return
            }
            position += 1
        }
    }

    /// Reads one start or end tag at `position` (which holds '<').
    mutating func tag(decoding wanted: Set<String>) throws(Failure) -> Tag {
        // Find the closing '>' outside quotes, then work on that slice.
        var end = position + 1
        var quote: UInt8 = 0
        while true {
            if end >= buffer.count {
                let offset = end - position
                guard ensure(offset + 1) else { throw .truncated(line: line) }
                end = position + offset
            }
            let c = buffer[end]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == 34 || c == 39 {
                quote = c
            } else if c == 62 {
                break
            }
            end += 1
        }
        let body = buffer[(position + 1)..<end]
        for c in body where c == 10 { line += 1 }
        position = end + 1
        let isEnd = body.first == 47
        let isSelfClosing = body.last == 47
        var i = body.startIndex + (isEnd ? 1 : 0)
        let nameStart = i
        while i < body.endIndex, !Self.isSpace(body[i]), body[i] != 47 { i += 1 }
        let name = String(decoding: body[nameStart..<i], as: UTF8.self)
        guard !name.isEmpty else { throw .malformed(line: line, what: "a tag without a name") }
        var attributes: [String: String] = [:]
        if !isEnd, wanted.contains(name) {
            while true {
                while i < body.endIndex, Self.isSpace(body[i]) || body[i] == 47 { i += 1 }
                guard i < body.endIndex else { break }
                let keyStart = i
                while i < body.endIndex, body[i] != 61, !Self.isSpace(body[i]) { i += 1 }
                let key = String(decoding: body[keyStart..<i], as: UTF8.self)
                while i < body.endIndex, Self.isSpace(body[i]) { i += 1 }
                guard i < body.endIndex, body[i] == 61 else { throw .malformed(line: line, what: "attribute \(key) has no value") }
                i += 1
                while i < body.endIndex, Self.isSpace(body[i]) { i += 1 }
                guard i < body.endIndex, body[i] == 34 || body[i] == 39 else { throw .malformed(line: line, what: "attribute \(key) is not quoted") }
                let q = body[i]
                i += 1
                let valueStart = i
                while i < body.endIndex, body[i] != q { i += 1 }
                attributes[key] = Self.decodeEntities(body[valueStart..<i])
                i += 1
            }
        }
        return Tag(name: name, attributes: attributes, isEnd: isEnd, isSelfClosing: isSelfClosing)
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }

    /// Decodes the five predefined entities and numeric character references.
    static func decodeEntities(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(38) else { return String(decoding: bytes, as: UTF8.self) }
        var out = ""
        var text = Substring(String(decoding: bytes, as: UTF8.self))
        while let amp = text.firstIndex(of: "&") {
            out += text[..<amp]
            guard let semi = text[amp...].firstIndex(of: ";") else { break }
            let entity = text[text.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let scalar: UInt32? = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let scalar, let u = Unicode.Scalar(scalar) { out.unicodeScalars.append(u) } else { out += "&\(entity);" }
            }
            text = text[text.index(after: semi)...]
        }
        return out + text
    }
}

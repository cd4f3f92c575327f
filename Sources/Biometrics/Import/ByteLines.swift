/// A text file's bytes cut into lines and fields without making `String`s: the hot path of the
/// CSV importer.
///
/// Lines end at LF (a CR before it is dropped); a UTF-8 byte-order mark is skipped; blank lines
/// (only spaces, tabs, commas and semicolons) are left out. Fields are cut
/// at an ASCII separator and trimmed of spaces, tabs and double quotes, as ``TextFile/fields(_:separator:)`` does.
struct ByteLines: Sendable {
    /// Each non-blank line's byte range, without its terminator.
    let lines: [Range<Int>]

    /// Cuts `p` into lines, leaving out blank ones, and stops after `limit` lines.
    init(_ p: UnsafeBufferPointer<UInt8>, limit: Int = .max) {
        var lines: [Range<Int>] = []
        // Room for lines of 2 bytes on average: untouched capacity costs no memory, a regrowth costs a copy.
        lines.reserveCapacity(min(limit, p.count / 2 + 1))
        var start = p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
        var i = start
        while i < p.count, lines.count < limit {
            if p[i] == UInt8(ascii: "\n") {
                let line = start..<(i > start && p[i - 1] == UInt8(ascii: "\r") ? i - 1 : i)
                if !Self.isBlank(p, line) { lines.append(line) }
                start = i + 1
            }
            i += 1
        }
        if lines.count < limit {
            let last = start..<(p.count > start && p[p.count - 1] == UInt8(ascii: "\r") ? p.count - 1 : p.count)
            if !Self.isBlank(p, last) { lines.append(last) }
        }
        self.lines = lines
    }

    /// The line as text (for the few rows that are inspected as text, and for messages).
    static func text(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Substring {
        Substring(String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self))
    }

    /// Whether a line has only spaces, tabs and separators.
    static func isBlank(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for i in range {
            switch p[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ","), UInt8(ascii: ";"): continue
            default: return false
            }
        }
        return true
    }

    /// Cuts a line at `separator` into `fields` (emptied first), each trimmed of spaces, tabs and quotes.
    @inline(__always)
    static func fields(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, separator: UInt8, into fields: inout [Range<Int>]) {
        fields.removeAll(keepingCapacity: true)
        var start = range.lowerBound
        var i = start
        while true {
            if i == range.upperBound || p[i] == separator {
                var a = start, b = i
                while a < b, isTrimmed(p[a]) { a += 1 }
                while b > a, isTrimmed(p[b - 1]) { b -= 1 }
                fields.append(a..<b)
                if i == range.upperBound { return }
                start = i + 1
            }
            i += 1
        }
    }

    @inline(__always)
    static func isTrimmed(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\"")
    }

    /// A sample value as ``TextFile/value(_:)`` reads it (a number, NaN for an empty field or a gap
    /// word, `nil` for other text), without allocating for plain numbers and empty fields.
    @inline(__always)
    static func value(_ p: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> Double? {
        if field.isEmpty { return .nan }
        if let v = DecimalNumber.fastPath(p, field.lowerBound, field.upperBound) { return v }
        return TextFile.value(Substring(String(decoding: UnsafeBufferPointer(rebasing: p[field]), as: UTF8.self)))
    }
}

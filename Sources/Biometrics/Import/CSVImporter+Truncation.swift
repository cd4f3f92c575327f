/// A CSV has no length field: a file cut by a failed copy ends inside its last row, often inside a
/// number ("15926.0" cut to "159"), which would be read as a valid value.
extension CSVImporter {
    /// The last line, when it looks cut: the file does not end with a line break, and that line
    /// has fewer fields than every one of the (up to 50) lines before it, or a last field shorter
    /// than every non-empty field in that column above it. Nil otherwise.
    static func cutLastRow(_ p: UnsafeBufferPointer<UInt8>, separator: UInt8) -> Range<Int>? {
        let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        guard let lastByte = p.last, lastByte != lineFeed, lastByte != carriageReturn else { return nil }
        var start = p.count
        while start > 0, p[start - 1] != lineFeed { start -= 1 }
        let last = start..<p.count
        guard start > 0, !ByteLines.isBlank(p, last) else { return nil }
        var before: [Range<Int>] = []
        var end = start - 1  // the line feed that ends the line before
        while before.count < 50 {
            var lineStart = end
            while lineStart > 0, p[lineStart - 1] != lineFeed { lineStart -= 1 }
            let lineEnd = end > lineStart && p[end - 1] == carriageReturn ? end - 1 : end
            if !ByteLines.isBlank(p, lineStart..<lineEnd) { before.append(lineStart..<lineEnd) }
            guard lineStart > 0 else { break }
            end = lineStart - 1
        }
        guard before.count >= 2 else { return nil }
        var fields: [Range<Int>] = []
        ByteLines.fields(p, last, separator: separator, into: &fields)
        let lastFields = fields
        var fewest = Int.max, shortest = Int.max
        for line in before {
            ByteLines.fields(p, line, separator: separator, into: &fields)
            fewest = min(fewest, fields.count)
            if fields.count >= lastFields.count, !fields[lastFields.count - 1].isEmpty {
                shortest = min(shortest, fields[lastFields.count - 1].count)
            }
        }
        if lastFields.count < fewest { return last }
        return shortest < Int.max && lastFields[lastFields.count - 1].count < shortest ? last : nil
    }

    /// The note that says a cut last row was left out.
    static func cutRowNote(_ text: Substring) -> String {
        "truncated: the file ends inside its last row, \"\(text)\" (no line break after it, and shorter than the rows above): "
            + "it looks cut and was left out; copy the complete file if it was"
    }
}

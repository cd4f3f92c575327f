/// Reads the time and numeric columns of a plain CSV layout in one pass over the bytes.
///
/// Lines end at LF (a CR before it is dropped); blank lines are skipped, as ``ByteLines`` does;
/// fields are cut at the separator and trimmed of spaces, tabs and double quotes; values are
/// read as ``ByteLines/value(_:_:)`` reads them (a missing trailing field is a gap). Each column
/// is written straight into an array allocated once for the largest possible number of rows.
struct CSVColumnScanner {
    /// The field separator (ASCII).
    let separator: UInt8
    /// The column holding absolute times, if any.
    let timeColumn: Int?
    /// The numeric columns, in ascending order.
    let valueColumns: [Int]

    /// The first field that could not be read: its data row (blank lines not counted), column and line.
    struct Failure {
        var row: Int
        var column: Int
        var line: Range<Int>
    }

    /// What one pass read: the times (when there is a time column), one array per value column, or a failure.
    struct Columns {
        var times: [Double]?
        var columns: [[Double]]
        var failure: Failure?
    }

    /// Reads every line from byte `start` on; `time` reads a time field.
    func scan(
        _ p: UnsafeBufferPointer<UInt8>, from start: Int, time: (UnsafeBufferPointer<UInt8>, Range<Int>) -> Double?
    ) -> Columns {
        // Each column's slot: a value column's index, `timeSlot` for the time column, -1 for columns not read.
        let timeSlot = valueColumns.count
        let width = max(valueColumns.max() ?? 0, timeColumn ?? 0) + 1
        // A `let`: captured as a `var` by the closure below, the array was retained and released on every line.
        let slots = (0..<width).map { c in c == timeColumn ? timeSlot : valueColumns.firstIndex(of: c) ?? -1 }
        let capacity = Self.lineCount(p, from: start)
        var failure: Failure?
        let arrays = Self.makeColumns(valueColumns.count + (timeColumn == nil ? 0 : 1), capacity: capacity) { out in
            var row = 0
            var i = start
            let end = p.count
            let separator = separator
            while i < end {
                if let next = fastLine(p, from: i, row: row, slots: slots, timeSlot: timeSlot, into: out, time: time) {
                    row += 1
                    i = next
                    continue
                }
                var lineEnd = i
                while lineEnd < end, p[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                let next = lineEnd + 1
                if lineEnd > i, p[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                if ByteLines.isBlank(p, i..<lineEnd) {
                    i = next
                    continue
                }
                // The fields of the line, left to right; columns past the last field stay gaps.
                var column = 0
                var fieldStart = i
                var written = 0
                var sawTime = false
                var j = i
                while column < width {
                    if j == lineEnd || p[j] == separator {
                        let slot = slots[column]
                        if slot >= 0 {
                            var a = fieldStart, b = j
                            while a < b, ByteLines.isTrimmed(p[a]) { a += 1 }
                            while b > a, ByteLines.isTrimmed(p[b - 1]) { b -= 1 }
                            if slot == timeSlot {
                                guard let t = time(p, a..<b) else {
                                    failure = Failure(row: row, column: column, line: i..<lineEnd)
                                    return row
                                }
                                out[slot][row] = t
                                sawTime = true
                            } else {
                                guard let v = ByteLines.value(p, a..<b) else {
                                    failure = Failure(row: row, column: column, line: i..<lineEnd)
                                    return row
                                }
                                out[slot][row] = v
                                written += 1
                            }
                        }
                        column += 1
                        if j == lineEnd { break }
                        fieldStart = j + 1
                    }
                    j += 1
                }
                if let timeColumn, !sawTime {
                    failure = Failure(row: row, column: timeColumn, line: i..<lineEnd)
                    return row
                }
                while written < valueColumns.count {
                    out[written][row] = .nan
                    written += 1
                }
                row += 1
                i = next
            }
            return row
        }
        if timeColumn == nil { return Columns(times: nil, columns: arrays, failure: failure) }
        return Columns(times: arrays[timeSlot], columns: Array(arrays[..<timeSlot]), failure: failure)
    }

    /// Reads a line of plain numbers (every field read is a number, or `""`, that ends right at a
    /// separator or the line's end) without cutting it first, and gives where the next line starts; `nil` sends
    /// the line through the general path (quotes, spaces, gaps, other text, a blank line), which
    /// reads it from the start again.
    @inline(__always)
    func fastLine(
        _ p: UnsafeBufferPointer<UInt8>, from start: Int, row: Int, slots: [Int], timeSlot: Int, into out: [UnsafeMutablePointer<Double>],
        time: (UnsafeBufferPointer<UInt8>, Range<Int>) -> Double?
    ) -> Int? {
        let end = p.count
        var j = start
        var column = 0
        var written = 0
        while true {
            let slot = slots[column]
            var stop = j
            if slot < 0 {
                while stop < end, p[stop] != separator, p[stop] != UInt8(ascii: "\n") { stop += 1 }
            } else if let (value, after) = DecimalNumber.wordPrefix(p, j, end) ?? DecimalNumber.prefix(p, j, end) {
                stop = after
                if slot == timeSlot {
                    guard value > 1e8, let t = time(p, j..<stop) else { return nil }
                    out[slot][row] = t
                } else {
                    out[slot][row] = value
                    written += 1
                }
            } else if slot != timeSlot, j + 1 < end, p[j] == UInt8(ascii: "\""), p[j + 1] == UInt8(ascii: "\"") {
                // `""`, an empty quoted field: a gap.
                stop = j + 2
                out[slot][row] = .nan
                written += 1
            } else {
                return nil
            }
            // What ends the field: a separator, or the line's end (LF, CR LF or the end of the file).
            if stop < end, p[stop] == separator {
                column += 1
                j = stop + 1
                if column < slots.count { continue }
                // Past the last column read: skip the rest of the line.
                while j < end, p[j] != UInt8(ascii: "\n") { j += 1 }
                return min(j + 1, end)
            }
            var next = end
            if stop < end {
                if p[stop] == UInt8(ascii: "\n") {
                    next = stop + 1
                } else if p[stop] == UInt8(ascii: "\r"), stop + 1 == end || p[stop + 1] == UInt8(ascii: "\n") {
                    next = min(stop + 2, end)
                } else {
                    return nil
                }
            }
            // The line ended early: missing trailing value columns are gaps, a missing time is not.
            guard written > 0, timeColumn.map({ $0 <= column }) ?? true else { return nil }
            while written < timeSlot {
                out[written][row] = .nan
                written += 1
            }
            return next
        }
    }

    /// An upper bound on the lines from `start` on: the line feeds, plus one (counted eight bytes at a time).
    static func lineCount(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var count = 1
        var i = start
        let end = p.count
        guard let base = p.baseAddress else { return count }
        let raw = UnsafeRawPointer(base)
        let lineFeeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A, low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while i + 8 <= end {
            // Per-byte counters in one word, 255 words at most, then summed.
            var lanes: UInt64 = 0
            for _ in 0..<min(255, (end - i) / 8) {
                // A byte of `x` is zero where the word has a line feed; `zero` has the high bit of exactly those bytes.
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ lineFeeds
                let zero = ~(((x & low) &+ low) | x | low)
                lanes &+= zero >> 7
                i += 8
            }
            let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ ((lanes >> 8) & 0x00FF_00FF_00FF_00FF)
            count += Int((pairs &* 0x0001_0001_0001_0001) >> 48)
        }
        while i < end {
            if p[i] == UInt8(ascii: "\n") { count += 1 }
            i += 1
        }
        return count
    }

    /// `count` arrays of room for `capacity` values each, whose storage `fill` writes; each keeps the
    /// number of rows `fill` returns.
    static func makeColumns(_ count: Int, capacity: Int, _ fill: ([UnsafeMutablePointer<Double>]) -> Int) -> [[Double]] {
        var pointers: [UnsafeMutablePointer<Double>] = []
        var columns: [[Double]] = []
        func nest() -> Int {
            guard pointers.count < count else { return fill(pointers) }
            var rows = 0
            let column: [Double] = LargeArray.make(count: max(capacity, 1)) { base in
                pointers.append(base)
                rows = nest()
                return rows
            }
            columns.append(column)
            return rows
        }
        _ = nest()
        return columns.reversed()
    }
}

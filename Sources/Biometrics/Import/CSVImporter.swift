#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads plain CSV exports from rings and loggers.
///
/// The layout is inferred, and each guess can be overridden in `Options`:
/// - separator: `;`, tab or `,` (the one that splits the first data rows most consistently);
/// - header: present when the first row has text (not a number, not a time) in a column whose
///   other rows have none;
/// - time column: the first column whose values are ISO-8601 times (with or without offset)
///   or UNIX times (seconds, or milliseconds above 10^11);
/// - long layout: `time; type; value` rows (a text column between a time and a number) give one
///   stream per type;
/// - otherwise every numeric column is a stream (kind from its header name or `Options.kind`).
///
/// Without a time column the sample rate and the start must be given (a `needsInput` error
/// says so). With one, times that fall on a regular grid (every step a whole multiple of the
/// median step) give a regular stream with NaN in the missing slots; other times are kept as
/// explicit offsets. Empty rows are skipped; empty, `NA` and `NaN` fields are gaps. Rows that
/// repeat a timestamp are all kept (see ``makeStream(name:samples:notes:)``).
public struct CSVImporter: Sendable {
    /// Overrides for what the importer would otherwise infer.
    public struct Options: Sendable {
        /// Samples per second, for a file without a time column.
        public var sampleRate: Double?
        /// Absolute time of the first row, for a file without absolute times.
        public var start: Date?
        /// The field separator; inferred when nil.
        public var separator: Character?
        /// Whether the first row names the columns; inferred when nil.
        public var hasHeader: Bool?
        /// Seconds east of UTC for ISO-8601 times written without an offset (default UTC).
        public var utcOffset: Int
        /// The kind of a column whose name does not say (and of a headerless file's columns).
        public var kind: ChannelKind
        /// The unit of such columns.
        public var unit: String
        /// The device or source name given to the streams.
        public var source: String
        /// The participant written into the streams.
        public var participant: String?
        /// The kind of named columns (or long-layout types), whatever their names suggest, by name
        /// (letter case ignored): `["hr": .bvp]` for a column `hr` that holds raw PPG.
        public var columnKinds: [String: ChannelKind]
        /// The unit of named columns, by name (letter case ignored); otherwise the kind's usual unit.
        public var columnUnits: [String: String]

        /// Creates options; every field is optional.
        public init(
            sampleRate: Double? = nil, start: Date? = nil, separator: Character? = nil, hasHeader: Bool? = nil, utcOffset: Int = 0,
            kind: ChannelKind = .other, unit: String = "", source: String = "CSV", participant: String? = nil,
            columnKinds: [String: ChannelKind] = [:], columnUnits: [String: String] = [:]
        ) {
            self.sampleRate = sampleRate
            self.start = start
            self.separator = separator
            self.hasHeader = hasHeader
            self.utcOffset = utcOffset
            self.kind = kind
            self.unit = unit
            self.source = source
            self.participant = participant
            self.columnKinds = columnKinds
            self.columnUnits = columnUnits
        }
    }

    /// The options in force.
    public var options: Options

    /// Creates an importer.
    public init(options: Options = Options()) { self.options = options }

    /// Imports the file at `url`.
    public func read(_ url: URL) throws(ImportError) -> BiometricImport {
        let data = try TextFile.contents(url)
        return try data.withUnsafeBytes { raw in
            Result { () throws(ImportError) in try read(buffer: raw.bindMemory(to: UInt8.self), file: url.path) }
        }.get()
    }

    /// Imports CSV text; `file` names it in errors.
    public func read(text: String, file: String) throws(ImportError) -> BiometricImport {
        try read(bytes: Array(text.utf8), file: file)
    }

    /// How the rows are laid out, inferred from the first rows (and `options`).
    struct Layout {
        var separator: Character
        var width: Int
        var hasHeader: Bool
        var names: [String]
        var timeColumn: Int?
        /// `time; type; value` rows.
        var isLong: Bool
        var valueColumns: [Int]
    }

    /// Infers the layout from the first rows of the file (`head`, split into fields) and the widest row.
    func layout(head: [[Substring]], separator: Character, width: Int, file: String) throws(ImportError) -> Layout {
        let firstIsHeader = options.hasHeader ?? Self.startsWithHeader(head)
        let names: [String] =
            firstIsHeader
            ? (0..<width).map { $0 < head[0].count ? String(head[0][$0]) : "column \($0 + 1)" }
            : (0..<width).map { "column \($0 + 1)" }
        let probe = head.dropFirst(firstIsHeader ? 1 : 0).prefix(50)
        guard !probe.isEmpty else { throw ImportError(file: file, reason: .malformed, message: "the file has a header but no data rows") }
        // A time column: its first field a time, and at most one in ten of the others not (a bad
        // time is then an error that names its row, not a file without time column).
        let timeColumn = (0..<width).first { c in
            let fields = probe.compactMap { c < $0.count && !$0[c].isEmpty ? $0[c] : nil }
            guard let first = fields.first, absoluteTime(first) != nil else { return false }
            return fields.filter { self.absoluteTime($0) == nil }.count * 10 <= fields.count
        }
        var isLong = false
        if let t = timeColumn, width >= t + 3 {
            isLong = probe.allSatisfy { t + 1 < $0.count && TextFile.value($0[t + 1]) == nil }
        }
        let valueColumns = (0..<width).filter { c in
            c != timeColumn && probe.contains { c < $0.count && !$0[c].isEmpty }
                && probe.allSatisfy { c >= $0.count || TextFile.value($0[c]) != nil }
        }
        return Layout(
            separator: separator, width: width, hasHeader: firstIsHeader, names: names, timeColumn: timeColumn, isLong: isLong,
            valueColumns: valueColumns)
    }

    /// Whether the first row names the columns: some field of it is text (neither a number nor a
    /// time) where the rows below hold none, so that the type column of a headerless
    /// `time; type; value` file does not make its first row a header. A lone text row is a header.
    static func startsWithHeader(_ head: [[Substring]]) -> Bool {
        func isText(_ field: Substring) -> Bool { !field.isEmpty && TextFile.value(field) == nil && CivilTime.parseISO8601(field) == nil }
        let below = head.dropFirst()
        return head[0].indices.contains { c in
            isText(head[0][c]) && below.allSatisfy { c >= $0.count || !isText($0[c]) }
        }
    }

    /// Imports CSV bytes. With an ASCII separator, plain layouts (a time column or none, numeric
    /// columns) are read straight from the bytes in one pass (``CSVColumnScanner``), and so is the
    /// long layout (``readLong(_:from:separator:timeColumn:rowOffset:file:)``); other separators
    /// through text lines.
    func read(bytes: [UInt8], file: String) throws(ImportError) -> BiometricImport {
        try bytes.withUnsafeBufferPointer { p in Result { () throws(ImportError) in try read(buffer: p, file: file) } }.get()
    }

    /// Imports CSV bytes held in `p`.
    func read(buffer p: UnsafeBufferPointer<UInt8>, file: String) throws(ImportError) -> BiometricImport {
        func fail(_ reason: ImportError.Reason, _ message: String) -> ImportError {
            ImportError(file: file, reason: reason, message: message)
        }
        func allLines() -> [Substring] {
            let all = ByteLines(p)
            return all.lines.map { ByteLines.text(p, $0) }
        }
        // The layout comes from the first rows only; the data rows are then read in one pass.
        let rows = ByteLines(p, limit: 51).lines
        guard !rows.isEmpty else { throw fail(.malformed, "the file has no rows") }
        let separator = options.separator ?? Self.inferSeparator(ArraySlice(rows.prefix(20).map { ByteLines.text(p, $0) }))
        guard let separatorByte = separator.asciiValue else { return try read(lines: allLines(), file: file) }
        if let cut = Self.cutLastRow(p, separator: separatorByte) {
            var result = try read(buffer: UnsafeBufferPointer(rebasing: p[..<cut.lowerBound]), file: file)
            result.notes.append(Self.cutRowNote(ByteLines.text(p, cut)))
            return result
        }
        let head = rows.map { TextFile.fields(ByteLines.text(p, $0), separator: separator) }
        var layout = try layout(head: head, separator: separator, width: head.map(\.count).max() ?? 0, file: file)
        if let t = layout.timeColumn, layout.width < t + 3 {
            // Only the long-layout test looks past the first rows' width: give it the widest row.
            let widest = ByteLines(p).lines.reduce(0) { widest, line in
                max(widest, line.reduce(1) { p[$1] == separator.asciiValue! ? $0 + 1 : $0 })
            }
            if widest > layout.width { layout = try self.layout(head: head, separator: separator, width: widest, file: file) }
        }
        if let t = layout.timeColumn, layout.isLong {
            return try readLong(
                p, from: layout.hasHeader ? rows[0].upperBound : rows[0].lowerBound, separator: separatorByte, timeColumn: t,
                rowOffset: layout.hasHeader ? 2 : 1, file: file)
        }
        guard !layout.valueColumns.isEmpty else {
            throw fail(.malformed, "no numeric column found; check the separator (give Options.separator)")
        }
        let rowOffset = layout.hasHeader ? 2 : 1
        var rate = 0.0
        var start = Date(timeIntervalSince1970: 0)
        if layout.timeColumn == nil { (rate, start) = try givenTiming(file: file) }
        let scanner = CSVColumnScanner(separator: separator.asciiValue!, timeColumn: layout.timeColumn, valueColumns: layout.valueColumns)
        let dataStart = layout.hasHeader ? rows[0].upperBound : rows[0].lowerBound
        let scanned = scanner.scan(p, from: dataStart) { p, field in absoluteTime(p, field) }
        if let bad = scanned.failure {
            let row = TextFile.fields(ByteLines.text(p, bad.line), separator: separator)
            let field: Substring = bad.column < row.count ? row[bad.column] : ""
            if bad.column == layout.timeColumn {
                throw fail(.malformed, "row \(bad.row + rowOffset) has no readable time in column \(bad.column + 1): \"\(field)\"")
            }
            throw fail(.malformed, "row \(bad.row + rowOffset), column \(bad.column + 1) is not a number: \"\(field)\"")
        }
        var streams: [TimeSeries] = []
        var notes: [String] = []
        if let times = scanned.times {
            for (k, c) in layout.valueColumns.enumerated() where scanned.columns[k].contains(where: { !$0.isNaN }) {
                streams.append(makeStream(name: layout.names[c], times: times, values: scanned.columns[k], notes: &notes))
            }
        } else {
            for (k, c) in layout.valueColumns.enumerated() {
                let (kind, unit) = kindAndUnit(of: layout.names[c])
                streams.append(
                    TimeSeries(
                        participant: options.participant, source: options.source, kind: kind, label: layout.names[c], unit: unit,
                        start: start, timing: .regular(hz: rate), values: scanned.columns[k]))
            }
        }
        return BiometricImport(format: .csv, streams: streams, notes: notes)
    }

    /// Imports CSV lines through text (the long layout, non-ASCII separators).
    func read(lines allLines: [Substring], file: String) throws(ImportError) -> BiometricImport {
        func fail(_ reason: ImportError.Reason, _ message: String) -> ImportError {
            ImportError(file: file, reason: reason, message: message)
        }
        let lines = allLines.filter { !TextFile.isBlank($0) }
        guard !lines.isEmpty else { throw fail(.malformed, "the file has no rows") }
        let separator = options.separator ?? Self.inferSeparator(lines.prefix(20))
        var rows = lines.map { TextFile.fields($0, separator: separator) }
        let width = rows.map(\.count).max() ?? 0
        let layout = try layout(head: Array(rows.prefix(51)), separator: separator, width: width, file: file)
        let firstIsHeader = layout.hasHeader
        if firstIsHeader { rows.removeFirst() }
        let timeColumn = layout.timeColumn
        let names = layout.names
        var notes: [String] = []
        // Long layout: time, then a text column (the type), then a numeric value column.
        if let t = timeColumn, layout.isLong {
            let typeColumn = t + 1
            var groups: [String: [(Double, Double)]] = [:]
            var order: [String] = []
            for (r, row) in rows.enumerated() {
                guard row.count > t + 2, let time = absoluteTime(row[t]), let value = TextFile.value(row[t + 2]) else {
                    let text = row.joined(separator: String(separator))
                    let number = r + 1 + (firstIsHeader ? 1 : 0)
                    throw fail(.malformed, "row \(number) is not \"time\(separator) type\(separator) value\": \"\(text)\"")
                }
                let type = String(row[typeColumn])
                if groups[type] == nil { order.append(type) }
                groups[type, default: []].append((time, value))
            }
            let streams = order.map { type in makeStream(name: type, samples: groups[type]!, notes: &notes) }
            return BiometricImport(format: .csv, streams: streams, notes: notes)
        }
        let valueColumns = layout.valueColumns
        guard !valueColumns.isEmpty else { throw fail(.malformed, "no numeric column found; check the separator (give Options.separator)") }
        var streams: [TimeSeries] = []
        if let t = timeColumn {
            var columns = [[(Double, Double)]](repeating: [], count: valueColumns.count)
            for (r, row) in rows.enumerated() {
                guard t < row.count, let time = absoluteTime(row[t]) else {
                    throw fail(
                        .malformed,
                        "row \(r + 1 + (firstIsHeader ? 1 : 0)) has no readable time in column \(t + 1): \"\(t < row.count ? row[t] : "")\""
                    )
                }
                for (k, c) in valueColumns.enumerated() {
                    let field: Substring = c < row.count ? row[c] : ""
                    guard let v = TextFile.value(field) else {
                        throw fail(.malformed, "row \(r + 1 + (firstIsHeader ? 1 : 0)), column \(c + 1) is not a number: \"\(field)\"")
                    }
                    columns[k].append((time, v))
                }
            }
            for (k, c) in valueColumns.enumerated() where columns[k].contains(where: { !$0.1.isNaN }) {
                streams.append(makeStream(name: names[c], samples: columns[k], notes: &notes))
            }
        } else {
            let (rate, start) = try givenTiming(file: file)
            for c in valueColumns {
                var values: [Double] = []
                values.reserveCapacity(rows.count)
                for (r, row) in rows.enumerated() {
                    let field: Substring = c < row.count ? row[c] : ""
                    guard let v = TextFile.value(field) else {
                        throw fail(.malformed, "row \(r + 1 + (firstIsHeader ? 1 : 0)), column \(c + 1) is not a number: \"\(field)\"")
                    }
                    values.append(v)
                }
                let (kind, unit) = kindAndUnit(of: names[c])
                streams.append(
                    TimeSeries(
                        participant: options.participant, source: options.source, kind: kind, label: names[c], unit: unit,
                        start: start, timing: .regular(hz: rate), values: values))
            }
        }
        return BiometricImport(format: .csv, streams: streams, notes: notes)
    }

    /// The rate and start of a file without a time column, as the options give them.
    func givenTiming(file: String) throws(ImportError) -> (rate: Double, start: Date) {
        guard let rate = options.sampleRate, rate > 0 else {
            throw ImportError(
                file: file, reason: .needsInput,
                message: "the file has no time column: give the sample rate (Options.sampleRate) and the start time (Options.start)",
                missing: options.start == nil ? [.sampleRate, .start] : [.sampleRate])
        }
        guard let start = options.start else {
            throw ImportError(
                file: file, reason: .needsInput,
                message: "the file has no time column: give the start time of its first row (Options.start)",
                missing: [.start])
        }
        return (rate, start)
    }

    /// Seconds since 1970 of an absolute time field read from bytes: numbers without making a `String`.
    @inline(__always)
    func absoluteTime(_ p: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> Double? {
        if let n = DecimalNumber.fastPath(p, field.lowerBound, field.upperBound) { return Self.unixTime(n) }
        return absoluteTime(Substring(String(decoding: UnsafeBufferPointer(rebasing: p[field]), as: UTF8.self)))
    }

    /// Seconds since 1970 of an absolute time field (ISO-8601, or UNIX seconds/milliseconds) up to
    /// the year 2286 (10^10 s); nil for anything else (`inf`, `1e300`, a year 99999).
    func absoluteTime(_ field: Substring) -> Double? {
        if let n = Double(field) { return Self.unixTime(n) }
        guard let t = CivilTime.parseISO8601(field, defaultOffset: options.utcOffset)?.timeIntervalSince1970, abs(t) <= 1e10 else {
            return nil
        }
        return t
    }

    /// A UNIX time in seconds (above 10^8, i.e. from 1973) or milliseconds (above 10^11), to 10^10 s.
    @inline(__always)
    static func unixTime(_ n: Double) -> Double? {
        let seconds = n > 1e11 ? n / 1000 : n
        return seconds > 1e8 && seconds <= 1e10 ? seconds : nil
    }

    /// The separator that splits the sample lines into the same, largest number of fields.
    static func inferSeparator(_ lines: ArraySlice<Substring>) -> Character {
        var best: Character = ",", bestScore = 0
        for candidate: Character in [";", "\t", ","] {
            let counts = lines.map { $0.reduce(0) { $1 == candidate ? $0 + 1 : $0 } }
            guard let first = counts.first, first > 0 else { continue }
            let consistent = counts.filter { $0 == first }.count
            if consistent * 100 + first > bestScore { best = candidate; bestScore = consistent * 100 + first }
        }
        return best
    }

    /// The kind and unit of a column: as `Options.columnKinds` and `columnUnits` name them, else as
    /// its name suggests, else `Options.kind` and `unit`.
    func kindAndUnit(of name: String) -> (ChannelKind, String) {
        func named<Value>(_ table: [String: Value]) -> Value? {
            table.first { $0.key.lowercased() == name.lowercased() }?.value
        }
        let unit = named(options.columnUnits)
        if let kind = named(options.columnKinds) { return (kind, unit ?? kind.usualUnit ?? options.unit) }
        let suggested = Self.kind(named: name, default: (options.kind, options.unit))
        return (suggested.0, unit ?? suggested.1)
    }

    /// The kind and unit a column name suggests.
    static func kind(named name: String, default fallback: (ChannelKind, String)) -> (ChannelKind, String) {
        let n = name.lowercased().filter { $0.isLetter || $0.isNumber }
        switch n {
        case "hr", "heartrate", "bpm", "pulse", "pulserate": return (.heartRate, "bpm")
        case "ibi", "rr", "rri", "rrinterval", "ibis": return (.rrInterval, "s")
        case "eda", "gsr", "scl", "skinconductance": return (.eda, "uS")
        case "temp", "temperature", "skintemp", "skintemperature": return (.temperature, "degC")
        case "bvp", "ppg": return (.bvp, "a.u.")
        case "accx", "x": return (.accX, "g")
        case "accy", "y": return (.accY, "g")
        case "accz", "z": return (.accZ, "g")
        case "steps", "stepcount": return (.steps, "count")
        case "spo2": return (.oxygenSaturation, "%")
        default: return fallback
        }
    }
}

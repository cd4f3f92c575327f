#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads a PhysioNet WFDB record: the `.hea` header, its signal files (formats 16, 212, 61, 80,
/// 24 and 32) and, if present, annotation files such as `.atr` (beat labels become `beat`
/// markers).
///
/// Physical value = (digital − baseline) / gain (gain 200 when the header leaves it 0 or out).
/// The invalid-sample codes (−32768 in format 16, −2048 in 212) become NaN gaps. The header's
/// base time and date carry no time zone: they are read at `utcOffset` seconds east of UTC
/// (default 0, noted). A record without a base date needs `start`.
public struct WFDBImporter: Sendable {
    /// Seconds east of UTC of the clock that wrote the base time.
    public var utcOffset: Int?
    /// The absolute start to use instead of the header's (required when it has no base date).
    public var start: Date?
    /// Annotation file extensions to read when present.
    public var annotators: [String]
    /// The participant written into the streams.
    public var participant: String?

    /// Creates an importer.
    public init(utcOffset: Int? = nil, start: Date? = nil, annotators: [String] = ["atr"], participant: String? = nil) {
        self.utcOffset = utcOffset
        self.start = start
        self.annotators = annotators
        self.participant = participant
    }

    struct SignalSpec {
        var file: String
        var format: Int
        var gain: Double
        var baseline: Int
        var unit: String
        var description: String
    }

    /// Imports the record whose header is `url` (`name.hea`, or the record path without extension).
    public func read(_ url: URL) throws(ImportError) -> BiometricImport {
        let header = url.pathExtension == "hea" ? url : url.appendingPathExtension("hea")
        let directory = header.deletingLastPathComponent()
        let file = header.path
        func fail(_ reason: ImportError.Reason, _ message: String) -> ImportError { ImportError(file: file, reason: reason, message: message) }
        let lines = try TextFile.lines(of: header).map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
            .filter { !TextFile.isBlank($0) }
        guard let recordLine = lines.first else { throw fail(.wrongFormat, "the header has no record line") }
        let record = recordLine.split(separator: " ")
        guard record.count >= 2, let signalCount = Int(record[1]) else { throw fail(.wrongFormat, "the first line must read \"name nsig [fs [nsamp [time [date]]]]\"") }
        guard signalCount > 0 else {
            throw fail(
                .malformed, "the header announces \(signalCount) signals; a record to import needs at least one (check the record line)")
        }
        guard !record[0].contains("/") else { throw fail(.unsupported, "multi-segment records are not supported; import each segment") }
        let fs = record.count > 2 ? Double(record[2].split(separator: "/").first?.split(separator: "(").first ?? "") ?? 250 : 250
        guard fs > 0, fs < 1e7 else { throw fail(.malformed, "impossible sampling frequency \(fs)") }
        let declaredLength = record.count > 3 ? Int(record[3]) : nil
        guard lines.count >= 1 + signalCount else { throw fail(.malformed, "the header names \(signalCount) signals but describes \(lines.count - 1)") }
        var specs: [SignalSpec] = []
        for line in lines[1...signalCount] {
            let f = line.split(separator: " ")
            guard f.count >= 2, let format = Int(f[1].prefix { $0.isNumber }) else { throw fail(.malformed, "bad signal line \"\(line)\"") }
            guard !f[1].contains("x"), !f[1].contains(":"), !f[1].contains("+") else {
                throw fail(.unsupported, "signal format modifiers (samples per frame, skew, byte offset) are not supported: \"\(f[1])\"")
            }
            var gain = 200.0, baseline: Int?, unit = "mV"
            if f.count > 2 {
                var g = Substring(f[2])
                if let slash = g.firstIndex(of: "/") { unit = String(g[g.index(after: slash)...]); g = g[..<slash] }
                if let open = g.firstIndex(of: "("), let close = g[open...].firstIndex(of: ")") {
                    baseline = Int(g[g.index(after: open)..<close])
                    g = g[..<open]
                }
                guard let v = Double(g), v.isFinite else {
                    throw fail(.malformed, "bad ADC gain field \"\(f[2])\" (it reads gain[(baseline)][/units], e.g. 200(0)/mV)")
                }
                if v != 0 { gain = v }
            }
            let adcZero = f.count > 4 ? Int(f[4]) ?? 0 : 0
            let description = f.count > 8 ? f[8...].joined(separator: " ") : "signal \(specs.count)"
            specs.append(SignalSpec(file: String(f[0]), format: format, gain: gain, baseline: baseline ?? adcZero, unit: unit, description: description))
        }
        // Decode each signal file, whose frames interleave the signals that name it.
        var values = [[Double]](repeating: [], count: signalCount)
        var order: [String] = []
        for spec in specs where !order.contains(spec.file) { order.append(spec.file) }
        for name in order {
            let members = specs.indices.filter { specs[$0].file == name }
            let formats = Set(members.map { specs[$0].format })
            guard formats.count == 1, let format = formats.first else { throw fail(.unsupported, "signals in \(name) mix formats") }
            guard WFDBSampleDecoder.formats.contains(format) else {
                throw ImportError(
                    file: directory.appendingPathComponent(name).path, reason: .unsupported,
                    message: "WFDB signal format \(format) is not supported (16, 212, 61, 80, 24, 32 are)")
            }
            let decoder = WFDBSampleDecoder(format: format, signals: members.count)
            try TextFile.contents(directory.appendingPathComponent(name)).withUnsafeBytes { bytes in
                let frames = decoder.frameCount(byteCount: bytes.count)
                for (k, s) in members.enumerated() {
                    values[s] = decoder.decode(bytes, signal: k, frames: frames, gain: specs[s].gain, baseline: specs[s].baseline)
                }
            }
        }
        var notes: [String] = []
        let length = values.map(\.count).min() ?? 0
        if let declaredLength, declaredLength > length {
            throw fail(.truncated, "the header announces \(declaredLength) samples per signal but the signal files hold \(length); copy the complete record")
        }
        // Start time.
        var startDate = start
        if startDate == nil {
            guard record.count > 5 else {
                throw ImportError(
                    file: file, reason: .needsInput, message: "the header has no base date; give the recording's start time (start)",
                    missing: [.start])
            }
            let t = record[4].split(separator: ":"), d = record[5].split(separator: "/")
            guard t.count >= 2, d.count == 3, let day = Int(d[0]), let month = Int(d[1]), let year = Int(d[2]) else {
                throw fail(.malformed, "base time/date must read hh:mm:ss dd/mm/yyyy")
            }
            let seconds = t.map { Double($0) ?? -1 }
            guard seconds.allSatisfy({ $0 >= 0 && $0 < 100 }) else { throw fail(.malformed, "base time must read hh:mm:ss") }
            let (h, m, s) = t.count == 3 ? (Int(seconds[0]), Int(seconds[1]), seconds[2]) : (0, Int(seconds[0]), seconds[1])
            startDate = CivilTime.date(year: year, month: month, day: day, hour: h, minute: m, second: s, utcOffset: utcOffset ?? 0)
            if utcOffset == nil { notes.append("the header's base time has no time zone; read as UTC") }
        }
        guard let begin = startDate else { throw fail(.malformed, "impossible base date") }
        let source = header.deletingPathExtension().lastPathComponent
        let streams = specs.enumerated().map { s, spec in
            TimeSeries(participant: participant, source: source, kind: EDFImporter.kind(of: spec.description), label: spec.description,
                              unit: spec.unit, start: begin, timing: .regular(hz: fs),
                              values: values[s].count > length ? Array(values[s].prefix(length)) : values[s])
        }
        var markers: [Marker] = []
        for annotator in annotators {
            let annotationURL = header.deletingPathExtension().appendingPathExtension(annotator)
            guard FileManager.default.fileExists(atPath: annotationURL.path) else { continue }
            for (sample, label) in try WFDBAnnotations.read(TextFile.read(annotationURL), file: annotationURL.path) {
                markers.append(Marker(time: begin.addingTimeInterval(Double(sample) / fs), label: label, kind: .beat, source: "\(source).\(annotator)"))
            }
        }
        return BiometricImport(format: .wfdb, streams: streams, markers: markers, notes: notes)
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads EDF, EDF+ (continuous and discontinuous, with "EDF Annotations" TALs) and BDF/BDF+
/// (24-bit) files, including annotation-only files such as hypnograms.
///
/// Values are converted to physical units with
/// `(digital - dmin) * (pmax - pmin) / (dmax - dmin) + pmin`. The two-digit start year follows
/// the 1985–2084 rule (an EDF+ `Startdate dd-MMM-yyyy` in the recording field wins). EDF times
/// carry no time zone: they are read at `utcOffset` seconds east of UTC (default 0, noted in the
/// result). The patient field (name, birth date) is never imported; its omission is reported.
/// A file shorter than its header says is rejected unless `keepCompleteRecords` is set, in
/// which case the complete data records are kept and the shortfall is noted. Trigger channels
/// (BioSemi `Status`, EDF `Trigger`) become markers, not streams; kinds come from each signal's
/// label and transducer field.
public struct EDFImporter: Sendable {
    /// Seconds east of UTC of the clock that wrote the start time.
    public var utcOffset: Int?
    /// Keep the complete data records of a truncated file instead of rejecting it.
    public var keepCompleteRecords: Bool
    /// The participant written into the streams.
    public var participant: String?

    /// Creates an importer.
    public init(utcOffset: Int? = nil, keepCompleteRecords: Bool = false, participant: String? = nil) {
        self.utcOffset = utcOffset
        self.keepCompleteRecords = keepCompleteRecords
        self.participant = participant
    }

    struct Signal {
        var label: String
        var transducer: String
        var unit: String
        var physicalMin: Double, physicalMax: Double
        var digitalMin: Double, digitalMax: Double
        var samplesPerRecord: Int
        var isAnnotation: Bool { label == "EDF Annotations" || label == "BDF Annotations" }
    }

    /// Imports the file at `url`, reading it through a memory map where the system allows.
    public func read(_ url: URL) throws(ImportError) -> BiometricImport {
        let data = try TextFile.contents(url)
        return try data.withUnsafeBytes { raw in Result { () throws(ImportError) in try read(raw: raw, file: url.path) } }.get()
    }

    /// Imports a file held in memory; `file` names it in errors and as the stream source.
    public func read(bytes: [UInt8], file: String) throws(ImportError) -> BiometricImport {
        try bytes.withUnsafeBytes { raw in Result { () throws(ImportError) in try read(raw: raw, file: file) } }.get()
    }

    /// Imports the file's bytes: the header as text, the data records with ``EDFSampleDecoder``.
    func read(raw bytes: UnsafeRawBufferPointer, file: String) throws(ImportError) -> BiometricImport {
        func fail(_ reason: ImportError.Reason, _ message: String) -> ImportError { ImportError(file: file, reason: reason, message: message) }
        guard bytes.count >= 256 else { throw fail(bytes.isEmpty ? .wrongFormat : .truncated, "shorter than an EDF header (256 bytes)") }
        func text(_ offset: Int, _ length: Int) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]), as: UTF8.self).trimmingSpaces
        }
        let isBDF = bytes[0] == 0xFF && text(1, 7) == "BIOSEMI"
        guard isBDF || text(0, 8) == "0" else {
            throw fail(.wrongFormat, "not an EDF or BDF file (the version field is neither \"0\" nor BIOSEMI)")
        }
        func number(_ offset: Int, _ length: Int, _ name: String) throws(ImportError) -> Double {
            guard let v = Double(text(offset, length)), v.isFinite else { throw fail(.malformed, "header field \(name) is not a number: \"\(text(offset, length))\"") }
            return v
        }
        func integer(_ offset: Int, _ length: Int, _ name: String) throws(ImportError) -> Int {
            let v = try number(offset, length, name)
            guard v == v.rounded(), abs(v) < 1e12 else { throw fail(.malformed, "header field \(name) is not a whole number: \"\(text(offset, length))\"") }
            return Int(v)
        }
        let recording = text(88, 80)
        let reserved = text(192, 44)
        let isPlus = reserved.hasPrefix("EDF+") || reserved.hasPrefix("BDF+")
        let discontinuous = reserved.hasPrefix("EDF+D") || reserved.hasPrefix("BDF+D")
        let headerBytes = try integer(184, 8, "header size")
        var recordCount = try integer(236, 8, "number of data records")
        let recordDuration = try number(244, 8, "data record duration")
        guard recordDuration >= 0 else { throw fail(.malformed, "negative data record duration") }
        let signalCount = try integer(252, 4, "number of signals")
        guard signalCount > 0, headerBytes == 256 * (signalCount + 1) else { throw fail(.malformed, "header size \(headerBytes) does not match \(signalCount) signals") }
        guard bytes.count >= headerBytes else { throw fail(.truncated, "the file ends inside its signal headers") }
        var signals: [Signal] = []
        for s in 0..<signalCount {
            func field(_ base: Int, _ length: Int) -> (Int, Int) { (256 + base * signalCount + s * length, length) }
            let (lo, ll) = field(0, 16)
            let (to, tl) = field(16, 80)
            let (uo, ul) = field(96, 8)
            let (pmino, _) = field(104, 8), (pmaxo, _) = field(112, 8)
            let (dmino, _) = field(120, 8), (dmaxo, _) = field(128, 8)
            let (no, _) = field(216, 8)
            let signal = Signal(label: text(lo, ll), transducer: text(to, tl), unit: text(uo, ul),
                                physicalMin: try number(pmino, 8, "physical minimum"), physicalMax: try number(pmaxo, 8, "physical maximum"),
                                digitalMin: try number(dmino, 8, "digital minimum"), digitalMax: try number(dmaxo, 8, "digital maximum"),
                                samplesPerRecord: try integer(no, 8, "samples per record"))
            guard signal.digitalMax != signal.digitalMin, signal.samplesPerRecord >= 0, signal.samplesPerRecord < 1 << 24 else { throw fail(.malformed, "signal \(signal.label) has equal digital minimum and maximum") }
            signals.append(signal)
        }
        let width = isBDF ? 3 : 2
        let recordSize = signals.reduce(0) { $0 + $1.samplesPerRecord } * width
        guard recordSize > 0 else { throw fail(.malformed, "data records hold no samples") }
        var notes: [String] = []
        let available = (bytes.count - headerBytes) / recordSize
        if recordCount < 0 {
            recordCount = available
        } else if available < recordCount {
            guard keepCompleteRecords else {
                throw fail(.truncated, "the header announces \(recordCount) data records but the file holds \(available) complete ones; the download is incomplete (import with keepCompleteRecords to keep them)")
            }
            notes.append("truncated: kept \(available) of \(recordCount) data records")
            recordCount = available
        }
        // Start time: dd.mm.yy hh.mm.ss with the 1985–2084 rule, or the EDF+ four-digit year.
        let d = text(168, 8).split(separator: "."), t = text(176, 8).split(separator: ".")
        guard d.count == 3, t.count == 3, let day = Int(d[0]), let month = Int(d[1]), let yy = Int(d[2]),
              let hour = Int(t[0]), let minute = Int(t[1]), let second = Int(t[2]) else {
            throw fail(.malformed, "start date/time must read dd.mm.yy hh.mm.ss")
        }
        var year = yy >= 85 ? 1900 + yy : 2000 + yy
        if isPlus, let fullYear = Self.plusYear(recording) { year = fullYear }
        let offset = utcOffset ?? 0
        if utcOffset == nil { notes.append("the file's start time has no time zone; read as UTC") }
        guard let start = CivilTime.date(year: year, month: month, day: day, hour: hour, minute: minute, second: Double(second), utcOffset: offset) else {
            throw fail(.malformed, "impossible start date \(text(168, 8)) \(text(176, 8))")
        }
        // Annotations and record onsets, record by record (annotation signals are short).
        var offsets: [Int] = []
        var recordPosition = 0
        for signal in signals {
            offsets.append(recordPosition)
            recordPosition += signal.samplesPerRecord * width
        }
        var recordOnsets: [Double] = []
        recordOnsets.reserveCapacity(recordCount)
        var markers: [Marker] = []
        let source = URL(fileURLWithPath: file).lastPathComponent
        let annotationSignals = signals.indices.filter { signals[$0].isAnnotation }
        for record in 0..<recordCount {
            var onset: Double?
            for s in annotationSignals {
                let at = headerBytes + record * recordSize + offsets[s]
                let tals = Self.parseTALs(ArraySlice(UnsafeRawBufferPointer(rebasing: bytes[at..<(at + signals[s].samplesPerRecord * width)])))
                for (index, tal) in tals.enumerated() {
                    if index == 0 && onset == nil && tal.texts.isEmpty { onset = tal.onset; continue }
                    for label in tal.texts {
                        markers.append(Marker(time: start.addingTimeInterval(tal.onset), duration: tal.duration, label: label, kind: .annotation, source: source))
                    }
                }
            }
            recordOnsets.append(onset ?? Double(record) * recordDuration)
        }
        guard recordOnsets.allSatisfy({ $0.isFinite && abs($0) < 1e9 }) else {
            throw fail(.malformed, "a data record's time-keeping annotation gives an impossible onset")
        }
        // EDF+D gaps become NaN slots: at most 8 times the recorded time, so that a wrong onset
        // (a record 28 years later) is an error, not an allocation of hundreds of gigabytes.
        let recorded = Double(recordCount) * recordDuration
        if discontinuous, recordDuration > 0, let first = recordOnsets.first,
            let last = recordOnsets.indices.max(by: { recordOnsets[$0] < recordOnsets[$1] }),
            recordOnsets[last] - first + recordDuration > 8 * recorded
        {
            throw fail(
                .malformed,
                "data record \(last + 1) starts \(recordOnsets[last]) s after the start: its gap is far longer than the \(recorded) s "
                    + "recorded; the file's time-keeping annotations are wrong (or split the recording where it pauses)")
        }
        // The samples, signal by signal, straight from the bytes into physical units.
        var streams: [TimeSeries] = []
        for (s, signal) in signals.enumerated() where !signal.isAnnotation {
            let rate = Double(signal.samplesPerRecord) / recordDuration
            guard rate > 0 else { continue }
            guard rate < 1e6 else { throw fail(.malformed, "signal \(signal.label) would be sampled at \(rate) Hz; the record duration is wrong") }
            let decoder = EDFSampleDecoder(
                digitalMin: signal.digitalMin, physicalMin: signal.physicalMin,
                scale: (signal.physicalMax - signal.physicalMin) / (signal.digitalMax - signal.digitalMin))
            if Self.isTrigger(signal.label) {
                markers += Self.triggerMarkers(
                    bytes, first: headerBytes + offsets[s], stride: recordSize, perRecord: signal.samplesPerRecord, width: width,
                    onsets: recordOnsets, recordDuration: recordDuration, rate: rate, start: start, source: source)
                continue
            }
            var values = decoder.decode(
                bytes, first: headerBytes + offsets[s], stride: recordSize, records: recordCount, perRecord: signal.samplesPerRecord, bdf: isBDF)
            if discontinuous { values = Self.fillGaps(values, perRecord: signal.samplesPerRecord, onsets: recordOnsets, rate: rate) }
            let firstOnset = isPlus ? (recordOnsets.first ?? 0) : 0
            streams.append(TimeSeries(participant: participant, source: source, kind: Self.kind(of: signal.label, transducer: signal.transducer), label: signal.label,
                                      unit: signal.unit, start: start.addingTimeInterval(firstOnset), timing: .regular(hz: rate), values: values))
        }
        let format: BiometricImport.Format = isBDF ? .bdf : (isPlus ? .edfPlus : .edf)
        let omitted = text(8, 80).isEmpty ? [] : ["the patient identification field (may hold a name and birth date)"]
        return BiometricImport(format: format, streams: streams, markers: markers, omitted: omitted, notes: notes)
    }

    /// One time-stamped annotation list: `+onset[\x15duration]\x14text\x14...\x00`.
    struct TAL: Equatable {
        var onset: Double
        var duration: Double?
        var texts: [String]
    }

    /// Parses the TALs of one annotation-signal record.
    static func parseTALs(_ bytes: ArraySlice<UInt8>) -> [TAL] {
        var tals: [TAL] = []
        for chunk in bytes.split(separator: 0, omittingEmptySubsequences: true) {
            let parts = chunk.split(separator: 0x14, omittingEmptySubsequences: false)
            guard let head = parts.first else { continue }
            let timing = head.split(separator: 0x15, omittingEmptySubsequences: false)
            guard let onset = Double(String(decoding: timing[0], as: UTF8.self)) else { continue }
            let duration = timing.count > 1 ? Double(String(decoding: timing[1], as: UTF8.self)) : nil
            let texts = parts.dropFirst().map { String(decoding: $0, as: UTF8.self) }.filter { !$0.isEmpty }
            tals.append(TAL(onset: onset, duration: duration, texts: texts))
        }
        return tals
    }

    /// The four-digit year of an EDF+ recording field (`Startdate 02-MAR-2002 ...`).
    static func plusYear(_ recording: String) -> Int? {
        let words = recording.split(separator: " ")
        guard words.count >= 2, words[0] == "Startdate" else { return nil }
        let parts = words[1].split(separator: "-")
        guard parts.count == 3, let year = Int(parts[2]), year > 1900 else { return nil }
        return year
    }

    /// Places EDF+D records at their onsets on a regular grid, NaN in between.
    static func fillGaps(_ values: [Double], perRecord: Int, onsets: [Double], rate: Double) -> [Double] {
        guard let first = onsets.first else { return values }
        var out: [Double] = []
        out.reserveCapacity(values.count)
        for (r, onset) in onsets.enumerated() {
            let at = Int(((onset - first) * rate).rounded())
            if at > out.count { out.append(contentsOf: repeatElement(.nan, count: at - out.count)) }
            out.append(contentsOf: values[(r * perRecord)..<((r + 1) * perRecord)])
        }
        return out
    }
}

extension String {
    /// The string without leading and trailing spaces (and NULs, which some writers pad with).
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\0" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\0" { s.removeLast() }
        return String(s)
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads an Empatica E4 export: a folder, or the ZIP downloaded from E4 connect, holding one
/// CSV per channel (ACC, BVP, EDA, HR, IBI, TEMP, tags).
///
/// Row 1 of each channel file is the UNIX start time (UTC seconds), row 2 the rate in Hz, then
/// the samples. ACC has three columns in 1/64 g and is converted to g. HR starts 10 s after the
/// others: each file's own start is kept. IBI.csv holds (offset s, interval s) pairs after a
/// `start, IBI` row and becomes an irregular `rrInterval` stream. tags.csv rows (UNIX times of
/// button presses) become `tag` markers.
public struct EmpaticaE4Importer: Sendable {
    /// The source name given to the streams.
    public var source: String
    /// The participant written into the streams.
    public var participant: String?

    /// Creates an importer.
    public init(source: String = "Empatica E4", participant: String? = nil) {
        self.source = source
        self.participant = participant
    }

    /// The channel files, by upper-cased base name.
    static let channelFiles = ["ACC", "BVP", "EDA", "HR", "IBI", "TEMP", "TAGS"]

    /// Imports a folder or a `.zip` file.
    public func read(_ url: URL) throws(ImportError) -> BiometricImport {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ImportError(file: url.path, reason: .unreadable, message: "no such file or folder; give the E4 export folder or its ZIP")
        }
        var files: [String: (name: String, bytes: [UInt8])] = [:]
        if let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) {
            for name in names {
                let base = Self.baseName(name)
                guard Self.channelFiles.contains(base) else { continue }
                let fileURL = url.appendingPathComponent(name)
                files[base] = (fileURL.path, try TextFile.read(fileURL))
            }
        } else {
            var archive = try ZipArchive(url: url)
            for entry in archive.entries where !entry.isDirectory && !entry.path.hasPrefix("__MACOSX") {
                let base = Self.baseName(entry.name)
                guard Self.channelFiles.contains(base) else { continue }
                files[base] = ("\(url.path)/\(entry.path)", try archive.contents(of: entry))
            }
        }
        guard files.keys.contains(where: { $0 != "TAGS" }) else {
            throw ImportError(file: url.path, reason: .wrongFormat, message: "no E4 channel file (ACC.csv, BVP.csv, EDA.csv, HR.csv, IBI.csv, TEMP.csv) found; is this an Empatica E4 export?")
        }
        var streams: [TimeSeries] = []
        var markers: [Marker] = []
        let regular: [(String, [(ChannelKind, String)], String, Double)] = [
            ("ACC", [(.accX, "ACC x"), (.accY, "ACC y"), (.accZ, "ACC z")], "g", 1.0 / 64.0),
            ("BVP", [(.bvp, "BVP")], "a.u.", 1),
            ("EDA", [(.eda, "EDA")], "uS", 1),
            ("HR", [(.heartRate, "HR")], "bpm", 1),
            ("TEMP", [(.temperature, "TEMP")], "degC", 1),
        ]
        for (base, channels, unit, scale) in regular {
            guard let file = files[base] else { continue }
            streams += try regularChannels(file.bytes, file: file.name, channels: channels, unit: unit, scale: scale)
        }
        if let file = files["IBI"], let ibi = try intervals(file.bytes, file: file.name) { streams.append(ibi) }
        if let file = files["TAGS"] {
            for (number, line) in TextFile.lines(of: file.bytes).enumerated() where !TextFile.isBlank(line) {
                guard let time = TextFile.number(TextFile.fields(line, separator: ",")[0]) else {
                    throw ImportError(file: file.name, reason: .malformed, message: "line \(number + 1) is not a UNIX time: \"\(line)\"")
                }
                markers.append(Marker(time: Date(timeIntervalSince1970: time), label: "tag", kind: .tag, source: source))
            }
        }
        return BiometricImport(format: .empaticaE4, streams: streams, markers: markers)
    }

    static func baseName(_ name: String) -> String {
        let upper = name.uppercased()
        return upper.hasSuffix(".CSV") ? String(upper.dropLast(4)) : ""
    }

    func regularChannels(_ bytes: [UInt8], file: String, channels: [(ChannelKind, String)], unit: String, scale: Double) throws(ImportError) -> [TimeSeries] {
        let lines = TextFile.lines(of: bytes)
        guard lines.count >= 2 else {
            throw ImportError(file: file, reason: .malformed, message: "an E4 channel file needs a start-time row and a rate row; the export is incomplete")
        }
        let head = TextFile.fields(lines[0], separator: ",")
        let rateFields = TextFile.fields(lines[1], separator: ",")
        guard let start = TextFile.number(head[0]).flatMap(CSVImporter.unixTime), let rate = TextFile.number(rateFields[0]), rate > 0,
            rate.isFinite
        else {
            throw ImportError(file: file, reason: .malformed, message: "rows 1–2 must be the UNIX start time and the sample rate in Hz")
        }
        var columns = [[Double]](repeating: [], count: channels.count)
        for c in columns.indices { columns[c].reserveCapacity(lines.count) }
        for index in 2..<lines.count {
            let line = lines[index]
            if line.isEmpty && index == lines.count - 1 { break }
            let fields = TextFile.fields(line, separator: ",")
            for c in 0..<channels.count {
                guard c < fields.count, let v = TextFile.value(fields[c]) else {
                    throw ImportError(file: file, reason: .malformed, message: "line \(index + 1) should hold \(channels.count) number(s): \"\(line)\"")
                }
                columns[c].append(v * scale)
            }
        }
        return channels.enumerated().map { c, channel in
            TimeSeries(participant: participant, source: source, kind: channel.0, label: channel.1, unit: unit,
                       start: Date(timeIntervalSince1970: start), timing: .regular(hz: rate), values: columns[c])
        }
    }

    func intervals(_ bytes: [UInt8], file: String) throws(ImportError) -> TimeSeries? {
        let lines = TextFile.lines(of: bytes)
        guard let first = lines.first, !TextFile.isBlank(first) else { return nil }
        guard let start = TextFile.number(TextFile.fields(first, separator: ",")[0]).flatMap(CSVImporter.unixTime) else {
            throw ImportError(
                file: file, reason: .malformed,
                message: "row 1 must be \"<UNIX start>, IBI\" (got \"\(first)\"); the file was cut, copy it again")
        }
        var offsets: [Double] = [], values: [Double] = []
        for index in 1..<lines.count where !TextFile.isBlank(lines[index]) {
            let fields = TextFile.fields(lines[index], separator: ",")
            // Offsets in seconds from the start (within ten years), intervals in seconds.
            guard fields.count >= 2, let t = TextFile.number(fields[0]), let ibi = TextFile.number(fields[1]),
                (0...3e8).contains(t), ibi.isFinite
            else {
                throw ImportError(
                    file: file, reason: .malformed, message: "line \(index + 1) should be \"offset, interval\": \"\(lines[index])\"")
            }
            offsets.append(t)
            values.append(ibi)
        }
        guard !values.isEmpty else {
            throw ImportError(
                file: file, reason: .truncated,
                message: "IBI.csv holds its start row but no beat: it was cut, or the E4 found no beat; "
                    + "copy the complete export, or leave IBI.csv out to import the other channels")
        }
        return TimeSeries(participant: participant, source: source, kind: .rrInterval, label: "IBI", unit: "s",
                          start: Date(timeIntervalSince1970: start), timing: .irregular(offsets: offsets), values: values)
    }
}

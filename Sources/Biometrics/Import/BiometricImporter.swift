import Foundation  // FileHandle, to read only the first bytes of a possibly huge file

/// Recognises a wearable file's format from its content (and, for WFDB and CSV, its name) and
/// imports it with the matching importer — the entry point for `verbatim import FILE...`.
public struct BiometricImporter: Sendable {
    /// The participant written into every stream.
    public var participant: String?
    /// Keep GPS positions from FIT files.
    public var includeLocation: Bool
    /// Keep the complete part of a truncated FIT or EDF file instead of rejecting it.
    public var keepPartial: Bool
    /// Seconds east of UTC for formats whose times carry no zone (EDF, WFDB, CSV without offsets).
    public var utcOffset: Int?
    /// The absolute time of the first sample, for files that carry none (a WFDB record without a
    /// base date, a CSV without a time column); it overrides `csv.start`.
    public var start: Date?
    /// Options for CSV files (rate, start, separator...).
    public var csv: CSVImporter.Options

    /// Creates an importer.
    public init(
        participant: String? = nil, includeLocation: Bool = false, keepPartial: Bool = false, utcOffset: Int? = nil,
        start: Date? = nil, csv: CSVImporter.Options = .init()
    ) {
        self.participant = participant
        self.includeLocation = includeLocation
        self.keepPartial = keepPartial
        self.utcOffset = utcOffset
        self.start = start
        self.csv = csv
    }

    /// The format of the file or folder at `url`, or nil when it is none Verbatim reads.
    public static func detect(_ url: URL) -> BiometricImport.Format? {
        let manager = FileManager.default
        if let names = try? manager.contentsOfDirectory(atPath: url.path) {
            return names.contains { EmpaticaE4Importer.channelFiles.contains(EmpaticaE4Importer.baseName($0)) } ? .empaticaE4 : nil
        }
        if url.pathExtension.lowercased() == "hea" { return .wfdb }
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .empaticaE4 }
        if head.count >= 12, head[8..<12].elementsEqual(".FIT".utf8) { return .fit }
        if head.count >= 8, head[0] == 0xFF, head[1..<8].elementsEqual("BIOSEMI".utf8) { return .bdf }
        if head.count >= 256, head[0..<8].elementsEqual("0       ".utf8) { return .edf }
        let text = String(decoding: head, as: UTF8.self)
        if text.contains("<HealthData") || text.contains("<!DOCTYPE HealthData") { return .appleHealth }
        if ["csv", "txt", "tsv"].contains(url.pathExtension.lowercased()) { return .csv }
        return nil
    }

    /// Imports the file or folder at `url`, whatever its format.
    public func read(_ url: URL) throws(ImportError) -> BiometricImport {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ImportError(file: url.path, reason: .unreadable, message: "no such file or folder")
        }
        guard let format = Self.detect(url) else {
            throw ImportError(file: url.path, reason: .wrongFormat, message: "not a format Verbatim reads (Empatica E4 folder or ZIP, Garmin FIT, EDF/EDF+/BDF, WFDB .hea, Apple Health export.xml, CSV)")
        }
        switch format {
        case .empaticaE4: return try EmpaticaE4Importer(participant: participant).read(url)
        case .fit: return try FITImporter(includeLocation: includeLocation, keepCompleteMessages: keepPartial, participant: participant).read(url)
        case .edf, .edfPlus, .bdf: return try EDFImporter(utcOffset: utcOffset, keepCompleteRecords: keepPartial, participant: participant).read(url)
        case .wfdb: return try WFDBImporter(utcOffset: utcOffset, start: start, participant: participant).read(url)
        case .appleHealth: return try AppleHealthImporter(participant: participant).read(url)
        case .csv:
            var options = csv
            options.participant = participant ?? options.participant
            options.start = start ?? options.start
            if let utcOffset { options.utcOffset = utcOffset }
            return try CSVImporter(options: options).read(url)
        }
    }
}

import ArgumentParser
import Biometrics
import Foundation
import Store

/// `verbatim import FILE... --study ID --participant PSEUDONYM [--data DIR]` (or `--dry-run`, which
/// needs neither study nor participant): reads wearable exports
/// (format detected from their content) and stores their streams and markers for a participant,
/// losslessly, all files in one transaction.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import wearable exports (Empatica E4, Garmin FIT, EDF/BDF, WFDB, Apple Health, CSV) for a participant.",
        discussion: """
            The format is recognised from each file's content. Every file is read before anything is \
            stored, and all their streams and markers are stored in one transaction: if one file cannot \
            be read or stored, nothing is imported. --dry-run reads and describes the files and stores \
            nothing. GPS positions are left out unless --keep-location is given; what is left out is \
            listed. A CSV without a time column needs --rate and --start; a WFDB record whose header \
            has no base date needs --start.
            """
    )

    @Argument(help: "The files or folders (an Empatica E4 folder or ZIP, .fit, .edf, .bdf, .hea, export.xml, .csv).")
    var files: [String]

    @Option(help: "The study's id (not needed with --dry-run).")
    var study: Int64?

    @Option(help: "The participant's pseudonym in that study (not needed with --dry-run).")
    var participant: String?

    @Option(
        help: ArgumentHelp("The data directory, as serve, worker and admin take it: the store is DIR/verbatim.sqlite.", valueName: "dir"))
    var data: String?

    @Option(help: "Sample rate in Hz, for a CSV without a time column.")
    var rate: Double?

    @Option(
        help: """
            UTC time of the first sample (ISO 8601, e.g. 2024-03-01T09:30:00Z), for a CSV without a time column or a WFDB \
            record without a base date.
            """)
    var start: String?

    @Option(
        help: """
            What a CSV's columns measure: KIND for its unnamed columns, COLUMN=KIND for a named one, whatever its name \
            suggests (e.g. --kind hr=bvp; repeatable). Kinds: \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")).
            """)
    var kind: [String] = []

    @Option(
        help: "The unit of a CSV's columns: UNIT for its unnamed columns, COLUMN=UNIT for a named one (e.g. --unit hr=a.u.; repeatable).")
    var unit: [String] = []

    @Option(help: "The device name given to a CSV's streams.")
    var device: String?

    @Flag(help: "Keep GPS positions from FIT files (personal data: left out by default).")
    var keepLocation = false

    @Flag(help: "Read the files and print what they hold; store nothing.")
    var dryRun = false

    @OptionGroup var location: StoreLocation

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file or folder to import") }
        if !dryRun && (study == nil || participant == nil) {
            throw ValidationError(
                "give --study ID and --participant PSEUDONYM to say whose data this is (only --dry-run, which stores nothing, goes without)"
            )
        }
        if data != nil && (location.store != StoreLocation.defaultStore || location.database != nil) {
            throw ValidationError("give the data directory (--data DIR) or the store (--store FILE or --database ADDRESS), not both")
        }
        if let rate, !(rate > 0 && rate.isFinite) { throw ValidationError("--rate must be a positive number of Hz") }
        for entry in kind where ChannelKind(rawValue: Self.assignment(entry)?.value ?? entry) == nil {
            let kinds = ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--kind \(entry): the kind must be one of \(kinds) (KIND or COLUMN=KIND)")
        }
        if let start, Self.parseTime(start) == nil {
            throw ValidationError("--start must be an ISO 8601 time such as 2024-03-01T09:30:00Z (got \(start))")
        }
    }

    func run() throws {
        // The target first (not for a dry run, which needs no store), then every file: a bad one
        // stops the import before anything is stored.
        var target: (store: any Store, participantID: Int64)?
        if !dryRun, let studyID = study, let pseudonym = participant {
            var location = location
            if let data { location.store = DatabaseAddress.sqliteFile(inDataFolder: data) }
            let store = try location.open()
            let found = try waitForStore { () -> Participant in
                _ = try await store.requireStudy(studyID)
                return try await store.requireParticipant(studyID: studyID, pseudonym: pseudonym)
            }
            target = (store, found.id!)
        }
        var imports: [BiometricImport] = []
        for file in files {
            let imported = try read(URL(fileURLWithPath: file))
            guard !imported.streams.isEmpty || !imported.markers.isEmpty else {
                throw CommandLineError("\(file) holds no data channel or marker Verbatim can store; nothing was imported.")
            }
            imports.append(imported)
        }
        guard let (store, participantID) = target, let studyID = study, let pseudonym = participant else {
            for (file, imported) in zip(files, imports) { print(Self.description(imported, file: file)) }
            print("Dry run: nothing was stored.")
            return
        }
        let batch = imports
        let stored = try waitForStore {
            try await store.importBiometrics(batch, studyID: studyID, participantID: participantID)
        }
        for (index, file) in files.enumerated() {
            print(
                Self.summary(
                    imports[index], stored: stored.streams[index], markers: stored.markers[index], file: file, pseudonym: pseudonym,
                    studyID: studyID))
        }
    }

    /// Reads the file with the Biometrics importers, turning their library hints into command-line ones.
    func read(_ url: URL) throws -> BiometricImport {
        var csv = CSVImporter.Options(sampleRate: rate, start: start.flatMap(Self.parseTime), participant: participant)
        for entry in kind {
            if let (column, value) = Self.assignment(entry) {
                csv.columnKinds[column] = ChannelKind(rawValue: value)
            } else {
                csv.kind = ChannelKind(rawValue: entry) ?? .other
            }
        }
        for entry in unit {
            if let (column, value) = Self.assignment(entry) { csv.columnUnits[column] = value } else { csv.unit = entry }
        }
        if let device { csv.source = device }
        let importer = BiometricImporter(
            participant: participant, includeLocation: keepLocation, start: start.flatMap(Self.parseTime), csv: csv)
        do {
            return try importer.read(url)
        } catch {
            throw CommandLineError("\(error.description)\(Self.hint(for: error.missing))\nNothing was imported.")
        }
    }

    /// `COLUMN=VALUE` split at its last `=`, or nil for a bare value.
    static func assignment(_ entry: String) -> (column: String, value: String)? {
        guard let equals = entry.lastIndex(of: "="), equals != entry.startIndex else { return nil }
        return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
    }

    /// The options that give what an importer said it lacks (only those: a WFDB header has its rate).
    static func hint(for missing: [ImportError.Input]) -> String {
        guard !missing.isEmpty else { return "" }
        let options = missing.map { $0 == .sampleRate ? "--rate HZ" : "--start TIME" }.joined(separator: " and ")
        let example = missing.map { $0 == .sampleRate ? "--rate 32" : "--start 2024-03-01T09:30:00Z" }.joined(separator: " ")
        return "\nOn the command line: \(options) (e.g. \(example))."
    }

    /// What was stored, left out and noticed, one line per stream.
    static func summary(
        _ imported: BiometricImport, stored: [BiometricStream], markers: [BiometricMarker], file: String, pseudonym: String, studyID: Int64
    ) -> String {
        var lines = ["Imported \(imported.format.rawValue) from \(file) for \(pseudonym) (study \(studyID)): \(stored.count) stream(s)."]
        for stream in stored {
            let timing = stream.sampleRate.map { "\(format($0)) Hz" } ?? "irregular"
            let label = stream.label.isEmpty ? "" : " \"\(stream.label)\""
            lines.append(
                "  stream \(stream.id.map(String.init) ?? "?"): \(stream.kind)\(label) [\(stream.unit)] \(stream.sampleCount) samples, "
                    + "\(timing), from \(stream.startTime.ISO8601Format())")
        }
        lines += markerLines(markers.count, ids: markers.compactMap(\.id))
        lines += omittedAndNotes(imported)
        return lines.joined(separator: "\n")
    }

    /// What a file holds (for --dry-run): channels, rates, durations, time spans, markers, what is left out.
    static func description(_ imported: BiometricImport, file: String) -> String {
        var lines = ["\(file): \(imported.format.rawValue), \(imported.streams.count) stream(s), \(imported.markers.count) marker(s)."]
        lines += imported.streams.map(streamLine)
        lines += imported.markers.prefix(5).map(markerLine)
        if imported.markers.count > 5 { lines.append("  ... and \(imported.markers.count - 5) more marker(s)") }
        lines += omittedAndNotes(imported)
        return lines.joined(separator: "\n")
    }

    /// One stream of a dry run: kind, label, unit, samples and gaps, timing, duration and time span.
    static func streamLine(_ series: TimeSeries) -> String {
        let timing = series.sampleRate.map { "\(format($0)) Hz" } ?? "irregular"
        let label = series.label.isEmpty ? "" : " \"\(series.label)\""
        let gaps = series.count - series.validCount
        let span = series.start.ISO8601Format() + " – " + series.end.ISO8601Format()
        return
            "  \(series.kind.rawValue)\(label) [\(series.unit)] \(series.count) samples (\(gaps) gaps), \(timing), \(format(series.duration)) s, \(span)"
    }

    /// One marker of a dry run.
    static func markerLine(_ marker: Marker) -> String {
        "  marker \(marker.kind.rawValue) \"\(marker.label)\" at \(marker.time.ISO8601Format())"
    }

    static func markerLines(_ count: Int, ids: [Int64]) -> [String] {
        guard count > 0 else { return [] }
        let shown = ids.prefix(10).map(String.init).joined(separator: ", ")
        return ["  markers: \(count) stored (ids \(shown)\(ids.count > 10 ? ", ..." : "")); list them with `verbatim biometrics markers`."]
    }

    static func omittedAndNotes(_ imported: BiometricImport) -> [String] {
        var lines: [String] = []
        if imported.omitted.isEmpty {
            lines.append("Omitted: nothing.")
        } else {
            lines.append("Omitted (personal or unsupported data):")
            // The library names its option; the command line has a flag for it.
            lines += imported.omitted.map {
                "  - " + $0.replacingOccurrences(of: "set includeLocation to keep them", with: "pass --keep-location to keep them")
            }
        }
        lines += imported.notes.map { "Note: \($0)" }
        let warnings = imported.warnings
        lines += warnings.map { "Warning: \($0)" }
        if !warnings.isEmpty && imported.format == .csv {
            lines.append("  A CSV column's kind and unit can be named: --kind COLUMN=KIND --unit COLUMN=UNIT (e.g. --kind hr=bvp).")
        }
        return lines
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// Parses an ISO 8601 time with or without fractional seconds.
    static func parseTime(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

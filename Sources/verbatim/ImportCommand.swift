import ArgumentParser
import Biometrics
import Foundation
import Store

/// `verbatim import FILE_OR_FOLDER --study ID --participant PSEUDONYM`: reads a wearable export
/// (format detected from its content) and stores its streams for a participant, losslessly.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a wearable export (Empatica E4, Garmin FIT, EDF/BDF, WFDB, Apple Health, CSV) for a participant.",
        discussion: """
            The format is recognised from the file's content. GPS positions are left out unless \
            --keep-location is given; what is left out is listed. A CSV without a time column needs \
            --rate and --start.
            """
    )

    @Argument(help: "The file or folder (an Empatica E4 folder or ZIP, .fit, .edf, .bdf, .hea, export.xml, .csv).")
    var file: String

    @Option(help: "The study's id.")
    var study: Int64

    @Option(help: "The participant's pseudonym in that study.")
    var participant: String

    @Option(help: "Sample rate in Hz, for a CSV without a time column.")
    var rate: Double?

    @Option(help: "UTC time of the first row (ISO 8601, e.g. 2024-03-01T09:30:00Z), for a CSV without a time column.")
    var start: String?

    @Option(help: "What a CSV's unnamed columns measure (\(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))).")
    var kind: String?

    @Option(help: "The unit of a CSV's unnamed columns (e.g. bpm, uS, a.u.).")
    var unit: String?

    @Option(help: "The device name given to a CSV's streams.")
    var device: String?

    @Flag(help: "Keep GPS positions from FIT files (personal data: left out by default).")
    var keepLocation = false

    @OptionGroup var location: StoreLocation

    func validate() throws {
        if let rate, !(rate > 0 && rate.isFinite) { throw ValidationError("--rate must be a positive number of Hz") }
        if let kind, ChannelKind(rawValue: kind) == nil {
            throw ValidationError("--kind must be one of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let start, Self.parseTime(start) == nil {
            throw ValidationError("--start must be an ISO 8601 time such as 2024-03-01T09:30:00Z (got \(start))")
        }
    }

    func run() throws {
        let store = try location.open()
        let (studyID, pseudonym) = (study, participant)
        let target = try waitForStore { () -> Participant in
            _ = try await store.requireStudy(studyID)
            return try await store.requireParticipant(studyID: studyID, pseudonym: pseudonym)
        }
        let imported = try read(URL(fileURLWithPath: file))
        guard !imported.streams.isEmpty else {
            throw CommandLineError("\(file) holds no data channel Verbatim can store; nothing was imported.")
        }
        let participantID = target.id!
        let stored = try waitForStore {
            try await store.importBiometrics(imported, studyID: studyID, participantID: participantID)
        }
        print(Self.summary(imported, stored: stored, file: file, pseudonym: pseudonym, studyID: studyID))
    }

    /// Reads the file with the Biometrics importers, turning their library hints into command-line ones.
    func read(_ url: URL) throws -> BiometricImport {
        var csv = CSVImporter.Options(sampleRate: rate, start: start.flatMap(Self.parseTime), participant: participant)
        if let kind { csv.kind = ChannelKind(rawValue: kind) ?? .other }
        if let unit { csv.unit = unit }
        if let device { csv.source = device }
        let importer = BiometricImporter(participant: participant, includeLocation: keepLocation, csv: csv)
        do {
            return try importer.read(url)
        } catch {
            guard error.reason == .needsInput else { throw error }
            throw CommandLineError(
                "\(error.description)\nOn the command line: --rate HZ and --start TIME (e.g. --rate 32 --start 2024-03-01T09:30:00Z).")
        }
    }

    /// What was stored, left out and noticed, one line per stream.
    static func summary(_ imported: BiometricImport, stored: [BiometricStream], file: String, pseudonym: String, studyID: Int64)
        -> String
    {
        var lines = ["Imported \(imported.format.rawValue) from \(file) for \(pseudonym) (study \(studyID)): \(stored.count) stream(s)."]
        for stream in stored {
            let timing = stream.sampleRate.map { "\(format($0)) Hz" } ?? "irregular"
            let label = stream.label.isEmpty ? "" : " \"\(stream.label)\""
            lines.append(
                "  stream \(stream.id.map(String.init) ?? "?"): \(stream.kind)\(label) [\(stream.unit)] \(stream.sampleCount) samples, "
                    + "\(timing), from \(stream.startTime.ISO8601Format())")
        }
        if imported.markers.count > 0 { lines.append("Markers read but not stored: \(imported.markers.count).") }
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
        return lines.joined(separator: "\n")
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

import ArgumentParser
import Biometrics
import Foundation
import Store

/// `verbatim biometrics`: wearable data lined up with an interview.
struct BiometricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "biometrics",
        abstract: "Line wearable data up with an interview: per-turn tables and the recording's clock.",
        subcommands: [BiometricsTableCommand.self, BiometricsClockCommand.self]
    )
}

/// `verbatim biometrics table --transcript ID [--by turn|segment|coding] [--format csv|json]`.
struct BiometricsTableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Heart rate, RMSSD, SCRs and activity per speaker turn, segment or coding of a stored transcript, as CSV or JSON.",
        discussion: """
            One row per unit and participant linked to the recording. Times are lined up through the \
            recording's clock: its wall-clock start (see `verbatim biometrics clock`) plus its offset.
            """
    )

    @Option(help: "The transcript version's id.")
    var transcript: Int64

    @Option(help: "turn, segment or coding.")
    var by: String = "turn"

    @Option(help: "csv or json.")
    var format: String = "csv"

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @OptionGroup var location: StoreLocation

    func validate() throws {
        if BiometricTableUnit(rawValue: by) == nil { throw ValidationError("--by must be turn, segment or coding (got \(by))") }
        if format != "csv" && format != "json" { throw ValidationError("--format must be csv or json (got \(format))") }
    }

    func run() throws {
        let store = try location.open()
        let (transcriptID, unit, asCSV) = (transcript, BiometricTableUnit(rawValue: by)!, format == "csv")
        let data = try waitForStore { () -> Data in
            let table = try await store.biometricTable(transcriptID: transcriptID, by: unit)
            let recording = try await store.recording(id: table.recordingID)
            _ = try await store.appendAudit(
                actorID: nil, action: "biometrics.table", studyID: recording?.studyID, targetKind: "transcript", targetID: transcriptID,
                details: "{\"by\":\"\(unit.rawValue)\",\"format\":\"\(asCSV ? "csv" : "json")\",\"rows\":\(table.rows.count)}")
            if asCSV { return Data(table.csv().utf8) }
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(table)
        }
        try write(data, to: output)
    }
}

/// `verbatim biometrics clock --recording ID [--start TIME] [--offset SECONDS]`.
struct BiometricsClockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "Show or set a recording's wall-clock start and offset correction.",
        discussion: """
            Without options, prints the clock. --start replaces the media's creation time; --offset \
            (seconds, may be negative) is added to the recording's clock to reach the wearables' clock.
            """
    )

    @Option(help: "The recording's id.")
    var recording: Int64

    @Option(help: "Wall-clock start (ISO 8601, e.g. 2024-03-01T09:30:00Z or with an offset +01:00).")
    var start: String?

    @Option(help: "Offset correction in seconds.")
    var offset: Double?

    @OptionGroup var location: StoreLocation

    func validate() throws {
        if let start, ImportCommand.parseTime(start) == nil {
            throw ValidationError("--start must be an ISO 8601 time such as 2024-03-01T09:30:00Z (got \(start))")
        }
        if let offset, !offset.isFinite { throw ValidationError("--offset must be a number of seconds") }
    }

    func run() throws {
        let store = try location.open()
        let (recordingID, start, offset) = (recording, start.flatMap(ImportCommand.parseTime), offset)
        let text = try waitForStore { () -> String in
            guard let recording = try await store.recording(id: recordingID) else {
                throw CommandLineError("Unknown recording \(recordingID); list a study's recordings with `verbatim export --format json`.")
            }
            if start != nil || offset != nil {
                var sync = try await store.recordingSync(recordingID: recordingID) ?? RecordingSync(recordingID: recordingID)
                if let start { sync.wallClockStart = start }
                if let offset { sync.offset = offset }
                _ = try await store.setRecordingSync(sync)
                _ = try await store.appendAudit(
                    actorID: nil, action: "recording.clock", studyID: recording.studyID, targetKind: "recording", targetID: recordingID,
                    details: "{\"offset\":\(sync.offset)}")
            }
            let sync = try await store.recordingSync(recordingID: recordingID)
            let used = sync?.wallClockStart ?? recording.recordedAt
            return """
                Recording \(recordingID): start \(used?.ISO8601Format() ?? "unknown") \
                (\(sync?.wallClockStart != nil ? "set by a user" : "media creation time")), offset \(sync?.offset ?? 0) s
                """
        }
        print(text)
    }
}

/// Writes `data` to `output`, or to standard output when `nil`.
func write(_ data: Data, to output: String?) throws {
    guard let output else {
        FileHandle.standardOutput.write(data)
        return
    }
    do {
        try data.write(to: URL(fileURLWithPath: output), options: .atomic)
    } catch {
        throw CommandLineError("Cannot write \(output): \(error.localizedDescription). Check the folder exists and is writable.")
    }
    FileHandle.standardError.write(Data("Wrote \(data.count) bytes to \(output).\n".utf8))
}

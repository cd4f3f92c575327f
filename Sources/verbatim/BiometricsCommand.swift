import ArgumentParser
import Biometrics
import Foundation
import Store

/// `verbatim biometrics`: wearable data lined up with an interview.
struct BiometricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "biometrics",
        abstract: "Line wearable data up with an interview: per-turn tables and the recording's clock.",
        subcommands: [BiometricsTableCommand.self, BiometricsClockCommand.self, BiometricsMarkersCommand.self]
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
                details: ["by": .string(unit.rawValue), "format": .string(asCSV ? "csv" : "json"), "rows": .int(Int64(table.rows.count))])
            if asCSV { return Data(table.csv().utf8) }
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(table)
        }
        try write(data, to: output)
    }
}

/// `verbatim biometrics clock --recording ID [--start TIME] [--offset SECONDS | --marker ID --at SECONDS]`.
struct BiometricsClockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "Show or set a recording's wall-clock start and offset correction.",
        discussion: """
            Without options, prints the clock. --start replaces the media's creation time; --offset \
            (seconds, may be negative) is added to the recording's clock to reach the wearables' clock. \
            --marker ID --at SECONDS computes the offset from a stored marker (an E4 tag press, an \
            annotation; see `verbatim biometrics markers`) whose event is heard or seen SECONDS into the recording.
            """
    )

    @Option(help: "The recording's id.")
    var recording: Int64

    @Option(help: "Wall-clock start (ISO 8601, e.g. 2024-03-01T09:30:00Z or with an offset +01:00).")
    var start: String?

    @Option(help: "Offset correction in seconds.")
    var offset: Double?

    @Option(help: "A stored marker's id, to set the offset from (with --at).")
    var marker: Int64?

    @Option(help: "Seconds into the recording at which the marker's event happens (with --marker).")
    var at: Double?

    @OptionGroup var location: StoreLocation

    func validate() throws {
        if let start, ImportCommand.parseTime(start) == nil {
            throw ValidationError("--start must be an ISO 8601 time such as 2024-03-01T09:30:00Z (got \(start))")
        }
        if let offset, !offset.isFinite { throw ValidationError("--offset must be a number of seconds") }
        if (marker == nil) != (at == nil) {
            throw ValidationError("--marker and --at go together: the marker's id and its time in the recording")
        }
        if marker != nil && offset != nil { throw ValidationError("give either --offset or --marker with --at, not both") }
        if let at, !at.isFinite { throw ValidationError("--at must be a number of seconds") }
    }

    func run() throws {
        let store = try location.open()
        let (recordingID, start, offset, marker, at) = (recording, start.flatMap(ImportCommand.parseTime), offset, marker, at)
        let text = try waitForStore { () -> String in
            guard let recording = try await store.recording(id: recordingID) else {
                throw CommandLineError("Unknown recording \(recordingID); list a study's recordings with `verbatim export --format json`.")
            }
            if start != nil || offset != nil {
                var sync = try await store.recordingSync(recordingID: recordingID) ?? RecordingSync(recordingID: recordingID)
                if let start { sync.wallClockStart = start }
                if let offset {
                    sync.offset = offset
                    sync.syncMarkerID = nil
                    sync.markerPosition = nil
                }
                _ = try await store.setRecordingSync(sync)
                _ = try await store.appendAudit(
                    actorID: nil, action: "recording.clock", studyID: recording.studyID, targetKind: "recording", targetID: recordingID,
                    details: ["offset": .double(sync.offset)])
            }
            if let marker, let at {
                let sync = try await store.syncRecording(recordingID, markerID: marker, secondsIntoRecording: at)
                _ = try await store.appendAudit(
                    actorID: nil, action: "recording.clock", studyID: recording.studyID, targetKind: "recording", targetID: recordingID,
                    details: ["offset": .double(sync.offset), "marker": .int(marker)])
            }
            let sync = try await store.recordingSync(recordingID: recordingID)
            let used = sync?.wallClockStart ?? recording.recordedAt
            let synced = sync?.syncMarkerID.map { " from marker \($0) at \(sync?.markerPosition ?? 0) s" } ?? ""
            return """
                Recording \(recordingID): start \(used?.ISO8601Format() ?? "unknown") \
                (\(sync?.wallClockStart != nil ? "set by a user" : "media creation time")), offset \(sync?.offset ?? 0) s\(synced)
                """
        }
        print(text)
    }
}

/// `verbatim biometrics markers --study ID --participant PSEUDONYM`: the stored markers, one per line.
struct BiometricsMarkersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "markers",
        abstract: "List a participant's stored markers (E4 tags, EDF+ annotations, WFDB labels, FIT events), to choose a sync marker."
    )

    @Option(help: "The study's id.")
    var study: Int64

    @Option(help: "The participant's pseudonym in that study.")
    var participant: String

    @OptionGroup var location: StoreLocation

    func run() throws {
        let store = try location.open()
        let (studyID, pseudonym) = (study, participant)
        let markers = try waitForStore { () -> [BiometricMarker] in
            let participant = try await store.requireParticipant(studyID: studyID, pseudonym: pseudonym)
            let markers = try await store.biometricMarkers(participantID: participant.id!)
            _ = try await store.appendAudit(
                actorID: nil, action: "biometrics.markers", studyID: studyID, targetKind: "participant", targetID: participant.id,
                details: .none)
            return markers
        }
        print("id\ttime\tduration\tkind\tlabel\tsource")
        for marker in markers {
            print(
                "\(marker.id ?? 0)\t\(Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(marker.time))\t"
                    + "\(marker.duration.map { "\($0)" } ?? "")\t\(marker.kind)\t\(marker.label)\t\(marker.source)")
        }
    }
}

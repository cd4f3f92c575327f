import ArgumentParser
import Foundation
import Store

/// `verbatim export --study ID --format F`: a study's transcripts, codings and case variables in
/// the formats of ``ExportFormat`` (subtitles, ELAN, REFI-QDA, JSON, CSV).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a study (or one recording) as txt, srt, vtt, json, eaf, qdpx or csv.",
        discussion: """
            txt, srt, vtt and eaf describe one recording: give --recording unless the study has only one. \
            Sensitive case variables are left out of json and qdpx unless --include-sensitive is given.
            """
    )

    @Option(help: "The study's id.")
    var study: Int64

    @Option(help: "Only this recording (required for txt, srt, vtt and eaf when the study has several).")
    var recording: Int64?

    @Option(help: "One of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output (required for qdpx, a ZIP archive).")
    var output: String?

    @Flag(help: "Include sensitive case variables in json and qdpx exports.")
    var includeSensitive = false

    @OptionGroup var location: StoreLocation

    func validate() throws {
        let chosen = try exportFormat()
        if chosen == .qdpx, output == nil {
            throw ValidationError("qdpx is a ZIP archive: give a file with -o, e.g. -o study.qdpx")
        }
    }

    /// The chosen format, or a typed error naming the ones there are.
    func exportFormat() throws -> ExportFormat {
        guard let chosen = ExportFormat(rawValue: format.lowercased()) else {
            throw ValidationError(
                "Unknown format \(format): use one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return chosen
    }

    func run() throws {
        let chosen = try exportFormat()
        let store = try location.open()
        let (studyID, recordingID, sensitive) = (study, recording, includeSensitive)
        let data = try waitForStore { () -> Data in
            _ = try await store.requireStudy(studyID)
            let bundle = try await store.exportBundle(studyID: studyID, recordingIDs: recordingID.map { [$0] })
            return try chosen.render(bundle, recordingID: recordingID, includeSensitive: sensitive)
        }
        try write(data, to: output)
    }
}

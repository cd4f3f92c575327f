import ArgumentParser
import Foundation
import Store

/// `verbatim export --study ID --format F`: a study's transcripts, codings and case variables in
/// the formats of ``ExportFormat`` (subtitles, Word, ELAN, REFI-QDA, JSON, CSV).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a study (or one recording) as txt, srt, vtt, docx, eaf, eaf-media, json, qdpx or csv.",
        discussion: """
            txt, srt, vtt, docx and eaf describe one recording: for a study that holds several, the export is a ZIP \
            with one file per recording (give --recording for one file). eaf-media is a ZIP of the .eaf files with \
            their media. Sensitive case variables are left out of json and qdpx unless --include-sensitive is given.
            """
    )

    @Option(help: "The study's id.")
    var study: Int64

    @Option(help: "Only this recording (one file instead of a ZIP for txt, srt, vtt, docx and eaf).")
    var recording: Int64?

    @Option(help: "One of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output (required for ZIP archives and docx).")
    var output: String?

    @Option(help: "The language of headers, titles and blinded coder names: fr or en.")
    var lang: String = "fr"

    @Flag(help: "Include sensitive case variables in json and qdpx exports.")
    var includeSensitive = false

    @Flag(help: "Write coders as \"Coder 1\", \"Coder 2\"... (\"Codeur 1\"... in French) instead of their names.")
    var blindCoders = false

    @OptionGroup var location: StoreLocation

    /// The master key, for media encrypted at rest (eaf-media and qdpx archives carry their plain bytes).
    @OptionGroup var keyOptions: MasterKeyOptions

    func validate() throws {
        let chosen = try exportFormat()
        _ = try language()
        if [.qdpx, .docx, .eafMedia].contains(chosen), output == nil {
            throw ValidationError("\(chosen.rawValue) is a binary file: give a file with -o, e.g. -o study.\(chosen.fileExtension)")
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

    /// The chosen language, or a typed error.
    func language() throws -> UserLanguage {
        guard let chosen = UserLanguage(rawValue: lang.lowercased()) else { throw ValidationError("--lang is fr or en, not \(lang).") }
        return chosen
    }

    func run() throws {
        let chosen = try exportFormat()
        let store = try location.open()
        var settings = ExportOptions(
            recordingID: recording, includeSensitive: includeSensitive, language: try language(), blindCoders: blindCoders)
        // The key file must not lie in the data folder, the store's folder.
        let dataFolder = URL(fileURLWithPath: location.store).deletingLastPathComponent()
        if let master = try keyOptions.masterKey(dataFolder: dataFolder) {
            guard let keys = store as? any StudyKeyStorage else { throw EncryptionError.storeWithoutStudyKeys }
            settings.mediaKeys = try StudyKeyring(master: master, storage: keys)
        }
        let options = settings
        let (studyID, output) = (study, output)
        let data = try waitForStore { () -> Data? in
            _ = try await store.requireStudy(studyID)
            let bundle = try await store.exportBundle(studyID: studyID, recordingIDs: options.recordingID.map { [$0] })
            if let output {
                try Self.replace(output) { try chosen.write(bundle, to: $0, options: options) }
                return nil
            }
            if chosen.isBinary(bundle, options: options) {
                throw ValidationError(
                    "The study holds \(bundle.recordings.count) recordings: \(chosen.rawValue) gives a ZIP with one file each; give a file with -o, e.g. -o study-\(chosen.rawValue).zip, or one recording with --recording.")
            }
            return try chosen.render(bundle, options: options)
        }
        if let data { try write(data, to: nil) }
    }

    /// Writes a new file beside `output` with `body`, then renames it over `output` (an existing
    /// file is replaced whole, or kept when the export fails).
    static func replace(_ output: String, _ body: (URL) throws -> Void) throws {
        let target = URL(fileURLWithPath: output)
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try body(partial)
            guard rename(partial.path, target.path) == 0 else {
                throw CommandLineError("Cannot write \(output): \(String(cString: strerror(errno))). Check the folder is writable.")
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        FileHandle.standardError.write(Data("Wrote the export to \(output).\n".utf8))
    }
}

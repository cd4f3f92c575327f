import Foundation

/// The export formats, as named on the command line (`verbatim export --format`) and in the API.
///
/// Per-recording formats (txt, srt, vtt, eaf, docx) give one file for one recording, and for a
/// study a ZIP with one file per recording, named by ``ExportFileNames``; `eaf-media` is always a
/// ZIP of the `.eaf` files with their media beside them. json, csv and qdpx hold the whole study
/// in one document.
public enum ExportFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// Plain text with speakers and times.
    case txt
    /// SubRip subtitles.
    case srt
    /// WebVTT subtitles with `<v Speaker>`.
    case vtt
    /// The whole study as JSON (see ``JSONExport``).
    case json
    /// ELAN annotation document (media linked by its file name beside the `.eaf`).
    case eaf
    /// REFI-QDA project (the study or chosen recordings).
    case qdpx
    /// The codings as CSV.
    case csv
    /// Word document: one paragraph per speaker turn (see ``DOCXExport``).
    case docx
    /// A ZIP of ELAN documents with their media files, ready to open in ELAN once unzipped.
    case eafMedia = "eaf-media"

    /// The extension of one recording's file (or of the study document).
    public var fileExtension: String { self == .eafMedia ? "zip" : rawValue }

    /// Whether the format describes one recording per file.
    public var isPerRecording: Bool { [.txt, .srt, .vtt, .eaf, .docx, .eafMedia].contains(self) }

    /// Whether exporting `bundle` with `options` gives a ZIP of one file per recording (a
    /// per-recording format for a study that does not hold exactly one recording).
    public func isStudyArchive(_ bundle: ExportBundle, options: ExportOptions) -> Bool {
        isPerRecording && self != .eafMedia && options.recordingID == nil && bundle.recordings.count != 1
    }

    /// The extension of the file ``write(_:to:options:)`` makes: `zip` for a study archive.
    public func outputExtension(_ bundle: ExportBundle, options: ExportOptions) -> String {
        isStudyArchive(bundle, options: options) ? "zip" : fileExtension
    }

    /// Whether ``write(_:to:options:)`` makes a binary file (a ZIP or a Word document).
    public func isBinary(_ bundle: ExportBundle, options: ExportOptions) -> Bool {
        [.qdpx, .docx, .eafMedia].contains(self) || isStudyArchive(bundle, options: options)
    }

    /// Renders `bundle` in this format (archives go through a temporary file).
    /// - Throws: ``StoreError`` `.notFound` for a recording the bundle does not hold, or `.file`.
    public func render(_ bundle: ExportBundle, options: ExportOptions = ExportOptions()) throws -> Data {
        let prepared = try Self.prepare(bundle, options: options)
        if !isBinary(prepared, options: options) {
            if isPerRecording { return try recordingFile(prepared.recordings[0], in: prepared, names: ExportFileNames(prepared), options: options) }
            return try studyDocument(prepared, options: options)
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-\(UUID().uuidString).\(fileExtension)")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(bundle, to: url, options: options)
        do { return try Data(contentsOf: url) } catch {
            throw StoreError(
                .file, "Cannot read back the export \(url.lastPathComponent) (\(error)).",
                fr: "Impossible de relire l'export \(url.lastPathComponent) (\(error)).")
        }
    }

    /// Renders one recording (or the study) with default options but these.
    public func render(_ bundle: ExportBundle, recordingID: Int64?, includeSensitive: Bool = false, date: Date = Date()) throws -> Data {
        try render(bundle, options: ExportOptions(recordingID: recordingID, includeSensitive: includeSensitive, date: date))
    }

    /// Writes `bundle` in this format to `url`, a new file readable by its owner only (0600).
    ///
    /// ZIPs (REFI-QDA, study archives, ELAN with media) go to disk entry by entry, media copied
    /// in chunks, so an export's memory does not grow with its media.
    /// - Throws: ``StoreError`` as ``render(_:options:)`` does.
    public func write(_ bundle: ExportBundle, to url: URL, options: ExportOptions = ExportOptions()) throws {
        let prepared = try Self.prepare(bundle, options: options)
        let names = ExportFileNames(prepared)
        if self == .qdpx {
            var qdpx = QDPXExport.Options(
                includeSensitive: options.includeSensitive, embedMediaUpTo: options.pseudonymised ? (options.redactedMedia ? Int.max : -1) : 200_000_000,
                language: options.language, codings: options.qdpxCodings)
            qdpx.mediaKeys = options.mediaKeys
            try QDPXExport.write(prepared, to: url, options: qdpx, date: options.date)
        } else if self == .eafMedia {
            let archive = try ExportArchive(creating: url, date: options.date, mediaKeys: options.mediaKeys)
            for item in prepared.recordings {
                let id = item.recording.id ?? 0
                try archive.add(try ExportFormat.eaf.recordingFile(item, in: prepared, names: names, options: options), as: "\(names.baseNames[id]!).eaf")
                try archive.add(file: URL(fileURLWithPath: item.recording.mediaPath), as: names.mediaNames[id]!)
            }
        } else if isStudyArchive(prepared, options: options) {
            let archive = try ExportArchive(creating: url, date: options.date)
            for item in prepared.recordings {
                let name = "\(names.baseNames[item.recording.id ?? 0]!).\(fileExtension)"
                try archive.add(try recordingFile(item, in: prepared, names: names, options: options), as: name)
            }
        } else {
            let data =
                isPerRecording
                ? try recordingFile(prepared.recordings[0], in: prepared, names: names, options: options)
                : try studyDocument(prepared, options: options)
            try PrivateFiles.createFile(url)
            do { try data.write(to: url) } catch {
                throw StoreError(
                    .file, "Cannot write the export \(url.lastPathComponent) (\(error)); check the free space of its folder.",
                    fr: "Impossible d'écrire l'export \(url.lastPathComponent) (\(error)) ; vérifiez l'espace libre de son dossier.")
            }
        }
    }

    /// The bundle narrowed to the chosen recording, coders blinded when asked.
    static func prepare(_ bundle: ExportBundle, options: ExportOptions) throws -> ExportBundle {
        var prepared = options.blindCoders ? bundle.withBlindCoders(options.language, keeping: options.ownName) : bundle
        if let recordingID = options.recordingID {
            prepared.recordings = bundle.recordings.filter { $0.recording.id == recordingID }
            guard !prepared.recordings.isEmpty else {
                throw StoreError(
                    .notFound, "Recording \(recordingID) is not in this export; check the identifier.",
                    fr: "L'enregistrement \(recordingID) ne fait pas partie de cet export ; vérifiez l'identifiant.")
            }
        }
        return prepared
    }

    /// One recording's file in this per-recording format.
    func recordingFile(_ item: RecordingBundle, in bundle: ExportBundle, names: ExportFileNames, options: ExportOptions) throws -> Data {
        switch self {
        case .txt: return Data(TranscriptTextExport.txt(item, language: options.language).utf8)
        case .srt: return Data(TranscriptTextExport.srt(item, language: options.language).utf8)
        case .vtt: return Data(TranscriptTextExport.vtt(item, language: options.language).utf8)
        case .eaf, .eafMedia:
            let media = names.mediaNames[item.recording.id ?? 0] ?? ExportFileNames.originalName(item.recording)
            return Data(ELANExport.document(item, in: bundle, mediaName: media, date: options.date).utf8)
        case .docx: return try DOCXExport.document(item, in: bundle, language: options.language, date: options.date)
        case .json, .csv, .qdpx: return try studyDocument(bundle, options: options)
        }
    }

    /// The study-wide document of json and csv (qdpx is written by ``QDPXExport``).
    func studyDocument(_ bundle: ExportBundle, options: ExportOptions) throws -> Data {
        switch self {
        case .json: return try JSONExport.document(bundle, includeSensitive: options.includeSensitive, exportedAt: options.date)
        case .csv: return Data(CSVExport.codings(bundle).utf8)
        default:
            return try QDPXExport.archive(
                bundle, options: QDPXExport.Options(
                    includeSensitive: options.includeSensitive, embedMediaUpTo: options.pseudonymised ? (options.redactedMedia ? Int.max : -1) : 200_000_000,
                    language: options.language, codings: options.qdpxCodings), date: options.date)
        }
    }
}

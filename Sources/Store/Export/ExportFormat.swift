import Foundation

/// The export formats, as named on the command line (`verbatim export --format`).
public enum ExportFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// Plain text with speakers and times (one recording).
    case txt
    /// SubRip subtitles (one recording).
    case srt
    /// WebVTT subtitles with `<v Speaker>` (one recording).
    case vtt
    /// The whole study as JSON (see ``JSONExport``).
    case json
    /// ELAN annotation document (one recording).
    case eaf
    /// REFI-QDA project (the study or chosen recordings).
    case qdpx
    /// The codings as CSV.
    case csv

    /// The usual file extension.
    public var fileExtension: String { rawValue }

    /// Whether the format describes exactly one recording.
    public var isPerRecording: Bool { [.txt, .srt, .vtt, .eaf].contains(self) }

    /// Renders `bundle` in this format.
    ///
    /// - Parameters:
    ///   - recordingID: the recording, required for per-recording formats when the bundle holds several.
    ///   - includeSensitive: include sensitive case variables (JSON, REFI-QDA).
    /// - Throws: ``StoreError`` `.invalidInput` when a per-recording format gets no single recording.
    public func render(_ bundle: ExportBundle, recordingID: Int64? = nil, includeSensitive: Bool = false, date: Date = Date())
        throws -> Data
    {
        func single() throws -> RecordingBundle {
            if let recordingID {
                guard let found = bundle.recordings.first(where: { $0.recording.id == recordingID }) else {
                    throw StoreError.notFound("recording", recordingID)
                }
                return found
            }
            guard bundle.recordings.count == 1, let only = bundle.recordings.first else {
                throw StoreError(
                    .invalidInput,
                    "The \(rawValue) format holds one recording and the study has \(bundle.recordings.count); choose one with --recording.")
            }
            return only
        }
        switch self {
        case .txt: return Data(TranscriptTextExport.txt(try single()).utf8)
        case .srt: return Data(TranscriptTextExport.srt(try single()).utf8)
        case .vtt: return Data(TranscriptTextExport.vtt(try single()).utf8)
        case .eaf: return Data(ELANExport.document(try single(), in: bundle, date: date).utf8)
        case .json: return try JSONExport.document(bundle, includeSensitive: includeSensitive, exportedAt: date)
        case .csv: return Data(CSVExport.codings(bundle).utf8)
        case .qdpx:
            return try QDPXExport.archive(bundle, options: QDPXExport.Options(includeSensitive: includeSensitive), date: date)
        }
    }

    /// Writes `bundle` in this format to `url`, a new file readable by its owner only (0600).
    ///
    /// REFI-QDA archives go to disk entry by entry (``QDPXExport/write(_:to:options:date:)``),
    /// media included, so an export's memory does not grow with its media.
    /// - Throws: ``StoreError`` as ``render(_:recordingID:includeSensitive:date:)`` does, or `.file`.
    public func write(_ bundle: ExportBundle, to url: URL, recordingID: Int64? = nil, includeSensitive: Bool = false, date: Date = Date())
        throws
    {
        if self == .qdpx {
            try QDPXExport.write(bundle, to: url, options: QDPXExport.Options(includeSensitive: includeSensitive), date: date)
            return
        }
        let data = try render(bundle, recordingID: recordingID, includeSensitive: includeSensitive, date: date)
        try PrivateFiles.createFile(url)
        do { try data.write(to: url) } catch {
            throw StoreError(.file, "Cannot write the export \(url.lastPathComponent) (\(error)); check the free space of its folder.")
        }
    }
}

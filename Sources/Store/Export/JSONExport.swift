import Foundation

/// The whole study as one JSON document, for archiving and for scripts (R, Python).
///
/// Format `verbatim.export`, version 1. Top-level keys (sorted, pretty-printed, UTF-8, dates ISO 8601 UTC):
/// - `format` (`"verbatim.export"`), `version` (`1`), `exportedAt`, `includesSensitive` (bool).
/// - `study`: `id`, `name`, `details`, `createdAt`.
/// - `users`: `id`, `name`, `email` — members, coders and memo authors.
/// - `participants`: `id`, `studyID`, `pseudonym`, `createdAt`.
/// - `attributes`: `participantID`, `name`, `value`, `isSensitive` — sensitive ones only if `includesSensitive`.
/// - `codes`: `id`, `parentID` (null at top level), `name`, `color` (`#RRGGBB`), `details`.
/// - `memos`: `id`, `authorID`, `title`, `text` and the optional anchor ids `participantID`,
///   `recordingID`, `transcriptID`, `codeID`, `codingID`.
/// - `recordings`: one object per recording with
///   - `recording`: `id`, `title`, `mediaPath` (the file's name), `fileHash` (SHA-256 hex), `container`, `hasVideo`,
///     `audioChannels`, `duration` (s), `recordedAt`;
///   - `participants`: `participantID`, `role`;
///   - `transcript` (newest version, or absent): `id`, `version`, `basedOnID`, `engine`, `model`,
///     `language`, `status` (`draft`/`reviewed`), `text` (segments joined by `\n`), `createdBy`;
///   - `speakers`: `id`, `label`, `participantID`, `isInterviewer`;
///   - `segments`: `id`, `position`, `start`, `end` (s), `speakerID`, `text`, `confidence`,
///     `charStart`, `charEnd` (Unicode-scalar offsets into `transcript.text`), `flags` (the engine's
///     guard flags, comma-separated, absent when none: a segment with flags needs review);
///   - `words`: `id`, `segmentID`, `position`, `start`, `end`, `text`, `probability`;
///   - `codings`: `id`, `codeID`, `coderID`, `charStart`, `charEnd`, `startTime`, `endTime`.
public enum JSONExport {
    struct Document: Encodable {
        var format = "verbatim.export"
        var version = 1
        var exportedAt: Date
        var includesSensitive: Bool
        var study: Study
        var users: [User]
        var participants: [Participant]
        var attributes: [ParticipantAttribute]
        var codes: [Code]
        var memos: [Memo]
        var recordings: [RecordingBundle]
    }

    /// The JSON document; sensitive case variables are left out unless `includeSensitive`.
    public static func document(_ bundle: ExportBundle, includeSensitive: Bool, exportedAt: Date = Date()) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let document = Document(
            exportedAt: exportedAt, includesSensitive: includeSensitive, study: bundle.study, users: bundle.users,
            participants: bundle.participants,
            attributes: bundle.attributes.filter { includeSensitive || !$0.isSensitive }, codes: bundle.codes,
            memos: bundle.memos,
            // The media by file name: the server's folders stay out of documents that travel.
            recordings: bundle.recordings.map { item in
                var item = item
                item.recording.mediaPath = URL(fileURLWithPath: item.recording.mediaPath).lastPathComponent
                return item
            })
        return try encoder.encode(document)
    }
}

import Foundation
import HTTPTypes
import Media
import Store

/// The media of a pseudonymised export: for each recording, a FLAC copy of its sound with the
/// times of its accepted identifying spans replaced by a tone or silence
/// (``Media/AudioRedaction``), written to the data folder's private `tmp` and removed with the
/// export. The bundle's recordings then point at these copies, so that `eaf-media` and REFI-QDA
/// embed them as they embed any media.
struct RedactedExportMedia: Sendable {
    /// The bundle with each recording's media replaced by its redacted copy.
    let bundle: ExportBundle
    /// The copies, to remove once the export is written.
    let files: [URL]

    /// Removes the copies (missing files are fine).
    func remove() {
        for file in files { try? FileManager.default.removeItem(at: file) }
    }

    /// Builds the redacted copies of the recordings of `bundle` (not yet pseudonymised) from the
    /// decided `spans` of their transcript versions, off the cooperative pool.
    ///
    /// A recording without a transcript is refused (409): nothing says where its names are. A
    /// recording whose original media was already replaced by its redacted copy (retention)
    /// keeps that copy.
    static func build(
        _ bundle: ExportBundle, spans: [Int64: [Redaction]], fill: AudioRedaction.Fill, backend: ServiceBackend
    ) async throws -> RedactedExportMedia {
        if let untranscribed = bundle.recordings.first(where: { $0.transcript?.id == nil && !$0.recording.mediaIsRedacted }) {
            let id = untranscribed.recording.id ?? 0
            throw APIError(
                .conflict, code: "redacted_media_unavailable",
                "Recording \(id) has no transcript, so nothing says where its audio names people; transcribe and review it, or export without media.",
                fr: "L’enregistrement \(id) n’a pas de transcription : rien n’indique où son audio nomme des personnes ; transcrivez-le et relisez-le, ou exportez sans média.")
        }
        var copy = bundle
        var files: [URL] = []
        let folder = backend.configuration.temporaryDirectory
        let media = backend.media
        do {
            try PrivateFiles.createFolder(folder)
            for index in copy.recordings.indices {
                let item = copy.recordings[index]
                guard !item.recording.mediaIsGone else { throw APIError.mediaRemoved(item.recording) }
                guard !item.recording.mediaIsRedacted else {
                    // The copy retention kept in place of the original: FLAC, sound only, whatever the original was.
                    copy.recordings[index].recording.mediaPath = try media.file(for: item.recording.mediaPath).path
                    copy.recordings[index].recording.container = "flac"
                    copy.recordings[index].recording.hasVideo = false
                    continue
                }
                let times = item.redactedTimes(item.transcript.flatMap { $0.id.flatMap { spans[$0] } } ?? [])
                let output = folder.appendingPathComponent("export-redacted-\(UUID().uuidString).flac")
                files.append(output)
                let reference = item.recording.mediaPath
                let report = try await BlockingWork.run { () throws -> AudioRedaction.Report in
                    // Encrypted media are read through a decrypting reader: no clear copy of the original.
                    let original = try media.jobMedia(for: reference)
                    defer { original.discard() }
                    let report = try AudioRedaction(spans: times, fill: fill).write(from: original.input, to: output)
                    try PrivateFiles.restrict(output)
                    return report
                }
                copy.recordings[index].recording.mediaPath = output.path
                copy.recordings[index].recording.container = "flac"
                copy.recordings[index].recording.hasVideo = false
                copy.recordings[index].recording.audioChannels = report.channels
            }
        } catch {
            for file in files { try? FileManager.default.removeItem(at: file) }
            throw error
        }
        return RedactedExportMedia(bundle: copy, files: files)
    }
}

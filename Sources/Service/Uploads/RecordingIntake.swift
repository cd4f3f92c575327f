import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Media
import Store

/// Turns an upload into a stored recording: stream to disk with SHA-256, refuse duplicates,
/// probe with `Media` (off the server's threads), move into the study's media folder, add the row.
///
/// Bad input never leaves anything behind: the temporary file is removed on every failure.
struct RecordingIntake {
    let backend: ServiceBackend

    func accept(request: Request, studyID: Int64, logger: Logger) async throws -> Recording {
        let query = request.uri.queryParameters
        let declared = request.headers[.contentLength].flatMap { Int64($0) }
        let boundary = request.headers[.contentType].flatMap { MultipartFileReader.boundary(contentType: $0) }
        let receiver = UploadReceiver(directory: backend.configuration.mediaDirectory, maxBytes: backend.configuration.maxUploadBytes)
        let received = try await receiver.receive(request.body, declaredLength: declared, multipartBoundary: boundary)
        let title = [query.get("title"), received.fields["title"]].compactMap { $0 }.first { !$0.isEmpty } ?? "Recording"
        let temporary = received.url
        do {
            if let existing = try await backend.store.recordings(studyID: studyID).first(where: { $0.fileHash == received.sha256 }) {
                throw APIError(
                    .conflict, code: "duplicate_recording",
                    "This file was already uploaded to the study as recording \(existing.id!) (\"\(existing.title)\"); use that recording.")
            }
            let info: MediaInfo
            do {
                info = try await BlockingWork.run { try MediaInfo(probing: temporary) }
            } catch let error as MediaError {
                let message = error.description.replacingOccurrences(of: error.path, with: "the uploaded file")
                throw APIError(.unprocessableContent, code: "unreadable_media", message)
            }
            guard let audio = info.bestAudioStream else {
                throw APIError(
                    .unprocessableContent, code: "no_audio", "The file has no audio stream; upload the recording with its sound track.")
            }
            let folder = backend.configuration.mediaDirectory.appendingPathComponent("study-\(studyID)", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let destination = folder.appendingPathComponent(
                "\(received.sha256).\(Self.fileExtension(container: info.container, codec: audio.codec))")
            if FileManager.default.fileExists(atPath: destination.path) { try FileManager.default.removeItem(at: destination) }
            try FileManager.default.moveItem(at: temporary, to: destination)
            let recordedAt =
                (query.get("recordedAt") ?? received.fields["recordedAt"]).flatMap { try? Date($0, strategy: .iso8601) }
                ?? info.creationTime
            let recording = Recording(
                studyID: studyID, title: title, mediaPath: destination.path, fileHash: received.sha256,
                container: info.container, hasVideo: info.streams.contains { $0.kind == .video },
                audioChannels: audio.channels, duration: info.duration ?? audio.duration, recordedAt: recordedAt)
            do {
                let stored = try await backend.store.addRecording(recording)
                logger.info(
                    "recording stored",
                    metadata: ["recording": "\(stored.id!)", "bytes": "\(received.byteCount)", "container": "\(info.container)"])
                return stored
            } catch {
                try? FileManager.default.removeItem(at: destination)
                throw error
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// A file extension that lets players (and people) recognise the stored file.
    static func fileExtension(container: String, codec: String) -> String {
        let names = container.split(separator: ",").map(String.init)
        if names.contains("mp4") || names.contains("mov") {
            return "mp4"
        }
        for (name, ext) in [
            ("wav", "wav"), ("mp3", "mp3"), ("flac", "flac"), ("ogg", "ogg"), ("matroska", "mkv"), ("webm", "webm"), ("aiff", "aiff"),
        ]
        where names.contains(name) {
            return ext
        }
        return "bin"
    }
}

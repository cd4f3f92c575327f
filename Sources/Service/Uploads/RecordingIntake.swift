import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Media
import Store

/// Turns an upload into a stored recording: stream to disk with SHA-256, refuse duplicates,
/// probe with `Media` (off the server's threads), move into the study's media folder, add the row.
///
/// Intake is atomic: the database allows one recording per file and study, so of simultaneous
/// uploads of one file exactly one is stored and the others are told its id. Each stored file
/// has a name of its own, so a refused or failed upload removes only its own file, never one
/// that a recording refers to. Bad input never leaves anything behind.
struct RecordingIntake {
    let backend: ServiceBackend

    /// Receives the body of `POST /studies/{id}/recordings` (raw or multipart) and stores it.
    func accept(request: Request, studyID: Int64, logger: Logger) async throws -> Recording {
        let query = request.uri.queryParameters
        let declared = request.headers[.contentLength].flatMap { Int64($0) }
        let boundary = request.headers[.contentType].flatMap { MultipartFileReader.boundary(contentType: $0) }
        let receiver = UploadReceiver(
            directory: backend.configuration.mediaDirectory, maxBytes: backend.configuration.maxUploadBytes,
            sealing: (backend.partialFiles, studyID))
        let received = try await receiver.receive(request.body, declaredLength: declared, multipartBoundary: boundary)
        // A raw-body upload names its file in `filename` (the page sends the chosen file's name).
        let recordedAt: Date?
        do {
            recordedAt = try Self.recordedAt(query.get("recordedAt") ?? received.fields["recordedAt"])
        } catch {
            try? FileManager.default.removeItem(at: received.url)
            throw error
        }
        return try await store(
            received, studyID: studyID, title: [query.get("title"), received.fields["title"]].compactMap { $0 }.first { !$0.isEmpty },
            filename: received.filename ?? query.get("filename"), recordedAt: recordedAt, logger: logger)
    }

    /// Stores a file received completely (by one request, or by the last PATCH of a resumable
    /// upload): refuses a duplicate, probes, moves the file into the study's folder and adds the
    /// row. The file is consumed: moved on success, removed on any failure.
    func store(
        _ received: UploadReceiver.Received, studyID: Int64, title: String?, filename: String?, recordedAt declaredStart: Date?,
        logger: Logger
    ) async throws -> Recording {
        // Without a title, the recording is named after the uploaded file (cut to the store's limit).
        let filename = filename.map { String($0.prefix(TextLimits.title)) }
        let title = [title, filename].compactMap { $0 }.first { !$0.isEmpty } ?? "Recording"
        // The media's reference once the received file is stored (until then, the file is removed on failure).
        var stored: String?
        do {
            try await refuseDuplicate(studyID: studyID, fileHash: received.sha256)
            let temporary = received.url, files = backend.partialFiles
            let info: MediaInfo
            do {
                // A sealed file is probed through its decrypting reader, and encrypted for good from it (no clear copy).
                info = try await BlockingWork.run { try MediaInfo(probing: files.input(temporary)) }
            } catch let error as MediaError {
                let message = error.description.replacingOccurrences(of: error.path, with: "the uploaded file")
                let french = error.frenchDescription.replacingOccurrences(of: error.path, with: "le fichier déposé")
                throw APIError(.unprocessableContent, code: "unreadable_media", message, fr: french)
            }
            guard let audio = info.bestAudioStream else {
                throw APIError(
                    .unprocessableContent, code: "no_audio", "The file has no audio stream; upload the recording with its sound track.", fr: "Le fichier n’a pas de flux audio ; déposez l’enregistrement avec sa piste son.")
            }
            let name =
                "\(received.sha256)-\(UUID().uuidString.prefix(8).lowercased())."
                + Self.fileExtension(container: info.container, codec: audio.codec)
            let media = backend.media
            let reference = try await BlockingWork.run { try media.store(temporary, studyID: studyID, name: name) }
            stored = reference
            let recordedAt = declaredStart ?? info.creationTime
            let recording = Recording(
                studyID: studyID, title: title, mediaPath: reference, fileHash: received.sha256,
                container: info.container, hasVideo: info.streams.contains { $0.kind == .video },
                audioChannels: audio.channels, duration: info.audioDuration, recordedAt: recordedAt,
                originalName: Self.originalName(filename))
            let added: Recording
            do {
                added = try await backend.store.addRecording(recording)
            } catch let error as StoreError where error.kind == .conflict {
                // Another upload of the same file won the race: point to its recording.
                try await refuseDuplicate(studyID: studyID, fileHash: received.sha256)
                throw error
            }
            logger.info(
                "recording stored",
                metadata: ["recording": "\(added.id!)", "bytes": "\(received.byteCount)", "container": "\(info.container)"])
            return added
        } catch {
            if let stored {
                try? backend.media.remove(stored)
            } else {
                try? FileManager.default.removeItem(at: received.url)
            }
            throw error
        }
    }

    /// The file's own name without folders or control characters; `nil` when nothing is left.
    static func originalName(_ filename: String?) -> String? {
        let last = filename?.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(String.UnicodeScalarView(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }))
        return clean.trimmingCharacters(in: .whitespaces).isEmpty ? nil : clean
    }

    /// The `recordedAt` the client sent (ISO 8601), `nil` when none; `400` when it is not a date.
    static func recordedAt(_ text: String?) throws -> Date? {
        guard let text, !text.isEmpty else { return nil }
        do {
            return try Date(text, strategy: .iso8601)
        } catch {
            throw APIError.badRequest(
                "`recordedAt` \"\(text.prefix(64))\" is not a date; send ISO 8601 in UTC such as 2026-03-14T09:30:00Z, or leave it out.", fr: "`recordedAt` « \(text.prefix(64)) » n’est pas une date ; envoyez de l’ISO 8601 en UTC comme 2026-03-14T09:30:00Z, ou omettez-le.")
        }
    }

    /// Throws `409 duplicate_recording` naming the study's recording of this file, if there is one.
    private func refuseDuplicate(studyID: Int64, fileHash: String) async throws {
        guard let existing = try await backend.store.recording(studyID: studyID, fileHash: fileHash) else { return }
        throw APIError(
            .conflict, code: "duplicate_recording",
            "This file was already uploaded to the study as recording \(existing.id!) (\"\(existing.title)\"); use that recording.", fr: "Ce fichier a déjà été déposé dans l’étude comme enregistrement \(existing.id!) (« \(existing.title) ») ; utilisez cet enregistrement.")
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

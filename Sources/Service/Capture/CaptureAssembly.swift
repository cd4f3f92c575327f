import Crypto
import Foundation
import HTTPTypes
import Logging
import Media
import Store
import Transcribe

/// Turns a finished capture into a recording: joins its parts (packets copied, no re-encoding),
/// checks the result decodes, stores it in the study's media folder with its SHA-256, and, in one
/// store transaction, adds the recording, queues its transcription and closes the capture.
///
/// On any failure the joined file is removed and the parts stay, so the capture can be finished
/// again; once the store has the recording, the parts go.
struct CaptureAssembly {
    let backend: ServiceBackend

    /// Transcriptions of interviews recorded in the pages run before queued uploads: a researcher waits for them.
    static let priority = 10

    struct Assembled: Sendable {
        var url: URL
        var sha256: String
        var info: MediaInfo
        var decodedSeconds: Double
    }

    func finish(_ capture: Capture, logger: Logger) async throws -> (capture: Capture, recording: Recording, job: Job) {
        let folder = backend.captureFolder(capture)
        let parts = folder.parts(count: capture.parts)
        guard !parts.isEmpty else {
            throw APIError(
                .unprocessableContent, code: "empty_capture", "Nothing was recorded in this capture; record before stopping, or discard it.",
                fr: "Rien n’a été enregistré dans cette capture ; enregistrez avant d’arrêter, ou abandonnez-la.")
        }
        let assembled: Assembled
        let reference: String
        do {
            let media = backend.media, studyID = capture.studyID, count = capture.parts, id = capture.id!
            let temporary = backend.configuration.temporaryDirectory
            let stored = try await BlockingWork.run { () throws -> (Assembled, String) in
                // Sealed parts are read through a decrypting reader; the join is written to `tmp/` (swept at start).
                try PrivateFiles.createFolder(temporary)
                let target = temporary.appendingPathComponent("plain-capture-\(id)-\(UUID().uuidString.prefix(8).lowercased())")
                let assembled = try Self.assemble(folder.inputs(count: count), into: target)
                do {
                    return (assembled, try media.store(assembled.url, studyID: studyID, name: assembled.url.lastPathComponent))
                } catch {
                    try? FileManager.default.removeItem(at: assembled.url)
                    throw error
                }
            }
            assembled = stored.0
            reference = stored.1
        } catch let error as MediaError {
            let message = error.description.replacingOccurrences(of: error.path, with: "the recording")
            let french = error.frenchDescription.replacingOccurrences(of: error.path, with: "l’enregistrement")
            throw APIError(.unprocessableContent, code: "unreadable_media", message, fr: french)
        }
        let models = ModelFolder(url: backend.configuration.modelsDirectory)
        let language = capture.language
        let request = try await BlockingWork.run {
            var request = TranscriptionRequest(recordingID: 0, language: language)
            try request.validate(models: models)
            return request
        }
        let audio = assembled.info.bestAudioStream
        let recording = Recording(
            studyID: capture.studyID, title: capture.title, mediaPath: reference, fileHash: assembled.sha256,
            container: assembled.info.container, hasVideo: assembled.info.streams.contains { $0.kind == .video },
            audioChannels: audio?.channels, duration: assembled.decodedSeconds, recordedAt: capture.createdAt,
            consentBy: capture.consentBy, consentAt: capture.consentAt)
        do {
            let result = try await backend.store.finishCapture(
                id: capture.id!, recording: recording, jobKind: TranscriptionRequest.kind, priority: Self.priority
            ) { recordingID in
                var job = request
                job.recordingID = recordingID
                return try job.payload()
            }
            folder.remove()
            logger.info(
                "capture finished",
                metadata: [
                    "capture": "\(capture.id!)", "recording": "\(result.recording.id!)", "parts": "\(parts.count)",
                    "seconds": "\(assembled.decodedSeconds)",
                ])
            return result
        } catch {
            try? backend.media.remove(reference)
            throw error
        }
    }

    /// Joins, decodes (streaming, flat memory) and hashes; blocks its thread.
    static func assemble(_ parts: [MediaInput], into target: URL) throws -> Assembled {
        let joined = try MediaJoiner.join(inputs: parts, into: target)
        do {
            let decoder = try AudioDecoder(url: joined.url)
            var frames = 0
            while let chunk = try decoder.nextChunk() { frames += chunk.frameCount }
            guard frames > 0 else { throw MediaError(.decodingFailed, path: joined.url.path, detail: "no audio decoded") }
            let info = try MediaInfo(probing: joined.url)
            var hasher = SHA256()
            let handle = try FileHandle(forReadingFrom: joined.url)
            defer { try? handle.close() }
            while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
            return Assembled(
                url: joined.url, sha256: Hex.encode(hasher.finalize()), info: info,
                decodedSeconds: Double(frames) / Double(decoder.options.sampleRate))
        } catch {
            try? FileManager.default.removeItem(at: joined.url)
            throw error
        }
    }
}

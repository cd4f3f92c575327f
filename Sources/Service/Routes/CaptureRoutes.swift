import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// Interviews recorded in the pages: a capture is started once consent is confirmed, receives
/// its media in numbered chunks as it is recorded, and becomes a recording when it finishes.
struct CaptureRoutes {
    let backend: ServiceBackend

    /// The largest chunk taken (a few seconds of video are well below it).
    static let maximumChunkBytes = 32 << 20

    struct Start: Codable {
        var title: String
        var consentConfirmed: Bool?
        var consentNote: String?
        var mimeType: String
        var participantID: Int64?
        var language: String?
    }

    struct Finish: Codable {
        var chunkCount: Int
        var duration: Double?
    }

    struct ChunkReceipt: Codable {
        var chunkCount: Int
        var byteCount: Int64
        var parts: Int
    }

    /// The live transcript as the page polls it: only ever appended to.
    struct Live: Codable {
        var state: Capture.State
        var transcribedUntil: Double
        var language: String?
        var segments: [LiveTranscriptSegment]
    }

    struct Finished: Encodable {
        var capture: CaptureView
        var recording: Recording
        var jobID: Int64?
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("studies/:studyID/captures") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .managers, to: "record interviews")
            let body = try await JSONResponse.decode(Start.self, from: request, context: context)
            let capture = try await backend.store.createCapture(try Self.capture(from: body, studyID: studyID, user: user.userID))
            var details: AuditDetails = ["title": .string(capture.title), "mimeType": .string(capture.mimeType)]
            if let note = capture.consentNote { details.fields["note"] = .string(note) }
            try await backend.audit(user, "capture.consent", study: studyID, target: "capture", capture.id, details: details)
            return try JSONResponse.make(try await backend.view(capture), status: .created)
        }
        router.get("studies/:studyID/captures") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .managers, to: "record interviews")
            let state = try request.uri.queryParameters.get("state").map { text in
                guard let state = Capture.State(rawValue: text) else {
                    throw APIError.badRequest(
                        "`state` \"\(text.prefix(32))\" is not recording, finished or discarded.",
                        fr: "`state` « \(text.prefix(32)) » n’est ni recording, ni finished, ni discarded.")
                }
                return state
            }
            var views: [CaptureView] = []
            for capture in try await backend.store.captures(studyID: studyID, state: state) { views.append(try await backend.view(capture)) }
            return try JSONResponse.make(views)
        }
        router.get("captures/:captureID") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("captureID", as: Int64.self)
            return try JSONResponse.make(try await backend.view(try await backend.capture(id, for: user)))
        }
        router.put("captures/:captureID/chunks/:index") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("captureID", as: Int64.self)
            let index = try context.parameters.require("index", as: Int.self)
            let part = try Self.part(request.uri.queryParameters.get("part"))
            _ = try await backend.capture(id, for: user)
            var request = request
            // A larger body is answered 413 by the error middleware.
            let bytes = Data(try await request.collectBody(upTo: Self.maximumChunkBytes).readableBytesView)
            guard !bytes.isEmpty, index >= 0 else {
                throw APIError.badRequest(
                    "A chunk needs an index from 0 and at least one byte of media.", fr: "Un morceau demande un indice à partir de 0 et au moins un octet de média.")
            }
            let (receipt, capture) = try await backend.captureLocks.run(id) {
                try await receive(bytes, index: index, part: part, captureID: id)
            }
            do {
                // The chunk is kept whatever happens here: a missed live step only delays the live text.
                let folder = backend.captureFolder(capture)
                try await backend.requestLiveTranscription(captureID: id, folder: folder.url, language: capture.language)
            } catch {
                context.logger.warning("cannot queue a live transcription step", metadata: ["capture": "\(id)", "error": "\(error)"])
            }
            return try JSONResponse.make(receipt)
        }
        router.post("captures/:captureID/finish") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("captureID", as: Int64.self)
            _ = try await backend.capture(id, for: user)
            let body = try await JSONResponse.decode(Finish.self, from: request, context: context)
            let logger = context.logger
            let result = try await backend.captureLocks.run(id) { () async throws -> (Capture, Recording, Int64?, Bool) in
                guard let capture = try await backend.store.capture(id: id) else { throw APIError.notFound("Capture", id) }
                if capture.state == .finished, let recordingID = capture.recordingID, let recording = try await backend.store.recording(id: recordingID) {
                    return (capture, recording, capture.jobID, false)
                }
                try Self.requireOpen(capture)
                guard body.chunkCount == capture.chunkCount else {
                    throw Self.gap(capture, sent: body.chunkCount)
                }
                let done = try await CaptureAssembly(backend: backend).finish(capture, logger: logger)
                return (done.capture, done.recording, done.job.id, true)
            }
            if result.3 {
                var details: AuditDetails = ["recording": .int(result.1.id!), "chunks": .int(Int64(result.0.chunkCount))]
                if let seconds = result.1.duration { details.fields["seconds"] = .double(seconds) }
                if let claimed = body.duration, claimed.isFinite { details.fields["clientSeconds"] = .double(claimed) }
                try await backend.audit(user, "capture.finish", study: result.0.studyID, target: "capture", id, details: details)
            }
            return try JSONResponse.make(Finished(capture: try await backend.view(result.0), recording: result.1.forResponse, jobID: result.2))
        }
        router.get("captures/:captureID/live") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("captureID", as: Int64.self)
            let capture = try await backend.capture(id, for: user)
            let live = try await backend.store.liveTranscript(captureID: id)
            return try JSONResponse.make(
                Live(state: capture.state, transcribedUntil: live.transcribedUntil, language: live.language, segments: live.segments))
        }
        router.delete("captures/:captureID") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("captureID", as: Int64.self)
            _ = try await backend.capture(id, for: user)
            try await backend.captureLocks.run(id) {
                guard let capture = try await backend.store.capture(id: id) else { throw APIError.notFound("Capture", id) }
                guard capture.state != .finished else {
                    throw APIError(
                        .conflict, code: "capture_closed",
                        "Capture \(id) became recording \(capture.recordingID.map(String.init) ?? "?"); delete that recording instead.",
                        fr: "La capture \(id) est devenue l’enregistrement \(capture.recordingID.map(String.init) ?? "?") ; supprimez plutôt cet enregistrement.")
                }
                _ = try await backend.store.discardCapture(id: id)
                backend.captureFolder(capture).remove()
                try await backend.audit(user, "capture.discard", study: capture.studyID, target: "capture", id, details: ["chunks": .int(Int64(capture.chunkCount))])
            }
            return Response(status: .noContent)
        }
    }

    /// Stores one chunk: the next one is appended; a resent one is recognised; anything else is refused.
    func receive(_ bytes: Data, index: Int, part: Int, captureID id: Int64) async throws -> (ChunkReceipt, Capture) {
        guard let capture = try await backend.store.capture(id: id) else { throw APIError.notFound("Capture", id) }
        try Self.requireOpen(capture)
        let sha256 = CaptureFolder.sha256(bytes)
        if index < capture.chunkCount {
            guard let stored = try await backend.store.captureChunk(captureID: id, index: index), stored.sha256 == sha256 else {
                throw APIError(
                    .conflict, code: "chunk_conflict",
                    "Chunk \(index) of capture \(id) was received already with other bytes; send the next chunk, \(capture.chunkCount).",
                    fr: "Le morceau \(index) de la capture \(id) a déjà été reçu avec d’autres octets ; envoyez le suivant, \(capture.chunkCount).")
            }
            return (ChunkReceipt(chunkCount: capture.chunkCount, byteCount: capture.byteCount, parts: capture.parts), capture)
        }
        guard index == capture.chunkCount else { throw Self.gap(capture, sent: index) }
        let current = max(capture.parts - 1, 0)
        guard part == current || (capture.parts > 0 && part == current + 1) else {
            throw APIError(
                .conflict, code: "part_out_of_order",
                "Chunk \(index) names part \(part), but capture \(id) is in part \(current); send part \(current), or \(current + 1) for a new recorder.",
                fr: "Le morceau \(index) indique la partie \(part), mais la capture \(id) en est à la partie \(current) ; envoyez la partie \(current), ou \(current + 1) pour un nouvel enregistreur.")
        }
        let folder = backend.captureFolder(capture)
        let offset = try await backend.store.capturePartBytes(captureID: id, part: part)
        do {
            try await BlockingWork.run { try folder.write(bytes, part: part, at: offset) }
        } catch {
            throw APIError(
                .internalServerError, code: "storage_failure", "The server cannot write to its media folder; tell its administrator.",
                fr: "Le serveur ne peut pas écrire dans son dossier de médias ; prévenez son administrateur.")
        }
        let updated: Capture
        do {
            updated = try await backend.store.appendCaptureChunk(
                CaptureChunk(captureID: id, chunkIndex: index, part: part, sha256: sha256, byteCount: Int64(bytes.count)))
        } catch {
            folder.truncate(part: part, to: offset)
            throw error
        }
        return (ChunkReceipt(chunkCount: updated.chunkCount, byteCount: updated.byteCount, parts: updated.parts), updated)
    }

    /// The capture to store from a start request; refuses a missing consent or a format the server cannot join.
    static func capture(from body: Start, studyID: Int64, user: Int64) throws -> Capture {
        guard body.consentConfirmed == true else {
            throw APIError(
                .unprocessableContent, code: "consent_required",
                "Confirm that the participant's recorded consent was obtained before recording (consentConfirmed: true).",
                fr: "Confirmez que le consentement enregistré du participant a été obtenu avant d’enregistrer (consentConfirmed: true).")
        }
        let mime = body.mimeType.lowercased().trimmingCharacters(in: .whitespaces)
        let type = mime.split(separator: ";").first.map(String.init) ?? ""
        guard ["audio/webm", "audio/ogg", "video/webm"].contains(type), mime.count <= 100 else {
            throw APIError(
                .unprocessableContent, code: "unsupported_media_type",
                "The recorder's format \"\(body.mimeType.prefix(100))\" is not taken; record audio/webm, audio/ogg or video/webm (Opus sound).",
                fr: "Le format de l’enregistreur « \(body.mimeType.prefix(100)) » n’est pas accepté ; enregistrez en audio/webm, audio/ogg ou video/webm (son Opus).")
        }
        let title = body.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else {
            throw APIError.badRequest("Give the interview a title.", fr: "Donnez un titre à l’entretien.")
        }
        if let language = body.language, !TranscriptionRequest.languages.contains(language) {
            throw APIError(
                .unprocessableContent, code: "unknown_language",
                "`language` \"\(language.prefix(16))\" is not a language Whisper knows; use a code such as fr or en, or leave it out.",
                fr: "`language` « \(language.prefix(16)) » n’est pas une langue connue de Whisper ; utilisez un code comme fr ou en, ou omettez-le.")
        }
        let note = body.consentNote?.trimmingCharacters(in: .whitespacesAndNewlines)
        return Capture(
            studyID: studyID, title: title, createdBy: user, consentBy: user, consentNote: note?.isEmpty == false ? note : nil,
            mimeType: mime, hasVideo: type.hasPrefix("video/"), participantID: body.participantID, language: body.language)
    }

    /// The `part` query parameter (0 when absent).
    static func part(_ text: String?) throws -> Int {
        guard let text else { return 0 }
        guard let part = Int(text), (0...999).contains(part) else {
            throw APIError.badRequest("`part` must be a whole number from 0 to 999.", fr: "`part` doit être un nombre entier de 0 à 999.")
        }
        return part
    }

    static func requireOpen(_ capture: Capture) throws {
        guard capture.state == .recording else {
            throw APIError(
                .conflict, code: "capture_closed",
                "Capture \(capture.id!) is \(capture.state.rawValue) and takes no more chunks; start a new recording.",
                fr: "La capture \(capture.id!) est \(capture.state == .finished ? "terminée" : "abandonnée") et ne prend plus de morceaux ; commencez un nouvel enregistrement.")
        }
    }

    static func gap(_ capture: Capture, sent: Int) -> APIError {
        APIError(
            .conflict, code: "chunk_gap",
            "Capture \(capture.id!) has received \(capture.chunkCount) chunks, not \(sent); send chunk \(capture.chunkCount) next.",
            fr: "La capture \(capture.id!) a reçu \(capture.chunkCount) morceaux, pas \(sent) ; envoyez ensuite le morceau \(capture.chunkCount).")
    }
}

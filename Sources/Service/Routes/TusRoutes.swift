import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Store

/// Resumable uploads of recordings with the tus 1.0.0 protocol (core, creation, termination,
/// checksum, expiration): `POST /uploads` creates an upload for a study, `PATCH` appends bytes
/// at `Upload-Offset`, `HEAD` tells how many arrived, `DELETE` abandons it. The last byte stores
/// the recording through the same intake as a one-request upload (``RecordingIntake``).
struct TusRoutes {
    let backend: ServiceBackend

    /// `OPTIONS /uploads`: what this server speaks, public as tus clients expect.
    func registerPublic(on router: Router<ServiceRequestContext>) {
        router.on("uploads", method: .options) { _, _ in
            var headers = HTTPFields()
            headers[.tusResumable] = TusProtocol.version
            headers[.tusVersion] = TusProtocol.version
            headers[.tusExtension] = TusProtocol.extensions
            headers[.tusMaxSize] = String(backend.configuration.maxUploadBytes)
            headers[.tusChecksumAlgorithm] = TusProtocol.checksumAlgorithm
            return Response(status: .noContent, headers: headers)
        }
    }

    /// The authenticated operations, on a group behind ``TusMiddleware`` and ``AuthMiddleware``.
    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("uploads") { request, context in
            let user = try context.requireIdentity()
            let upload = try await create(request, user: user)
            try await backend.audit(
                user, "upload.create", study: upload.studyID, target: "study", upload.studyID,
                details: ["upload": .string(upload.id), "bytes": .int(upload.length)])
            var headers = expiryHeaders(upload)
            headers[.location] = "/uploads/\(upload.id)"
            return Response(status: .created, headers: headers)
        }
        router.head("uploads/:uploadID") { _, context in
            let user = try context.requireIdentity()
            let upload = try await backend.uploads.upload(try context.parameters.require("uploadID"), userID: user.userID)
            var headers = expiryHeaders(upload)
            headers[.uploadOffset] = String(upload.offset)
            headers[.uploadLength] = String(upload.length)
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers)
        }
        router.patch("uploads/:uploadID") { request, context in
            let user = try context.requireIdentity()
            return try await patch(request, id: try context.parameters.require("uploadID"), user: user, logger: context.logger)
        }
        router.delete("uploads/:uploadID") { _, context in
            let user = try context.requireIdentity()
            let upload = try await backend.uploads.terminate(try context.parameters.require("uploadID"), userID: user.userID)
            try await backend.audit(
                user, "upload.delete", study: upload.studyID, target: "study", upload.studyID, details: ["upload": .string(upload.id)])
            return Response(status: .noContent)
        }
    }

    /// Creation: checks the length, the metadata and the caller's role in the study.
    private func create(_ request: Request, user: AuthenticatedUser) async throws -> TusUpload {
        if request.headers[.uploadDeferLength] != nil {
            throw APIError.badRequest(
                "This server needs the file's size at creation (Upload-Length); Upload-Defer-Length is not supported.",
                fr: "Ce serveur demande la taille du fichier à la création (Upload-Length) ; Upload-Defer-Length n’est pas pris en charge.")
        }
        let length = try TusProtocol.integer(request.headers[.uploadLength], named: "Upload-Length")
        let limit = backend.configuration.maxUploadBytes
        guard length <= limit else {
            throw APIError(
                .contentTooLarge, code: "too_large",
                "The upload exceeds the limit of \(limit) bytes; split the recording or ask the administrator to raise the limit.",
                fr: "Le dépôt dépasse la limite de \(limit) octets ; découpez l’enregistrement ou demandez à l’administrateur de relever la limite.")
        }
        guard length > 0 else {
            throw APIError.badRequest(
                "The upload is empty (Upload-Length: 0); send the recording's size.",
                fr: "Le dépôt est vide (Upload-Length: 0) ; envoyez la taille de l’enregistrement.")
        }
        let metadata = try TusProtocol.metadata(request.headers[.uploadMetadata])
        guard let studyText = metadata["studyId"], let studyID = Int64(studyText), studyID > 0 else {
            throw APIError.badRequest(
                "Upload-Metadata must name the study: `studyId` with the study's identifier (base64-encoded, as every tus metadata value).",
                fr: "Upload-Metadata doit nommer l’étude : `studyId` avec l’identifiant de l’étude (encodé en base64, comme toute valeur de métadonnée tus).")
        }
        var sha256 = metadata["sha256"]?.lowercased()
        if sha256 == "" { sha256 = nil }
        if let sha256, sha256.utf8.count != 64 || !sha256.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) {
            throw APIError.badRequest(
                "The `sha256` metadata must be the whole file's SHA-256 in 64 hex digits.",
                fr: "La métadonnée `sha256` doit être le SHA-256 du fichier entier en 64 chiffres hexadécimaux.")
        }
        let recordedAt = try RecordingIntake.recordedAt(metadata["recordedAt"])
        let title = metadata["title"].map { String($0.prefix(TextLimits.title)) }
        let filename = metadata["filename"].map { String($0.prefix(TextLimits.title)) }
        try await backend.access.require(user, study: studyID, anyOf: .managers, to: "upload recordings")
        return try await backend.uploads.create(
            userID: user.userID, studyID: studyID, length: length, filename: filename, title: title, recordedAt: recordedAt, sha256: sha256)
    }

    /// Appends the body at `Upload-Offset`; the last byte stores the recording.
    private func patch(_ request: Request, id: String, user: AuthenticatedUser, logger: Logger) async throws -> Response {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == TusProtocol.patchContentType else {
            throw APIError(
                .unsupportedMediaType, code: "unsupported_media_type",
                "A PATCH of an upload must have `Content-Type: \(TusProtocol.patchContentType)`.",
                fr: "Un PATCH de dépôt doit avoir `Content-Type: \(TusProtocol.patchContentType)`.")
        }
        let offset = try TusProtocol.integer(request.headers[.uploadOffset], named: "Upload-Offset")
        let checksum = try TusProtocol.checksum(request.headers[.uploadChecksum])
        let lease = try await backend.uploads.begin(id, userID: user.userID)
        let outcome: TusPatchWriter.Outcome
        do {
            guard offset == lease.upload.offset else {
                throw APIError(
                    .conflict, code: "offset_mismatch",
                    "Upload-Offset \(offset) is not where the upload stands (\(lease.upload.offset)); ask with HEAD and send from there.",
                    fr: "Upload-Offset \(offset) n’est pas la position du dépôt (\(lease.upload.offset)) ; demandez-la par HEAD et envoyez à partir de là.")
            }
            if let declared = request.headers[.contentLength].flatMap({ Int64($0) }), offset + declared > lease.upload.length {
                throw TusPatchWriter.tooManyBytes(lease.upload)
            }
            outcome = try await TusPatchWriter.write(request.body, lease: lease, checksum: checksum)
        } catch {
            await backend.uploads.release(id)
            throw error
        }
        guard outcome.error == nil, outcome.offset == lease.upload.length, let hasher = outcome.hasher else {
            let upload = try await backend.uploads.end(id, offset: outcome.offset, hasher: outcome.hasher, tail: outcome.tail)
            if let error = outcome.error { throw error }
            var headers = expiryHeaders(upload)
            headers[.uploadOffset] = String(upload.offset)
            return Response(status: .noContent, headers: headers)
        }
        // The last byte: the upload becomes a recording, or is refused; either way it ends here.
        let recording: Recording
        do {
            recording = try await store(lease.upload, sha256: Hex.encode(hasher.finalize()), file: lease.file, user: user, logger: logger)
        } catch {
            await backend.uploads.remove(id)
            throw error
        }
        await backend.uploads.remove(id)
        try await backend.audit(
            user, "recording.upload", study: recording.studyID, target: "recording", recording.id,
            details: ["sha256": .string(recording.fileHash), "upload": .string(id)])
        var headers = HTTPFields()
        headers[.uploadOffset] = String(outcome.offset)
        headers[.verbatimRecording] = String(recording.id!)
        return Response(status: .noContent, headers: headers)
    }

    /// Checks the whole file's SHA-256 against the one announced, and the caller's role still, then stores the recording.
    private func store(_ upload: TusUpload, sha256: String, file: URL, user: AuthenticatedUser, logger: Logger) async throws -> Recording {
        if let expected = upload.sha256, expected != sha256 {
            throw APIError(
                TusProtocol.checksumMismatch, code: "checksum_mismatch",
                "The file received has SHA-256 \(sha256), not the \(expected) announced in its metadata; the upload was removed: upload the file again.",
                fr: "Le fichier reçu a le SHA-256 \(sha256), et non \(expected) annoncé dans ses métadonnées ; le dépôt a été supprimé : déposez le fichier à nouveau.")
        }
        try await backend.access.require(user, study: upload.studyID, anyOf: .managers, to: "upload recordings")
        // A sealed upload is probed and encrypted for good from its records (``EncryptedMediaStorage/store(_:studyID:name:)``).
        let received = UploadReceiver.Received(url: file, sha256: sha256, byteCount: upload.length)
        return try await RecordingIntake(backend: backend).store(
            received, studyID: upload.studyID, title: upload.title, filename: upload.filename, recordedAt: upload.recordedAt, logger: logger)
    }

    private func expiryHeaders(_ upload: TusUpload) -> HTTPFields {
        var headers = HTTPFields()
        headers[.uploadExpires] = TusProtocol.httpDate(upload.expiresAt)
        return headers
    }
}

extension HTTPField.Name {
    fileprivate static let uploadDeferLength = Self("Upload-Defer-Length")!
}

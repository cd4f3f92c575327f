import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store

/// Streams a request body to a temporary file in the media folder, computing its SHA-256 on the
/// fly and enforcing a size limit, so memory stays flat whatever the upload's size. A recording's
/// bytes are sealed under its study's key as they arrive when media are encrypted at rest
/// (``PartialMediaFiles``).
struct UploadReceiver {
    /// A body received completely.
    struct Received {
        /// The temporary file holding the bytes.
        var url: URL
        /// Lower-case hex SHA-256 of the bytes.
        var sha256: String
        /// Number of bytes.
        var byteCount: Int64
        /// Text fields of a multipart body (`title`...), empty for a raw body.
        var fields: [String: String] = [:]
        /// The file's name in a multipart body (``ContentDisposition/filename``), `nil` for a raw body.
        var filename: String?
    }

    let directory: URL
    let maxBytes: Int64
    /// Where the bytes are sealed, and for which study; `nil` keeps them in clear (wearable exports).
    var sealing: (files: PartialMediaFiles, studyID: Int64)? = nil

    /// Receives `body` into a new `.part` file; removes it and throws on any failure.
    ///
    /// With a `multipartBoundary`, the body is `multipart/form-data` and only its (first) file part is kept.
    func receive(_ body: RequestBody, declaredLength: Int64?, multipartBoundary: String? = nil) async throws -> Received {
        if let declaredLength, declaredLength > maxBytes { throw tooLarge() }
        try PrivateFiles.createFolder(directory)
        let url = directory.appendingPathComponent("upload-\(UUID().uuidString).part")
        let files = sealing?.files ?? PartialMediaFiles(keyring: nil)
        guard let handle = try? files.appender(url, studyID: sealing?.studyID ?? 0, at: 0) else {
            throw APIError(
                .internalServerError, code: "storage_failure", "The server cannot write to its media folder; tell its administrator.", fr: "Le serveur ne peut pas écrire dans son dossier de médias ; prévenez son administrateur.")
        }
        var hasher = SHA256()
        var count: Int64 = 0
        var fields: [String: String] = [:]
        var filename: String?
        var written: Int64 = 0
        do {
            var multipart = multipartBoundary.map { MultipartFileReader(boundary: $0) }
            for try await buffer in body {
                count += Int64(buffer.readableBytes)
                if count > maxBytes { throw tooLarge() }
                let bytes = buffer.readableBytesView
                if multipart != nil {
                    try multipart!.consume(bytes) { fileBytes in
                        hasher.update(data: fileBytes)
                        written += Int64(fileBytes.count)
                        try handle.append(fileBytes)
                    }
                } else {
                    hasher.update(data: bytes)
                    written += Int64(bytes.count)
                    try handle.append(bytes)
                }
            }
            try handle.flush()
            if let multipart {
                guard multipart.isComplete, multipart.filename != nil else {
                    throw APIError.badRequest(
                        "The multipart body is incomplete or has no file part; send the recording as a part with a `filename`.", fr: "Le corps multipart est incomplet ou sans partie fichier ; envoyez l’enregistrement dans une partie avec un `filename`.")
                }
                fields = multipart.fields
                filename = multipart.filename
            }
        } catch let error as MultipartFileReader.Malformed {
            try? FileManager.default.removeItem(at: url)
            throw APIError.badRequest("The multipart body is malformed: \(error.reason).", fr: "Le corps multipart est mal formé : \(error.reason).")
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        guard written > 0 else {
            try? FileManager.default.removeItem(at: url)
            throw APIError.badRequest("The upload is empty; send the recording's bytes as the request body.", fr: "Le dépôt est vide ; envoyez les octets de l’enregistrement dans le corps de la requête.")
        }
        return Received(url: url, sha256: Hex.encode(hasher.finalize()), byteCount: written, fields: fields, filename: filename)
    }

    private func tooLarge() -> APIError {
        APIError(
            .contentTooLarge, code: "too_large",
            "The upload exceeds the limit of \(maxBytes) bytes; split the recording or ask the administrator to raise the limit.", fr: "Le dépôt dépasse la limite de \(maxBytes) octets ; découpez l’enregistrement ou demandez à l’administrateur de relever la limite.")
    }
}

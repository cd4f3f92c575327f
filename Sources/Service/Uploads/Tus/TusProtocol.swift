import Foundation
import HTTPTypes
import Hummingbird

/// The parts of the tus 1.0.0 resumable upload protocol that Verbatim speaks: core, creation,
/// termination, checksum (SHA-256 only) and expiration (<https://tus.io/protocols/resumable-upload>).
enum TusProtocol {
    /// The protocol version, answered in `Tus-Resumable` and `Tus-Version`.
    static let version = "1.0.0"
    /// The extensions answered in `Tus-Extension`.
    static let extensions = "creation,termination,checksum,expiration"
    /// The one checksum algorithm accepted.
    static let checksumAlgorithm = "sha256"
    /// The content type of a PATCH body.
    static let patchContentType = "application/offset+octet-stream"

    /// 460: an `Upload-Checksum` (or the whole file's `sha256`) does not match the bytes received.
    static let checksumMismatch = HTTPResponse.Status(code: 460, reasonPhrase: "Checksum Mismatch")
    /// 423: another PATCH of the same upload is in progress.
    static let locked = HTTPResponse.Status(code: 423, reasonPhrase: "Locked")
}

extension HTTPField.Name {
    static let tusResumable = Self("Tus-Resumable")!
    static let tusVersion = Self("Tus-Version")!
    static let tusExtension = Self("Tus-Extension")!
    static let tusMaxSize = Self("Tus-Max-Size")!
    static let tusChecksumAlgorithm = Self("Tus-Checksum-Algorithm")!
    static let uploadOffset = Self("Upload-Offset")!
    static let uploadLength = Self("Upload-Length")!
    static let uploadMetadata = Self("Upload-Metadata")!
    static let uploadChecksum = Self("Upload-Checksum")!
    static let uploadExpires = Self("Upload-Expires")!
    /// The recording that the last PATCH of an upload stored.
    static let verbatimRecording = Self("Verbatim-Recording")!
}

extension TusProtocol {
    /// The decoded `Upload-Metadata`: comma-separated `key base64value` pairs (a value may be absent).
    static func metadata(_ header: String?) throws -> [String: String] {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else { return [:] }
        var pairs: [String: String] = [:]
        for item in header.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
            guard (1...2).contains(parts.count), let key = parts.first, !key.isEmpty, pairs[String(key)] == nil else {
                throw APIError.badRequest(
                    "Upload-Metadata must be comma-separated `key base64value` pairs with distinct keys.",
                    fr: "Upload-Metadata doit être une liste de paires `clé valeurbase64` séparées par des virgules, aux clés distinctes.")
            }
            var value = ""
            if parts.count == 2 {
                guard let data = Data(base64Encoded: String(parts[1])), let text = String(data: data, encoding: .utf8) else {
                    throw APIError.badRequest(
                        "The Upload-Metadata value of `\(key.prefix(64))` is not base64-encoded UTF-8.",
                        fr: "La valeur Upload-Metadata de `\(key.prefix(64))` n’est pas de l’UTF-8 encodé en base64.")
                }
                value = text
            }
            pairs[String(key)] = value
        }
        return pairs
    }

    /// The SHA-256 digest an `Upload-Checksum` header names (`sha256 <base64>`), `nil` without the header.
    static func checksum(_ header: String?) throws -> [UInt8]? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == checksumAlgorithm else {
            throw APIError.badRequest(
                "Upload-Checksum must be `sha256 <base64 digest>`: sha256 is the only algorithm this server supports.",
                fr: "Upload-Checksum doit être `sha256 <empreinte en base64>` : sha256 est le seul algorithme pris en charge.")
        }
        guard let digest = Data(base64Encoded: String(parts[1])), digest.count == 32 else {
            throw APIError.badRequest(
                "The Upload-Checksum digest is not 32 bytes of base64.",
                fr: "L’empreinte d’Upload-Checksum n’est pas de 32 octets en base64.")
        }
        return Array(digest)
    }

    /// A non-negative integer header (`Upload-Length`, `Upload-Offset`), or `400` naming it.
    static func integer(_ value: String?, named name: String) throws -> Int64 {
        guard let value, let number = Int64(value), number >= 0, value.allSatisfy(\.isASCII) else {
            throw APIError.badRequest(
                "The \(name) header must be a non-negative integer.", fr: "L’en-tête \(name) doit être un entier positif ou nul.")
        }
        return number
    }

    /// `Upload-Expires` as RFC 9110 states it (an IMF-fixdate).
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

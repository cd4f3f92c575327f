import Crypto
import Foundation
import Hummingbird
import NIOCore

/// Appends one PATCH body to an upload's file, streaming (memory stays flat whatever the size),
/// and carries the whole file's SHA-256 on.
///
/// A body cut short keeps the bytes that arrived, so the client resumes from there; a body sent
/// with `Upload-Checksum` is all or nothing: cut short, or not matching its checksum, its bytes
/// are cut off the file again and the offset stays where it was.
enum TusPatchWriter {
    /// Where a PATCH left the upload, and why it stopped early if it did.
    struct Outcome: Sendable {
        /// The upload's offset after the PATCH.
        var offset: Int64
        /// The SHA-256 of the bytes up to `offset`.
        var hasher: SHA256
        /// The error that ended the PATCH early (cut connection, checksum mismatch, too many bytes), `nil` on success.
        var error: (any Error)?
    }

    /// Appends `body` to the file of `lease`; throws only when nothing could be written (the file is unreadable).
    static func write(_ body: RequestBody, lease: TusUploadRegistry.Lease, checksum: [UInt8]?) async throws -> Outcome {
        let start = lease.upload.offset
        let file = lease.file
        let before: SHA256
        if let hasher = lease.hasher {
            before = hasher
        } else {
            before = try await BlockingWork.run { try rehash(file, upTo: start) }
        }
        let handle: FileHandle
        do {
            handle = try FileHandle(forWritingTo: file)
            try handle.seek(toOffset: UInt64(start))
        } catch {
            throw TusUploadRegistry.storageFailure
        }
        defer { try? handle.close() }
        var hasher = before
        var part = SHA256()
        var offset = start
        do {
            for try await buffer in body {
                let bytes = buffer.readableBytesView
                guard offset + Int64(bytes.count) <= lease.upload.length else { throw tooManyBytes(lease.upload) }
                try handle.write(contentsOf: bytes)
                hasher.update(data: bytes)
                if checksum != nil { part.update(data: bytes) }
                offset += Int64(bytes.count)
            }
        } catch {
            // A checksummed PATCH is all or nothing, and so is one with too many bytes; a plain one keeps what arrived.
            let keep = checksum == nil && (error as? APIError)?.code != tooLongCode
            return cutBack(handle, to: keep ? offset : start, hasher: keep ? hasher : before, error: error)
        }
        if let checksum, Array(part.finalize()) != checksum {
            return cutBack(
                handle, to: start, hasher: before,
                error: APIError(
                    TusProtocol.checksumMismatch, code: "checksum_mismatch",
                    "The bytes of this PATCH do not match its Upload-Checksum; they were discarded: send them again from offset \(start).",
                    fr: "Les octets de ce PATCH ne correspondent pas à son Upload-Checksum ; ils ont été écartés : renvoyez-les depuis la position \(start)."))
        }
        return Outcome(offset: offset, hasher: hasher, error: nil)
    }

    /// The SHA-256 of the first `count` bytes of `file` (an upload met again after a restart).
    static func rehash(_ file: URL, upTo count: Int64) throws -> SHA256 {
        var hasher = SHA256()
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var left = count
        while left > 0, let data = try handle.read(upToCount: Int(min(left, 1 << 20))), !data.isEmpty {
            hasher.update(data: data)
            left -= Int64(data.count)
        }
        return hasher
    }

    private static func cutBack(_ handle: FileHandle, to offset: Int64, hasher: SHA256, error: any Error) -> Outcome {
        try? handle.truncate(atOffset: UInt64(offset))
        return Outcome(offset: offset, hasher: hasher, error: error)
    }

    /// The code of the error answered to a body longer than the upload.
    static let tooLongCode = "upload_too_long"

    static func tooManyBytes(_ upload: TusUpload) -> APIError {
        APIError(
            .badRequest, code: tooLongCode,
            "This PATCH carries more bytes than the upload's Upload-Length (\(upload.length)); its bytes were discarded.",
            fr: "Ce PATCH porte plus d’octets que l’Upload-Length du dépôt (\(upload.length)) ; ses octets ont été écartés.")
    }
}

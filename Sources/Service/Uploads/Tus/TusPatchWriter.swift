import Crypto
import Foundation
import Hummingbird
import NIOCore
import Store

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
        /// The SHA-256 of the bytes up to `offset`, `nil` when it must be recomputed from the file.
        var hasher: SHA256?
        /// Where a sealed file's records end at `offset`, for the next PATCH.
        var tail: SealedAppendFile.Tail?
        /// The error that ended the PATCH early (cut connection, checksum mismatch, too many bytes), `nil` on success.
        var error: (any Error)?
    }

    /// Appends `body` to the file of `lease`; throws only when nothing could be written (the file is unreadable).
    static func write(_ body: RequestBody, lease: TusUploadRegistry.Lease, checksum: [UInt8]?) async throws -> Outcome {
        let start = lease.upload.offset
        let file = lease.file, files = lease.files, studyID = lease.upload.studyID
        let before: SHA256
        let appender: any PartialFileAppender
        do {
            if let hasher = lease.hasher {
                before = hasher
            } else {
                before = try await BlockingWork.run { try rehash(file, upTo: start, files: files) }
            }
            appender = try files.appender(file, studyID: studyID, at: start, resumingAt: lease.tail)
        } catch {
            throw TusUploadRegistry.storageFailure
        }
        guard appender.length == start else { throw TusUploadRegistry.storageFailure }
        var hasher = before
        var part = SHA256()
        var offset = start
        do {
            for try await buffer in body {
                let bytes = buffer.readableBytesView
                guard offset + Int64(bytes.count) <= lease.upload.length else { throw tooManyBytes(lease.upload) }
                try appender.append(bytes)
                hasher.update(data: bytes)
                if checksum != nil { part.update(data: bytes) }
                offset += Int64(bytes.count)
            }
            try appender.flush()
        } catch {
            // A checksummed PATCH is all or nothing, and so is one with too many bytes; a plain one keeps what arrived.
            let keep = checksum == nil && (error as? APIError)?.code != tooLongCode
            return cutBack(appender, to: keep ? offset : start, hasher: keep ? hasher : before, error: error)
        }
        if let checksum, Array(part.finalize()) != checksum {
            return cutBack(
                appender, to: start, hasher: before,
                error: APIError(
                    TusProtocol.checksumMismatch, code: "checksum_mismatch",
                    "The bytes of this PATCH do not match its Upload-Checksum; they were discarded: send them again from offset \(start).",
                    fr: "Les octets de ce PATCH ne correspondent pas à son Upload-Checksum ; ils ont été écartés : renvoyez-les depuis la position \(start)."))
        }
        return Outcome(offset: offset, hasher: hasher, tail: appender.resumeTail, error: nil)
    }

    /// The SHA-256 of the first `count` plain bytes of `file` (an upload met again after a restart).
    static func rehash(_ file: URL, upTo count: Int64, files: PartialMediaFiles) throws -> SHA256 {
        var hasher = SHA256()
        try files.read(file, upTo: count) { hasher.update(data: $0) }
        return hasher
    }

    /// Ends a PATCH that stopped early at `offset`: bytes held are written when they are kept,
    /// the file is cut back to `offset`; if the file keeps less (a write failed), so does the upload.
    private static func cutBack(_ appender: any PartialFileAppender, to offset: Int64, hasher: SHA256, error: any Error) -> Outcome {
        if offset > appender.length { try? appender.flush() }
        let kept = (try? appender.truncate(to: offset)) ?? appender.length
        guard kept != offset else { return Outcome(offset: offset, hasher: hasher, tail: appender.resumeTail, error: error) }
        // The hash must cover exactly the bytes kept: it is recomputed from the file at the next PATCH.
        return Outcome(offset: kept, hasher: nil, tail: nil, error: error)
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

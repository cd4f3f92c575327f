import Crypto
import Foundation
import Media
import Store

/// The files of recordings still arriving (a resumable upload's bytes, a capture's parts): sealed
/// record by record under the study's key (``SealedAppendFile``) when media are encrypted at rest,
/// in clear otherwise.
///
/// A file already begun keeps its kind: one started in clear before a master key was given is
/// finished in clear. Readers get the plain bytes either way, FFmpeg through ``input(_:)`` (a
/// decrypting reader, no clear copy). Every method blocks its thread (file I/O).
struct PartialMediaFiles: Sendable {
    /// The study keys when media are encrypted at rest, `nil` when they are kept in clear.
    let keyring: StudyKeyring?

    /// Files sealed with the keys of `media` when it encrypts (``EncryptedMediaStorage``), in clear otherwise.
    init(sealingLike media: any MediaStorage) {
        keyring = (media as? EncryptedMediaStorage)?.keyring
    }

    /// Files sealed with `keyring`, or in clear without one.
    init(keyring: StudyKeyring?) {
        self.keyring = keyring
    }

    /// Creates the empty file `url` for a recording of `studyID` (replacing any file there).
    func create(_ url: URL, studyID: Int64) throws {
        try PrivateFiles.createFolder(url.deletingLastPathComponent())
        if let keyring {
            let key = try keyring.key(forStudy: studyID)
            try SealedAppendFile.create(url, studyKey: key.key, keyID: key.id)
        } else {
            try? FileManager.default.removeItem(at: url)
            try PrivateFiles.createFile(url)
        }
    }

    /// Opens `url` to append to it after its first `offset` plain bytes (anything beyond is cut
    /// off first); a missing file is created. The returned ``PartialFileAppender/length`` is
    /// where appending starts: below `offset` when the file holds less. A sealed file whose
    /// `tail` the previous appender gave (``PartialFileAppender/resumeTail``) at `offset` is
    /// resumed there without reading its records again.
    func appender(_ url: URL, studyID: Int64, at offset: Int64, resumingAt tail: SealedAppendFile.Tail? = nil) throws -> any PartialFileAppender {
        if !FileManager.default.fileExists(atPath: url.path) { try create(url, studyID: studyID) }
        let appender: any PartialFileAppender
        if SealedAppendFile.isSealed(url) {
            appender = try SealedAppendFile(url: url, key: key, writable: true, resumingAt: tail?.plainLength == offset ? tail : nil)
        } else {
            appender = try PlainFileAppender(url)
        }
        if appender.length > offset { try appender.truncate(to: offset) }
        return appender
    }

    /// Cuts `url` back to at most `length` plain bytes (for a sealed file, the record boundary at
    /// or below it) and returns the length kept.
    @discardableResult
    func truncate(_ url: URL, to length: Int64) throws -> Int64 {
        if SealedAppendFile.isSealed(url) { return try SealedAppendFile(url: url, key: key, writable: true).truncate(to: length) }
        let appender = try PlainFileAppender(url)
        return try appender.length > length ? appender.truncate(to: length) : appender.length
    }

    /// Reads the first `limit` plain bytes of `url`, a block at a time.
    func read(_ url: URL, upTo limit: Int64, _ body: (Data) throws -> Void) throws {
        if SealedAppendFile.isSealed(url) {
            try SealedAppendFile(url: url, key: key).read(upTo: limit, body)
            return
        }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var left = limit
        while left > 0, let data = try handle.read(upToCount: Int(min(left, 1 << 20))), !data.isEmpty {
            try body(data)
            left -= Int64(data.count)
        }
    }

    /// `url` for a decoder: the file itself when plain, else its records read and decrypted as
    /// FFmpeg asks for them (no clear copy), as far as they were complete when it was opened.
    func input(_ url: URL) -> MediaInput {
        guard SealedAppendFile.isSealed(url) else { return .file(url) }
        let files = self
        return .bytes(name: url.lastPathComponent) { try SealedAppendFile(url: url, key: files.key) }
    }

    /// The study key with id `id`; a sealed file met without a master key cannot be read.
    private func key(_ id: Data) throws -> SymmetricKey {
        guard let keyring else {
            throw EncryptionError(
                .unknownKey, "A recording in progress is sealed with a study key, but no master key was given; start Verbatim with --master-key-file.",
                fr: "Un enregistrement en cours est scellé par une clé d’étude, mais aucune clé maîtresse n’a été donnée ; démarrez Verbatim avec --master-key-file.")
        }
        return try keyring.key(id: id)
    }
}

/// Appends to a file of ``PartialMediaFiles``: sealed (``SealedAppendFile``) or plain (``PlainFileAppender``).
protocol PartialFileAppender: AnyObject {
    /// Plain bytes written so far, in complete pieces.
    var length: Int64 { get }
    /// Appends plain bytes (some may be held until ``flush()``).
    func append(_ bytes: some DataProtocol) throws
    /// Writes what is held and syncs the file to disk.
    func flush() throws
    /// Drops what is held and cuts the file back to at most `length` bytes; returns the length kept.
    @discardableResult func truncate(to length: Int64) throws -> Int64
    /// Where a sealed file's records end, for the next appender; `nil` for a plain file.
    var resumeTail: SealedAppendFile.Tail? { get }
}

extension SealedAppendFile: PartialFileAppender {
    var resumeTail: SealedAppendFile.Tail? { tail }
}

/// A sealed part read by FFmpeg, decrypting only the records it touches.
extension SealedAppendFile: MediaByteSource {
    public var size: Int64 { length }
}

/// Appends to a plain file (media kept in clear).
final class PlainFileAppender: PartialFileAppender {
    private let handle: FileHandle
    private(set) var length: Int64
    var resumeTail: SealedAppendFile.Tail? { nil }

    init(_ url: URL) throws {
        handle = try FileHandle(forUpdating: url)
        length = Int64(try handle.seekToEnd())
    }

    deinit { try? handle.close() }

    func append(_ bytes: some DataProtocol) throws {
        try handle.write(contentsOf: bytes)
        length += Int64(bytes.count)
    }

    func flush() throws { try handle.synchronize() }

    func truncate(to length: Int64) throws -> Int64 {
        try handle.truncate(atOffset: UInt64(length))
        self.length = length
        return length
    }
}

import Crypto
import Foundation
import Media
import Store

/// Media encrypted at rest (issue 20): the folder layout of ``FolderMediaStorage``, each file in
/// the chunked AES-GCM format of ``EncryptedFileFormat`` under its study's key (``StudyKeyring``).
///
/// Used when a master key is given. Files stored before (plain, no header) are still served as
/// they are until `verbatim admin encrypt-media` converts them. Decoders (jobs, redacted copies)
/// read through a decrypting reader (``jobMedia(for:)``): no decrypted copy is written.
public struct EncryptedMediaStorage: MediaStorage {
    /// The folder the encrypted files live in.
    public let folder: FolderMediaStorage
    /// The study keys.
    public let keyring: StudyKeyring

    /// Encrypts media kept under `root`.
    public init(root: URL, keyring: StudyKeyring) {
        self.folder = FolderMediaStorage(root: root)
        self.keyring = keyring
    }

    /// Encrypts `file` into the media folder (a partial upload name, swept at start if the process dies),
    /// syncs it, moves it into the study's folder, then removes `file`. A file sealed while it
    /// arrived (``SealedAppendFile``) is encrypted from its records, never written in clear.
    public func store(_ file: URL, studyID: Int64, name: String) throws -> String {
        let key = try keyring.key(forStudy: studyID)
        let sealed = folder.root.appendingPathComponent("upload-\(UUID().uuidString).encrypting.part")
        do {
            if SealedAppendFile.isSealed(file) {
                let source = try SealedAppendFile(url: file, key: keyring.key(id:))
                let writer = try EncryptedFileWriter(creating: sealed, studyKey: key.key, keyID: key.id)
                try source.read { try writer.write($0) }
                try writer.finish()
            } else {
                try EncryptedFileWriter.encrypt(file, to: sealed, studyKey: key.key, keyID: key.id)
            }
            let reference = try folder.store(sealed, studyID: studyID, name: name)
            try? FileManager.default.removeItem(at: file)
            return reference
        } catch {
            try? FileManager.default.removeItem(at: sealed)
            throw error
        }
    }

    public func file(for reference: String) throws -> URL {
        try folder.file(for: reference)
    }

    public func remove(_ reference: String) throws {
        try folder.remove(reference)
    }

    public func contents(of reference: String) throws -> MediaContents {
        let url = try folder.file(for: reference)
        guard EncryptedFileFormat.isEncrypted(url) else { return .file(url) }
        let keyring = keyring
        let open: @Sendable () throws -> EncryptedFileReader = { try EncryptedFileReader(url: url, key: keyring.key(id:)) }
        return .encrypted(url, size: try open().size, open: open)
    }

    public func jobMedia(for reference: String) throws -> JobMedia {
        let url = try folder.file(for: reference)
        guard EncryptedFileFormat.isEncrypted(url) else { return JobMedia(url: url, isTemporary: false) }
        let keyring = keyring
        _ = try EncryptedFileReader(url: url, key: keyring.key(id:))  // a wrong key or a cut file fails here, not in FFmpeg
        return JobMedia(encrypted: url) { try EncryptedFileReader(url: url, key: keyring.key(id:)) }
    }
}

/// FFmpeg reads encrypted media through the reader, decrypting only the chunks it touches.
extension EncryptedFileReader: MediaByteSource {}

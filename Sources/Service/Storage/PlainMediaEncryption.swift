import Crypto
import Foundation
import Logging
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// `verbatim admin encrypt-media`: encrypts in place the plain media files of an installation
/// that was run without a master key, safely and resumably.
///
/// Each recording's file is encrypted to `<file>.encrypting` (synced), read back and checked
/// against the recording's SHA-256 (the hash of the plain media), then renamed over the plain
/// file, an atomic step. A run killed at any point leaves every file either plain or encrypted
/// and whole; the next run removes leftover `.encrypting` files and goes on. One audit event
/// `media.encrypt` records each run.
public struct PlainMediaEncryption: Sendable {
    /// The store whose recordings are converted.
    public let store: any Store
    /// The study keys.
    public let keyring: StudyKeyring
    /// The logger.
    public let logger: Logger

    /// Converts the media of `store` with the keys of `keyring`.
    public init(store: any Store, keyring: StudyKeyring, logger: Logger) {
        self.store = store
        self.keyring = keyring
        self.logger = logger
    }

    /// What a run did.
    public struct Summary: Sendable, Equatable {
        /// Files encrypted by this run.
        public var encrypted = 0
        /// Files found encrypted already.
        public var alreadyEncrypted = 0
        /// Recordings whose file is missing.
        public var missing = 0
    }

    /// Converts every recording's plain file; throws on the first file that fails its check
    /// (that file stays plain and whole).
    public func run() async throws -> Summary {
        var summary = Summary()
        for study in try await store.studies() {
            for recording in try await store.recordings(studyID: study.id!) {
                let url = URL(fileURLWithPath: recording.mediaPath)
                let keyring = keyring
                let outcome = try await BlockingWork.run { try Self.convert(url, recording: recording, keyring: keyring) }
                switch outcome {
                case .encrypted:
                    summary.encrypted += 1
                    logger.info("encrypted", metadata: ["recording": "\(recording.id!)"])
                case .alreadyEncrypted: summary.alreadyEncrypted += 1
                case .missing: summary.missing += 1
                }
            }
        }
        _ = try await store.appendAudit(
            actorID: nil, action: "media.encrypt", studyID: nil, targetKind: "media", targetID: nil,
            details: [
                "encrypted": .int(Int64(summary.encrypted)), "alreadyEncrypted": .int(Int64(summary.alreadyEncrypted)),
                "missing": .int(Int64(summary.missing)), "masterKey": .string(keyring.master.id),
            ])
        return summary
    }

    enum Outcome: Sendable { case encrypted, alreadyEncrypted, missing }

    static func convert(_ url: URL, recording: Recording, keyring: StudyKeyring) throws -> Outcome {
        let partial = url.appendingPathExtension("encrypting")
        try? FileManager.default.removeItem(at: partial)
        guard FileManager.default.fileExists(atPath: url.path) else { return .missing }
        if EncryptedFileFormat.isEncrypted(url) { return .alreadyEncrypted }
        let key = try keyring.key(forStudy: recording.studyID)
        do {
            try EncryptedFileWriter.encrypt(url, to: partial, studyKey: key.key, keyID: key.id)
            let reader = try EncryptedFileReader(url: partial, key: keyring.key(id:))
            var hasher = SHA256()
            var offset: Int64 = 0
            while offset < reader.size {
                let block = try reader.read(offset: offset, count: 1 << 20)
                hasher.update(data: block)
                offset += Int64(block.count)
            }
            guard Hex.encode(hasher.finalize()) == recording.fileHash else {
                throw EncryptionError(
                    .io, "The encrypted copy of \(url.lastPathComponent) does not match the recording's hash; the plain file was kept. Check the disk.",
                    fr: "La copie chiffrée de \(url.lastPathComponent) ne correspond pas à l’empreinte de l’enregistrement ; le fichier en clair est gardé. Vérifiez le disque.")
            }
            guard rename(partial.path, url.path) == 0 else {
                throw EncryptionError(
                    .io, "Cannot replace \(url.lastPathComponent) by its encrypted copy (errno \(errno)); the plain file was kept.",
                    fr: "Impossible de remplacer \(url.lastPathComponent) par sa copie chiffrée (errno \(errno)) ; le fichier en clair est gardé.")
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        return .encrypted
    }
}

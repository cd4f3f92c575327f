import Foundation
import Store

/// Where recordings' media live: a folder by default (``FolderMediaStorage``); a shared or object
/// store implements the same operations, and the routes, the intake and the workers reach
/// media only through them.
///
/// A stored file is named by a *reference*, the string a ``Store/Recording`` keeps in `mediaPath`.
public protocol MediaStorage: Sendable {
    /// Takes the finished local `file` (moved, not copied) as media of study `studyID`, kept under
    /// `name`; returns its reference. Blocks its thread (file system).
    func store(_ file: URL, studyID: Int64, name: String) throws -> String
    /// The local file that stores the media `reference`, as it lies on disk (encrypted when the
    /// storage encrypts); ``MediaStorageError`` when it is missing. Decoders use ``jobMedia(for:)``.
    func file(for reference: String) throws -> URL
    /// The plain bytes of the media `reference`, to serve byte ranges from.
    func contents(of reference: String) throws -> MediaContents
    /// What decoders read of the media `reference`: the plain file, or encrypted media through a
    /// decrypting reader (``JobMedia/input``), so no clear copy is written.
    func jobMedia(for reference: String) throws -> JobMedia
    /// Removes the media `reference`; a reference already gone is not an error.
    func remove(_ reference: String) throws
}

extension MediaStorage {
    /// The stored file itself, refused when it is encrypted (no master key was given).
    public func contents(of reference: String) throws -> MediaContents {
        let url = try file(for: reference)
        try Self.requirePlain(url, reference: reference)
        return .file(url)
    }

    /// The stored file itself, refused when it is encrypted (no master key was given).
    public func jobMedia(for reference: String) throws -> JobMedia {
        let url = try file(for: reference)
        try Self.requirePlain(url, reference: reference)
        return JobMedia(url: url, isTemporary: false)
    }

    static func requirePlain(_ url: URL, reference: String) throws {
        guard !EncryptedFileFormat.isEncrypted(url) else {
            throw MediaStorageError(
                isEncryptedWithoutKey: true,
                reference: reference, "the media file \(url.lastPathComponent) is encrypted; start Verbatim with its master key (--master-key-file)",
                fr: "le fichier média \(url.lastPathComponent) est chiffré ; démarrez Verbatim avec sa clé maîtresse (--master-key-file)")
        }
    }
}

/// Where the plain bytes of stored media come from: the file as it is, or an encrypted file read
/// range by range.
public enum MediaContents: Sendable {
    /// A plain file.
    case file(URL)
    /// An encrypted file (``EncryptedFileFormat``), with its plain size.
    case encrypted(URL, size: Int64, open: @Sendable () throws -> EncryptedFileReader)
}

/// Stored media that cannot be found or kept.
public struct MediaStorageError: Error, Sendable, CustomStringConvertible {
    /// The reference concerned.
    public var reference: String
    /// What went wrong, in English.
    public var message: String
    /// The same in French.
    public var french: String
    /// The file is encrypted and no master key was given.
    public var isEncryptedWithoutKey = false

    /// Creates an error about `reference`.
    public init(isEncryptedWithoutKey: Bool = false, reference: String, _ message: String, fr french: String) {
        self.isEncryptedWithoutKey = isEncryptedWithoutKey
        self.reference = reference
        self.message = message
        self.french = french
    }

    /// The English message.
    public var description: String { message }
}

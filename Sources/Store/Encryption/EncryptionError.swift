import Foundation

/// An encrypted file or key that cannot be used: what went wrong, with which file, and what to do.
public struct EncryptionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the file or key was refused.
    public enum Reason: String, Sendable, Hashable {
        /// The file does not start with the header of ``EncryptedFileFormat``.
        case notEncrypted
        /// The file was written by a newer format version.
        case unsupportedVersion
        /// A chunk fails its authentication: a changed byte, or chunks moved.
        case tampered
        /// The file ends before its final chunk.
        case truncated
        /// No study key with the file's key id, or a key wrapped by another master key.
        case unknownKey
        /// The master key is malformed, or not the one that wrapped the store's study keys.
        case masterKey
        /// The file cannot be read or written.
        case io
    }

    /// Why.
    public var reason: Reason
    /// What went wrong and what to do, in English.
    public var message: String
    /// The same in French.
    public var french: String

    /// Creates an error; `fr` is the message in French.
    public init(_ reason: Reason, _ message: String, fr french: String) {
        self.reason = reason
        self.message = message
        self.french = french
    }

    /// The message in `language`.
    public func message(in language: UserLanguage) -> String { language == .fr ? french : message }

    /// `reason: message`.
    public var description: String { "\(reason.rawValue): \(message)" }

    static func tampered(_ name: String, chunk: UInt64) -> EncryptionError {
        EncryptionError(
            .tampered,
            "The encrypted file \(name) fails its check at chunk \(chunk): it was changed or damaged on disk; restore it from a backup.",
            fr: "Le fichier chiffré \(name) échoue à la vérification au bloc \(chunk) : il a été modifié ou abîmé sur le disque ; restaurez-le depuis une sauvegarde.")
    }

    /// The store keeps no wrapped study keys, so media cannot be encrypted with it.
    public static let storeWithoutStudyKeys = EncryptionError(
        .masterKey,
        "This store cannot keep the study keys that encryption at rest needs; start without a master key, or use a store that keeps them.",
        fr: "Ce magasin ne peut pas conserver les clés d’étude du chiffrement au repos ; démarrez sans clé maîtresse, ou utilisez un magasin qui les conserve.")

    static func truncated(_ name: String) -> EncryptionError {
        EncryptionError(
            .truncated, "The encrypted file \(name) is cut short (its final chunk is missing); restore it from a backup.",
            fr: "Le fichier chiffré \(name) est tronqué (son dernier bloc manque) ; restaurez-le depuis une sauvegarde.")
    }

    static func io(_ name: String, _ error: any Error) -> EncryptionError {
        EncryptionError(
            .io, "Cannot read or write the encrypted file \(name) (\(error)); check the disk and the folder's permissions.",
            fr: "Impossible de lire ou d’écrire le fichier chiffré \(name) (\(error)) ; vérifiez le disque et les droits du dossier.")
    }
}

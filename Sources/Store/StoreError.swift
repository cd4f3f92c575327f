import Foundation

/// An error from the store, saying what went wrong and what the caller can do.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broad category, for mapping to HTTP statuses.
    public enum Kind: String, Sendable, Hashable {
        /// The referenced object does not exist (HTTP 404).
        case notFound
        /// The input is malformed or out of range (HTTP 400/422).
        case invalidInput
        /// The object exists already or a constraint forbids the change (HTTP 409).
        case conflict
        /// A job operation by a worker that no longer holds the lease (HTTP 409).
        case leaseLost
        /// The database file could not be opened or migrated.
        case database
        /// A file on disk could not be read, written or removed.
        case file
    }

    /// The category.
    public var kind: Kind
    /// What went wrong and what to do about it, in English.
    public var message: String
    /// The same in French; `nil` only for messages no person reads (logs, workers).
    public var french: String?

    /// Creates an error; `fr` is the message in French.
    public init(_ kind: Kind, _ message: String, fr: String? = nil) {
        self.kind = kind
        self.message = message
        self.french = fr
    }

    /// The message in `language` (English when no French was given).
    public func message(in language: UserLanguage) -> String {
        language == .fr ? (french ?? message) : message
    }

    /// `kind: message`.
    public var description: String { "\(kind.rawValue): \(message)" }

    /// `.notFound` for the `what` ("recording", "user") with this id, in both languages.
    public static func notFound(_ what: String, _ id: Int64) -> StoreError {
        StoreError(
            .notFound, "\(what) \(id) does not exist; check the identifier or list the \(what)s first.",
            fr: "\(FrenchTerms.capitalizedObject(what)) \(id) n’existe pas ; vérifiez l’identifiant.")
    }
}

import Foundation

/// A research study: the unit that owns participants, recordings, a codebook and memberships.
public struct Study: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until the study is stored.
    public var id: Int64?
    /// Human-readable name of the study.
    public var name: String
    /// Free-text description (aims, ethics approval reference...).
    public var details: String
    /// When the study was created (UTC).
    public var createdAt: Date
    /// Blind double coding: a coder sees only their own codings of a transcript until they mark it done.
    public var blindCoding: Bool
    /// Blind names: coders see other people as "Coder N", numbered by user id.
    public var blindNames: Bool
    /// Pseudonymised for coders: a member whose role is coder sees only the pseudonymised text
    /// (accepted redactions replaced by their pseudonyms), never the original text nor the media.
    public var pseudonymisedForCoders: Bool

    /// Creates a study value; the store assigns `id`.
    public init(
        id: Int64? = nil, name: String, details: String = "", createdAt: Date = Date(), blindCoding: Bool = false,
        blindNames: Bool = false, pseudonymisedForCoders: Bool = false
    ) {
        self.id = id
        self.name = name
        self.details = details
        self.createdAt = createdAt
        self.blindCoding = blindCoding
        self.blindNames = blindNames
        self.pseudonymisedForCoders = pseudonymisedForCoders
    }
}

import Foundation

/// An API token as the store keeps it: the SHA-256 of the secret, never the secret itself.
///
/// A token authenticates while it is neither revoked nor past its expiry (``status(at:)``);
/// revoking it sets ``revokedAt``, so the next request with it is refused.
public struct APIToken: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// Lower-case hex SHA-256 of the token (unique).
    public var tokenHash: String
    /// The user the token authenticates.
    public var userID: Int64
    /// Whether the token acts as an installation administrator.
    public var isAdmin: Bool
    /// What the token is for, as its owner named it (`laptop`, `remote worker`); may be empty.
    public var label: String
    /// When the token was issued (UTC).
    public var createdAt: Date
    /// When the token stops working; `nil` for a token that does not expire (until revoked).
    public var expiresAt: Date?
    /// When the token was revoked, or `nil`.
    public var revokedAt: Date?
    /// When the token last authenticated a request (updated at most every few minutes), or `nil`.
    public var lastUsedAt: Date?

    /// Creates a token value; the store assigns `id`.
    public init(
        id: Int64? = nil, tokenHash: String, userID: Int64, isAdmin: Bool, label: String = "", createdAt: Date = Date(),
        expiresAt: Date? = nil, revokedAt: Date? = nil, lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.tokenHash = tokenHash
        self.userID = userID
        self.isAdmin = isAdmin
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }

    /// Whether a token authenticates, and if not, why.
    public enum Status: String, Codable, Sendable, Hashable {
        /// The token authenticates.
        case active
        /// The token was revoked.
        case revoked
        /// The token is past its expiry.
        case expired
    }

    /// The token's status at `date`: revocation wins over expiry.
    public func status(at date: Date = Date()) -> Status {
        if revokedAt != nil { return .revoked }
        if let expiresAt, expiresAt <= date { return .expired }
        return .active
    }
}

/// A token with the user it authenticates, read together on every request.
public struct TokenHolder: Sendable, Hashable {
    /// The token.
    public var token: APIToken
    /// Its user.
    public var user: User

    /// Creates the pair.
    public init(token: APIToken, user: User) {
        self.token = token
        self.user = user
    }
}

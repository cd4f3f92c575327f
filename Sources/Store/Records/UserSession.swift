import Foundation

/// A signed-in browser session as the store keeps it: the SHA-256 of the cookie's secret (never
/// the secret), its owner, its CSRF token, and its times. Idle and absolute expiry are the
/// service's policy, computed from ``lastSeenAt`` and ``createdAt``.
public struct UserSession: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// Lower-case hex SHA-256 of the session cookie's value (unique).
    public var secretHash: String
    /// The signed-in user.
    public var userID: Int64
    /// The synchronizer token that unsafe requests of this session must send in `X-CSRF-Token`.
    public var csrfToken: String
    /// When the user signed in (UTC).
    public var createdAt: Date
    /// When the session last authenticated a request (written at most every minute).
    public var lastSeenAt: Date
    /// When the session ends whatever its use (the absolute lifetime).
    public var expiresAt: Date

    /// Creates a session value; the store assigns `id`.
    public init(
        id: Int64? = nil, secretHash: String, userID: Int64, csrfToken: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date
    ) {
        self.id = id
        self.secretHash = secretHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}

/// A session with its user and account, read together on every request.
public struct SessionHolder: Sendable, Hashable {
    /// The session.
    public var session: UserSession
    /// Its user.
    public var user: User
    /// The user's account (admin flag, deactivation, forced password change).
    public var account: UserAccount

    /// Creates the triple.
    public init(session: UserSession, user: User, account: UserAccount) {
        self.session = session
        self.user = user
        self.account = account
    }
}

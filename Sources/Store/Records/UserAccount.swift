import Foundation

/// How a person signs in: their bcrypt password hash, whether they administer the installation,
/// must change their password, are deactivated or locked out after failed passwords.
///
/// A user without a stored account has the ``init(userID:)`` defaults: no password (API tokens only),
/// not an administrator, active.
public struct UserAccount: Codable, Sendable, Hashable {
    /// The user.
    public var userID: Int64
    /// The bcrypt hash of the password (`$2b$…`), never the password; `nil` when none was set.
    public var passwordHash: String?
    /// Whether the person administers the installation when signed in with their password.
    public var isAdmin: Bool
    /// Whether the next sign-in must choose a new password (after an administrator set one).
    public var mustChangePassword: Bool
    /// When an administrator deactivated the user (every session and token refused), or `nil`.
    public var deactivatedAt: Date?
    /// Until when password sign-in is refused after repeated failures, or `nil`.
    public var lockedUntil: Date?
    /// When the password was last set, or `nil`.
    public var passwordChangedAt: Date?

    /// Creates an account value.
    public init(
        userID: Int64, passwordHash: String? = nil, isAdmin: Bool = false, mustChangePassword: Bool = false,
        deactivatedAt: Date? = nil, lockedUntil: Date? = nil, passwordChangedAt: Date? = nil
    ) {
        self.userID = userID
        self.passwordHash = passwordHash
        self.isAdmin = isAdmin
        self.mustChangePassword = mustChangePassword
        self.deactivatedAt = deactivatedAt
        self.lockedUntil = lockedUntil
        self.passwordChangedAt = passwordChangedAt
    }

    /// Whether the user may authenticate at all.
    public var isActive: Bool { deactivatedAt == nil }

    /// Whether password sign-in is locked at `date`.
    public func isLocked(at date: Date) -> Bool {
        lockedUntil.map { $0 > date } ?? false
    }
}

import Foundation

/// People: accounts with password hashes, sessions, lock-out after failed passwords.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol PeopleStore: Sendable {
    /// Stores a new user with their account (password hash, admin flag) in one transaction; the e-mail must be unique.
    func createUser(name: String, email: String, account: UserAccount) async throws -> User
    /// The user's account (``UserAccount/init(userID:)``'s defaults when none was stored); `.notFound` without such a user.
    func account(userID: Int64) async throws -> UserAccount
    /// Stores (inserts or replaces) an account; the user must exist.
    func saveAccount(_ account: UserAccount) async throws
    /// Sets the password hash (and whether it must be changed at next sign-in), lifts any lock-out,
    /// forgets failed passwords and ends the user's sessions except `keepingSession`, in one transaction.
    func setPassword(userID: Int64, hash: String, mustChange: Bool, at date: Date, keepingSession: Int64?) async throws
    /// Deactivates (or reactivates) a user; deactivating ends their sessions and revokes their API tokens
    /// in the same transaction. Returns the account as stored.
    func setActive(userID: Int64, _ active: Bool, at date: Date) async throws -> UserAccount
    /// Records a failed password at `date`; when `limit` failures fall within `window` seconds, locks
    /// the account until `date + lockFor` and forgets the failures. Returns the lock's end when this
    /// failure locked the account, else `nil`.
    func recordSignInFailure(userID: Int64, at date: Date, window: TimeInterval, limit: Int, lockFor: TimeInterval) async throws -> Date?
    /// Forgets the user's failed passwords (after a successful sign-in).
    func clearSignInFailures(userID: Int64) async throws
    /// Stores a new session (its `id` is ignored and assigned); the user must exist.
    func addSession(_ session: UserSession) async throws -> UserSession
    /// The session whose secret has this hash, with its user and account, or `nil`.
    func sessionHolder(hash: String) async throws -> SessionHolder?
    /// The session with this id, or `nil`.
    func session(id: Int64) async throws -> UserSession?
    /// Records that a session authenticated a request at `date`.
    func touchSession(id: Int64, at date: Date) async throws
    /// Deletes one session (sign-out); deleting a missing one is not an error.
    func deleteSession(id: Int64) async throws
}

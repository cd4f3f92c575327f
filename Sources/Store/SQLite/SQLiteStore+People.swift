import Foundation
import GRDB

extension SQLiteStore {
    /// Stores a new user with their account in one transaction (the account's `userID` is ignored).
    public func createUser(name: String, email: String, account: UserAccount) async throws -> User {
        try StoreInputChecks.email(email)
        return try await write { db in
            var user = User(name: name, email: email)
            try user.insert(db)
            var stored = account
            stored.userID = user.id!
            try stored.insert(db)
            return user
        }
    }

    /// The user's account, or its defaults when none was stored; `.notFound` without such a user.
    public func account(userID: Int64) async throws -> UserAccount {
        try await read { db in try Self.account(db, userID: userID) }
    }

    /// Stores (inserts or replaces) an account; the user must exist.
    public func saveAccount(_ account: UserAccount) async throws {
        try await write { db in
            _ = try Self.account(db, userID: account.userID)
            try account.upsert(db)
        }
    }

    /// Sets the password hash, lifts a lock-out, forgets failures and ends other sessions, in one transaction.
    public func setPassword(userID: Int64, hash: String, mustChange: Bool, at date: Date, keepingSession: Int64?) async throws {
        try StoreInputChecks.passwordHash(hash)
        try await write { db in
            var account = try Self.account(db, userID: userID)
            account.passwordHash = hash
            account.mustChangePassword = mustChange
            account.lockedUntil = nil
            account.passwordChangedAt = date
            try account.upsert(db)
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE userID = ?", arguments: [userID])
            try UserSession.filter(Column("userID") == userID && Column("id") != (keepingSession ?? -1)).deleteAll(db)
        }
    }

    /// Deactivates (ending sessions, revoking tokens) or reactivates a user, in one transaction.
    public func setActive(userID: Int64, _ active: Bool, at date: Date) async throws -> UserAccount {
        try await write { db in
            var account = try Self.account(db, userID: userID)
            if active {
                account.deactivatedAt = nil
            } else {
                account.deactivatedAt = account.deactivatedAt ?? date
                try UserSession.filter(Column("userID") == userID).deleteAll(db)
                try APIToken.filter(Column("userID") == userID && Column("revokedAt") == nil)
                    .updateAll(db, Column("revokedAt").set(to: date))
            }
            try account.upsert(db)
            return account
        }
    }

    /// Records a failed password; locks the account when `limit` failures fall within `window`.
    public func recordSignInFailure(userID: Int64, at date: Date, window: TimeInterval, limit: Int, lockFor: TimeInterval) async throws
        -> Date?
    {
        try await write { db in
            var account = try Self.account(db, userID: userID)
            try db.execute(sql: "INSERT INTO sign_in_failure (userID, failedAt) VALUES (?, ?)", arguments: [userID, date])
            let recent =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM sign_in_failure WHERE userID = ? AND failedAt > ?",
                    arguments: [userID, date.addingTimeInterval(-window)]) ?? 0
            guard recent >= limit else { return nil }
            let until = date.addingTimeInterval(lockFor)
            account.lockedUntil = until
            try account.upsert(db)
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE userID = ?", arguments: [userID])
            return until
        }
    }

    /// Forgets the user's failed passwords.
    public func clearSignInFailures(userID: Int64) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE userID = ?", arguments: [userID])
        }
    }

    /// Stores a new session; the user must exist and the hash be SHA-256 hex.
    public func addSession(_ session: UserSession) async throws -> UserSession {
        try StoreInputChecks.session(session)
        return try await write { db in
            guard try User.fetchOne(db, key: session.userID) != nil else { throw StoreError.notFound("user", session.userID) }
            var stored = session
            stored.id = nil
            try stored.insert(db)
            return stored
        }
    }

    /// The session with this secret hash, its user and account, or `nil`.
    public func sessionHolder(hash: String) async throws -> SessionHolder? {
        try await read { db in
            guard let session = try UserSession.filter(Column("secretHash") == hash).fetchOne(db),
                let user = try User.fetchOne(db, key: session.userID)
            else { return nil }
            let account = try UserAccount.fetchOne(db, key: session.userID) ?? UserAccount(userID: session.userID)
            return SessionHolder(session: session, user: user, account: account)
        }
    }

    /// The session with this id, or `nil`.
    public func session(id: Int64) async throws -> UserSession? {
        try await read { db in try UserSession.fetchOne(db, key: id) }
    }

    /// Records that a session authenticated a request at `date`.
    public func touchSession(id: Int64, at date: Date) async throws {
        _ = try await write { db in
            try UserSession.filter(Column("id") == id).updateAll(db, Column("lastSeenAt").set(to: date))
        }
    }

    /// Deletes one session.
    public func deleteSession(id: Int64) async throws {
        _ = try await write { db in try UserSession.deleteOne(db, key: id) }
    }

    /// The stored account of `userID` or its defaults, in the caller's transaction.
    static func account(_ db: Database, userID: Int64) throws -> UserAccount {
        guard try User.fetchOne(db, key: userID) != nil else { throw StoreError.notFound("user", userID) }
        return try UserAccount.fetchOne(db, key: userID) ?? UserAccount(userID: userID)
    }
}

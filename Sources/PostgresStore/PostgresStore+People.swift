import Foundation
import PostgresNIO
import Store

extension PostgresStore: PeopleStore {
    /// Stores a new user with their account in one transaction (the account's `userID` is ignored).
    public func createUser(name: String, email: String, account: UserAccount) async throws -> User {
        try StoreInputChecks.email(email)
        return try await withTransaction { connection in
            let user = try await Self.insertUser(User(name: name, email: email), connection, logger: self.logger)
            var stored = account
            stored.userID = user.id!
            try await self.upsert(stored, connection)
            return user
        }
    }

    /// The user's account, or its defaults when none was stored; `.notFound` without such a user.
    public func account(userID: Int64) async throws -> UserAccount {
        try await withConnection { connection in try await self.account(userID: userID, locking: false, connection) }
    }

    /// Stores (inserts or replaces) an account; the user must exist.
    public func saveAccount(_ account: UserAccount) async throws {
        try await withTransaction { connection in
            _ = try await self.account(userID: account.userID, locking: true, connection)
            try await self.upsert(account, connection)
        }
    }

    /// Sets the password hash, lifts a lock-out, forgets failures and ends other sessions, in one transaction.
    public func setPassword(userID: Int64, hash: String, mustChange: Bool, at date: Date, keepingSession: Int64?) async throws {
        try StoreInputChecks.passwordHash(hash)
        try await withTransaction { connection in
            var account = try await self.account(userID: userID, locking: true, connection)
            account.passwordHash = hash
            account.mustChangePassword = mustChange
            account.lockedUntil = nil
            account.passwordChangedAt = date
            try await self.upsert(account, connection)
            try await connection.query("DELETE FROM sign_in_failure WHERE userID = \(userID)", logger: self.logger)
            try await connection.query(
                "DELETE FROM user_session WHERE userID = \(userID) AND id <> \(keepingSession ?? -1)", logger: self.logger)
        }
    }

    /// Deactivates (ending sessions, revoking tokens) or reactivates a user, in one transaction.
    public func setActive(userID: Int64, _ active: Bool, at date: Date) async throws -> UserAccount {
        try await withTransaction { connection in
            var account = try await self.account(userID: userID, locking: true, connection)
            if active {
                account.deactivatedAt = nil
            } else {
                account.deactivatedAt = account.deactivatedAt ?? date
                try await connection.query("DELETE FROM user_session WHERE userID = \(userID)", logger: self.logger)
                try await connection.query(
                    "UPDATE api_token SET revokedAt = \(date) WHERE userID = \(userID) AND revokedAt IS NULL",
                    logger: self.logger)
            }
            try await self.upsert(account, connection)
            return account
        }
    }

    /// Records a failed password; locks the account when `limit` failures fall within `window`.
    ///
    /// The user's row is locked first, so that concurrent failures are counted one after the other
    /// as SQLite's serialized writes count them.
    public func recordSignInFailure(userID: Int64, at date: Date, window: TimeInterval, limit: Int, lockFor: TimeInterval) async throws
        -> Date?
    {
        try await withTransaction { connection in
            var account = try await self.account(userID: userID, locking: true, connection)
            try await connection.query(
                "INSERT INTO sign_in_failure (userID, failedAt) VALUES (\(userID), \(date))", logger: self.logger)
            let recent = try await connection.count(
                "SELECT id FROM sign_in_failure WHERE userID = \(userID) AND failedAt > \(date.addingTimeInterval(-window))",
                logger: self.logger)
            guard recent >= limit else { return nil }
            let until = date.addingTimeInterval(lockFor)
            account.lockedUntil = until
            try await self.upsert(account, connection)
            try await connection.query("DELETE FROM sign_in_failure WHERE userID = \(userID)", logger: self.logger)
            return until
        }
    }

    /// Forgets the user's failed passwords.
    public func clearSignInFailures(userID: Int64) async throws {
        try await withTransaction { connection in
            _ = try await connection.query("DELETE FROM sign_in_failure WHERE userID = \(userID)", logger: self.logger)
        }
    }

    /// Stores a new session; the user must exist and the hash be SHA-256 hex.
    public func addSession(_ session: UserSession) async throws -> UserSession {
        try StoreInputChecks.session(session)
        return try await withTransaction { connection in
            guard try await self.userExists(session.userID, connection) else {
                throw StoreError.notFound("user", session.userID)
            }
            return try await connection.fetchOne(
                UserSession.self,
                """
                INSERT INTO user_session (secretHash, userID, csrfToken, createdAt, lastSeenAt, expiresAt)
                VALUES (\(session.secretHash), \(session.userID), \(session.csrfToken), \(session.createdAt),
                    \(session.lastSeenAt), \(session.expiresAt))
                RETURNING \(unescaped: UserSession.columns)
                """, logger: self.logger)!
        }
    }

    /// The session with this secret hash, its user and account, or `nil`.
    public func sessionHolder(hash: String) async throws -> SessionHolder? {
        try await withTransaction { connection in
            guard
                let session = try await connection.fetchOne(
                    UserSession.self,
                    "SELECT \(unescaped: UserSession.columns) FROM user_session WHERE secretHash = \(hash)",
                    logger: self.logger),
                let user = try await connection.fetchOne(
                    User.self, "SELECT \(unescaped: User.columns) FROM app_user WHERE id = \(session.userID)",
                    logger: self.logger)
            else { return nil }
            let account = try await self.account(userID: session.userID, locking: false, connection)
            return SessionHolder(session: session, user: user, account: account)
        }
    }

    /// The session with this id, or `nil`.
    public func session(id: Int64) async throws -> UserSession? {
        try await withConnection { connection in
            try await connection.fetchOne(
                UserSession.self, "SELECT \(unescaped: UserSession.columns) FROM user_session WHERE id = \(id)",
                logger: self.logger)
        }
    }

    /// Records that a session authenticated a request at `date`.
    public func touchSession(id: Int64, at date: Date) async throws {
        try await withTransaction { connection in
            _ = try await connection.query("UPDATE user_session SET lastSeenAt = \(date) WHERE id = \(id)", logger: self.logger)
        }
    }

    /// Deletes one session.
    public func deleteSession(id: Int64) async throws {
        try await withTransaction { connection in
            _ = try await connection.query("DELETE FROM user_session WHERE id = \(id)", logger: self.logger)
        }
    }

    /// The stored account of `userID` or its defaults, in the caller's transaction; `locking` holds
    /// the user's row until the transaction ends (the read-modify-write methods).
    private func account(userID: Int64, locking: Bool, _ connection: PostgresConnection) async throws -> UserAccount {
        let lock: PostgresQuery = locking
            ? "SELECT id FROM app_user WHERE id = \(userID) FOR UPDATE"
            : "SELECT id FROM app_user WHERE id = \(userID)"
        guard try await connection.count(lock, logger: logger) > 0 else { throw StoreError.notFound("user", userID) }
        return try await connection.fetchOne(
            UserAccount.self, "SELECT \(unescaped: UserAccount.columns) FROM user_account WHERE userID = \(userID)",
            logger: logger) ?? UserAccount(userID: userID)
    }

    /// Inserts or replaces `account`, in the caller's transaction.
    private func upsert(_ account: UserAccount, _ connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO user_account (userID, passwordHash, isAdmin, mustChangePassword, deactivatedAt, lockedUntil, passwordChangedAt)
            VALUES (\(account.userID), \(account.passwordHash), \(account.isAdmin), \(account.mustChangePassword),
                \(account.deactivatedAt), \(account.lockedUntil), \(account.passwordChangedAt))
            ON CONFLICT (userID) DO UPDATE SET passwordHash = excluded.passwordHash, isAdmin = excluded.isAdmin,
                mustChangePassword = excluded.mustChangePassword, deactivatedAt = excluded.deactivatedAt,
                lockedUntil = excluded.lockedUntil, passwordChangedAt = excluded.passwordChangedAt
            """, logger: logger)
    }
}

import Foundation
import PostgresNIO
import Store

extension PostgresStore: TokenStore {
    /// Stores a new token (its `id` is ignored and assigned); the hash must be new, else `.conflict`.
    public func addToken(_ token: APIToken) async throws -> APIToken {
        try StoreInputChecks.token(token)
        return try await withTransaction { connection in
            guard try await self.userExists(token.userID, connection) else { throw StoreError.notFound("user", token.userID) }
            return try await connection.fetchOne(
                APIToken.self,
                """
                INSERT INTO api_token (tokenHash, userID, isAdmin, label, createdAt, expiresAt, revokedAt, lastUsedAt)
                VALUES (\(token.tokenHash), \(token.userID), \(token.isAdmin), \(token.label), \(token.createdAt),
                    \(token.expiresAt), \(token.revokedAt), \(token.lastUsedAt))
                RETURNING \(unescaped: APIToken.columns)
                """, logger: self.logger)!
        }
    }

    /// The token with this hash and its user, or `nil`; revoked and expired tokens are returned too.
    public func tokenHolder(hash: String) async throws -> TokenHolder? {
        try await withConnection { connection in
            guard
                let token = try await connection.fetchOne(
                    APIToken.self, "SELECT \(unescaped: APIToken.columns) FROM api_token WHERE tokenHash = \(hash)",
                    logger: self.logger),
                let user = try await connection.fetchOne(
                    User.self, "SELECT \(unescaped: User.columns) FROM app_user WHERE id = \(token.userID)",
                    logger: self.logger)
            else { return nil }
            return TokenHolder(token: token, user: user)
        }
    }

    /// A user's tokens, newest first, revoked and expired ones included.
    public func tokens(userID: Int64) async throws -> [APIToken] {
        try await withConnection { connection in
            try await connection.fetchAll(
                APIToken.self,
                "SELECT \(unescaped: APIToken.columns) FROM api_token WHERE userID = \(userID) ORDER BY id DESC",
                logger: self.logger)
        }
    }

    /// Revokes the token `tokenID` of `userID` at `date`; a revoked token keeps its first revocation
    /// time. `.notFound` when `userID` has no such token.
    public func revokeToken(id tokenID: Int64, userID: Int64, at date: Date) async throws -> APIToken {
        try await withTransaction { connection in
            guard
                let token = try await connection.fetchOne(
                    APIToken.self,
                    """
                    UPDATE api_token SET revokedAt = coalesce(revokedAt, \(date))
                    WHERE id = \(tokenID) AND userID = \(userID)
                    RETURNING \(unescaped: APIToken.columns)
                    """, logger: self.logger)
            else { throw StoreInputChecks.noSuchToken(tokenID, userID: userID) }
            return token
        }
    }

    /// Revokes every token of `userID` not revoked yet at `date`; returns how many were revoked.
    public func revokeTokens(userID: Int64, at date: Date) async throws -> Int {
        try await withTransaction { connection in
            try await connection.count(
                """
                UPDATE api_token SET revokedAt = \(date) WHERE userID = \(userID) AND revokedAt IS NULL RETURNING id
                """, logger: self.logger)
        }
    }

    /// Records that the token authenticated a request at `date`.
    public func markTokenUsed(id tokenID: Int64, at date: Date) async throws {
        try await withTransaction { connection in
            _ = try await connection.query(
                "UPDATE api_token SET lastUsedAt = \(date) WHERE id = \(tokenID)", logger: self.logger)
        }
    }

    /// Whether the user exists, in the caller's transaction.
    func userExists(_ userID: Int64, _ connection: PostgresConnection) async throws -> Bool {
        try await connection.count("SELECT id FROM app_user WHERE id = \(userID)", logger: logger) > 0
    }
}

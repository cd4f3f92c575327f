import Foundation
import GRDB

extension SQLiteStore {
    /// Stores a new token (its `id` is ignored and assigned); the hash must be new, else `.conflict`.
    public func addToken(_ token: APIToken) async throws -> APIToken {
        try StoreInputChecks.token(token)
        return try await write { db in
            guard try User.fetchOne(db, key: token.userID) != nil else { throw StoreError.notFound("user", token.userID) }
            var stored = token
            stored.id = nil
            try stored.insert(db)
            return stored
        }
    }

    /// The token with this hash and its user, or `nil`; revoked and expired tokens are returned too.
    public func tokenHolder(hash: String) async throws -> TokenHolder? {
        try await read { db in
            guard let token = try APIToken.filter(Column("tokenHash") == hash).fetchOne(db),
                let user = try User.fetchOne(db, key: token.userID)
            else { return nil }
            return TokenHolder(token: token, user: user)
        }
    }

    /// A user's tokens, newest first, revoked and expired ones included.
    public func tokens(userID: Int64) async throws -> [APIToken] {
        try await read { db in
            try APIToken.filter(Column("userID") == userID).order(Column("id").desc).fetchAll(db)
        }
    }

    /// Revokes the token `tokenID` of `userID` at `date`; a revoked token keeps its first revocation
    /// time. `.notFound` when `userID` has no such token.
    public func revokeToken(id tokenID: Int64, userID: Int64, at date: Date) async throws -> APIToken {
        try await write { db in
            guard var token = try APIToken.filter(Column("id") == tokenID && Column("userID") == userID).fetchOne(db) else {
                throw StoreInputChecks.noSuchToken(tokenID, userID: userID)
            }
            if token.revokedAt == nil {
                token.revokedAt = date
                try token.update(db, columns: ["revokedAt"])
            }
            return token
        }
    }

    /// Revokes every token of `userID` not revoked yet at `date`; returns how many were revoked.
    public func revokeTokens(userID: Int64, at date: Date) async throws -> Int {
        try await write { db in
            try APIToken.filter(Column("userID") == userID && Column("revokedAt") == nil)
                .updateAll(db, Column("revokedAt").set(to: date))
        }
    }

    /// Records that the token authenticated a request at `date`.
    public func markTokenUsed(id tokenID: Int64, at date: Date) async throws {
        _ = try await write { db in
            try APIToken.filter(Column("id") == tokenID).updateAll(db, Column("lastUsedAt").set(to: date))
        }
    }
}

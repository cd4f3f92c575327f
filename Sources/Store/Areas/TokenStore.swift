import Foundation

/// API tokens (hashes only) of users.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol TokenStore: Sendable {
    /// Stores a new token (hash only; its `id` is ignored and assigned); `.conflict` if the hash exists.
    func addToken(_ token: APIToken) async throws -> APIToken
    /// The token with this hash (lower-case hex SHA-256) and its user, or `nil`; revoked and expired ones too.
    func tokenHolder(hash: String) async throws -> TokenHolder?
    /// A user's tokens, newest first, revoked and expired ones included.
    func tokens(userID: Int64) async throws -> [APIToken]
    /// Revokes one token of `userID` (the first revocation time stays); `.notFound` when it is not theirs.
    func revokeToken(id: Int64, userID: Int64, at date: Date) async throws -> APIToken
    /// Revokes every unrevoked token of `userID`; returns how many.
    func revokeTokens(userID: Int64, at date: Date) async throws -> Int
    /// Records that a token authenticated a request at `date`.
    func markTokenUsed(id: Int64, at date: Date) async throws
}

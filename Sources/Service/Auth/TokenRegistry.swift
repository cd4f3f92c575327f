import Crypto
import Foundation
import HTTPTypes
import Logging
import Store

/// API tokens: issued at random, kept in the store as SHA-256 hashes only, checked against the
/// store on every request, so that revoking one (through the API, `verbatim admin revoke-tokens`,
/// or any process writing the store) refuses its very next request.
///
/// A token is shown once, when it is made. Issued tokens expire after ``defaultLifetime`` unless
/// the caller asks for another lifetime; the bootstrap administrator's may have none.
public struct TokenRegistry: Sendable {
    /// A token just issued: the secret (shown once) and what the store keeps of it.
    public struct Issued: Sendable {
        /// The bearer token itself.
        public var secret: String
        /// The stored record (hash, owner, expiry).
        public var record: APIToken
    }

    /// How long an issued token works.
    public enum Lifetime: Sendable, Hashable {
        /// The registry's ``TokenRegistry/defaultLifetime``.
        case standard
        /// This many seconds.
        case seconds(TimeInterval)
        /// No expiry: the token works until it is revoked.
        case unlimited
    }

    let store: any Store
    /// The lifetime of an issued token when the caller names none; `nil` issues tokens that do not expire.
    public let defaultLifetime: TimeInterval?
    /// How stale ``APIToken/lastUsedAt`` may get before a request writes it again.
    static let lastUsedResolution: TimeInterval = 300

    /// Creates the registry over `store`.
    public init(store: any Store, defaultLifetime: TimeInterval?) {
        self.store = store
        self.defaultLifetime = defaultLifetime
    }

    /// The SHA-256 (lower-case hex) under which `secret` is stored.
    public static func hash(_ secret: some StringProtocol) -> String {
        Hashing.sha256Hex(Array(secret.utf8))
    }

    /// Makes a new random token for `userID`, stores its hash and audits `token.issue` by `actorID`
    /// (`nil` for the command line).
    public func issue(
        userID: Int64, isAdmin: Bool, label: String = "", lifetime: Lifetime = .standard, actorID: Int64?, now: Date = Date()
    ) async throws -> Issued {
        // 256 bits from the system's secure generator, through swift-crypto.
        let secret = "vbt_" + SymmetricKey(size: .bits256).withUnsafeBytes { Hex.encode($0) }
        let seconds: TimeInterval? =
            switch lifetime {
            case .standard: defaultLifetime
            case .seconds(let value): value
            case .unlimited: nil
            }
        let record = try await store.addToken(
            APIToken(
                tokenHash: Self.hash(secret), userID: userID, isAdmin: isAdmin, label: label, createdAt: now,
                expiresAt: seconds.map { now.addingTimeInterval($0) }))
        try await audit("token.issue", record, actorID: actorID)
        return Issued(secret: secret, record: record)
    }

    /// Makes a worker token (``TokenScope/worker``: the worker API and nothing else) owned by
    /// `userID`, an installation administrator; it is never itself an administrator's token.
    public func issueWorker(
        userID: Int64, label: String = "", lifetime: Lifetime = .standard, actorID: Int64?, now: Date = Date()
    ) async throws -> Issued {
        try await issue(userID: userID, isAdmin: false, label: TokenScope.worker.label(label), lifetime: lifetime, actorID: actorID, now: now)
    }

    /// Revokes `userID`'s token `tokenID` (its next request gets 401) and audits `token.revoke`;
    /// `.notFound` when the user has no such token.
    public func revoke(tokenID: Int64, userID: Int64, actorID: Int64?, now: Date = Date()) async throws -> APIToken {
        let token = try await store.revokeToken(id: tokenID, userID: userID, at: now)
        try await audit("token.revoke", token, actorID: actorID)
        return token
    }

    /// Revokes every token of `userID` (someone leaves) and audits `token.revoke_all`; returns how many were revoked.
    public func revokeAll(userID: Int64, actorID: Int64?, now: Date = Date()) async throws -> Int {
        let count = try await store.revokeTokens(userID: userID, at: now)
        _ = try await store.appendAudit(
            actorID: actorID, action: "token.revoke_all", studyID: nil, targetKind: "user", targetID: userID,
            details: ["revoked": .int(Int64(count))])
        return count
    }

    /// Audits `action` on `token`: its owner, admin flag and expiry, never its secret or hash.
    private func audit(_ action: String, _ token: APIToken, actorID: Int64?) async throws {
        var details: AuditDetails = ["userID": .int(token.userID), "isAdmin": .bool(token.isAdmin)]
        if let expiresAt = token.expiresAt { details.fields["expiresAt"] = .int(Int64(expiresAt.timeIntervalSince1970)) }
        _ = try await store.appendAudit(
            actorID: actorID, action: action, studyID: nil, targetKind: "token", targetID: token.id, details: details)
    }

    /// The token's holder if `secret` is a known, unrevoked, unexpired token; else a 401 saying why.
    public func authenticate(_ secret: some StringProtocol, now: Date = Date(), logger: Logger) async throws -> TokenHolder {
        guard let holder = try await store.tokenHolder(hash: Self.hash(secret)) else { throw APIError.unauthenticated }
        switch holder.token.status(at: now) {
        case .revoked:
            throw APIError(
                .unauthorized, code: "token_revoked",
                "This API token was revoked; sign in with another token, or ask your administrator for a new one.", fr: "Ce jeton d’API a été révoqué ; connectez-vous avec un autre jeton, ou demandez-en un nouveau à votre administrateur.")
        case .expired:
            throw APIError(
                .unauthorized, code: "token_expired",
                "This API token expired; create a new one with POST /me/tokens while another token works, or ask your administrator.", fr: "Ce jeton d’API a expiré ; créez-en un nouveau avec POST /me/tokens tant qu’un autre jeton fonctionne, ou demandez à votre administrateur.")
        case .active:
            break
        }
        if let id = holder.token.id, (holder.token.lastUsedAt.map { now.timeIntervalSince($0) } ?? .infinity) >= Self.lastUsedResolution {
            do {
                try await store.markTokenUsed(id: id, at: now)
            } catch {
                // Only bookkeeping: a busy store must not refuse a valid token.
                logger.warning("could not record the token's last use", metadata: ["error": "\(error)"])
            }
        }
        return holder
    }
}

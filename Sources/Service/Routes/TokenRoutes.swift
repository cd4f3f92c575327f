import Foundation
import HTTPTypes
import Hummingbird
import Store

/// API tokens: `/me/tokens` (one's own: list, issue, revoke) and `/users/{userID}/tokens`
/// (installation administrators: list, revoke all, e.g. when someone leaves).
///
/// Listings carry metadata only; a token's secret is answered once, by the request that issues it.
struct TokenRoutes {
    let backend: ServiceBackend

    /// What `POST /me/tokens` accepts.
    struct IssueToken: Codable {
        var label: String?
        var expiresInDays: Int?
    }

    /// A token's metadata (never the secret, never its hash).
    struct TokenInfo: Codable {
        var id: Int64
        var label: String
        var isAdmin: Bool
        /// `worker` for a token that can only run jobs, else `full`.
        var scope: TokenScope
        var createdAt: Date
        var expiresAt: Date?
        var revokedAt: Date?
        var lastUsedAt: Date?
        var status: APIToken.Status
        /// Whether this is the token of the request that lists it.
        var current: Bool

        init(_ token: APIToken, caller: AuthenticatedUser?, now: Date = Date()) {
            id = token.id ?? 0
            label = TokenScope.name(of: token.label)
            isAdmin = token.isAdmin
            scope = TokenScope(label: token.label)
            createdAt = token.createdAt
            expiresAt = token.expiresAt
            revokedAt = token.revokedAt
            lastUsedAt = token.lastUsedAt
            status = token.status(at: now)
            current = caller?.tokenID != nil && caller?.tokenID == token.id
        }
    }

    /// A token just issued: shown once.
    struct IssuedToken: Codable {
        var token: String
        var info: TokenInfo
    }

    /// How many tokens `DELETE /users/{userID}/tokens` revoked.
    struct Revoked: Codable {
        var userID: Int64
        var revoked: Int
    }

    /// The longest lifetime `POST /me/tokens` grants, in days.
    static let maximumDays = 366

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.get("me/tokens") { _, context in
            let caller = try context.requireIdentity()
            return try JSONResponse.make(try await backend.store.tokens(userID: caller.userID).map { TokenInfo($0, caller: caller) })
        }
        router.post("me/tokens") { request, context in
            let caller = try context.requireIdentity()
            let body = try await JSONResponse.decode(IssueToken.self, from: request, context: context)
            let label = (body.label ?? "").trimmingCharacters(in: .whitespaces)
            guard TokenScope(label: label) == .full else {
                throw APIError.badRequest(
                    "A label may not begin with `\(TokenScope.workerPrefix)`; an administrator issues worker tokens with POST /worker-tokens.",
                    fr: "Un libellé ne peut pas commencer par `\(TokenScope.workerPrefix)` ; un administrateur émet les jetons de worker avec POST /worker-tokens.")
            }
            let issued = try await backend.tokens.issue(
                userID: caller.userID, isAdmin: caller.isAdmin, label: label, lifetime: try Self.lifetime(body), actorID: caller.userID)
            return try JSONResponse.make(IssuedToken(token: issued.secret, info: TokenInfo(issued.record, caller: caller)), status: .created)
        }
        router.post("worker-tokens") { request, context in
            let caller = try context.requireIdentity()
            guard caller.isAdmin else {
                throw APIError(
                    .forbidden, code: "forbidden", "Only an installation administrator may issue worker tokens.",
                    fr: "Seul un administrateur de l’installation peut émettre des jetons de worker.")
            }
            let body = try await JSONResponse.decode(IssueToken.self, from: request, context: context)
            let name = (body.label ?? "").trimmingCharacters(in: .whitespaces)
            let issued = try await backend.tokens.issueWorker(
                userID: caller.userID, label: name, lifetime: try Self.lifetime(body), actorID: caller.userID)
            return try JSONResponse.make(IssuedToken(token: issued.secret, info: TokenInfo(issued.record, caller: caller)), status: .created)
        }
        router.delete("me/tokens/:tokenID") { _, context in
            let caller = try context.requireIdentity()
            let tokenID = try context.parameters.require("tokenID", as: Int64.self)
            let token = try await backend.tokens.revoke(tokenID: tokenID, userID: caller.userID, actorID: caller.userID)
            return try JSONResponse.make(TokenInfo(token, caller: caller))
        }
        router.get("users/:userID/tokens") { _, context in
            let caller = try context.requireIdentity()
            try backend.access.requireInstallationAdmin(caller, to: "list another user's tokens")
            let userID = try context.parameters.require("userID", as: Int64.self)
            guard try await backend.store.user(id: userID) != nil else { throw APIError.notFound("User", userID) }
            return try JSONResponse.make(try await backend.store.tokens(userID: userID).map { TokenInfo($0, caller: caller) })
        }
        router.delete("users/:userID/tokens") { _, context in
            let caller = try context.requireIdentity()
            try backend.access.requireInstallationAdmin(caller, to: "revoke another user's tokens")
            let userID = try context.parameters.require("userID", as: Int64.self)
            guard try await backend.store.user(id: userID) != nil else { throw APIError.notFound("User", userID) }
            let count = try await backend.tokens.revokeAll(userID: userID, actorID: caller.userID)
            return try JSONResponse.make(Revoked(userID: userID, revoked: count))
        }
    }

    /// The lifetime a request asks for; `400` outside 1...``maximumDays`` days.
    static func lifetime(_ body: IssueToken) throws -> TokenRegistry.Lifetime {
        guard let days = body.expiresInDays else { return .standard }
        guard (1...Self.maximumDays).contains(days) else {
            throw APIError.badRequest("`expiresInDays` must be between 1 and \(Self.maximumDays); leave it out for the default.", fr: "`expiresInDays` doit être entre 1 et \(Self.maximumDays) ; omettez-le pour la durée par défaut.")
        }
        return .seconds(Double(days) * 86_400)
    }
}

import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// Authenticates every API request, with `Authorization: Bearer <token>` (scripts, workers:
/// checked first) or else the session cookie of a person signed in with a password, and puts the
/// user into the context. Either is checked against the store on every request, so a revoked
/// token, a signed-out session or a deactivated user is refused at the very next request.
///
/// A cookie is sent by the browser on its own, so a cookie-authenticated request must also prove
/// it comes from the pages: no cross-origin `Origin` header (``OriginCheck``), and for unsafe
/// methods (POST, PUT, PATCH, DELETE) the session's CSRF token in `X-CSRF-Token`. Bearer requests
/// carry no ambient credential and need neither. A person whose password was reset may only read
/// `/me`, change the password and sign out until they have chosen a new one.
public struct AuthMiddleware: RouterMiddleware {
    /// The context this middleware fills.
    public typealias Context = ServiceRequestContext

    let tokens: TokenRegistry
    let sessions: SessionRegistry

    /// Creates the middleware.
    public init(tokens: TokenRegistry, sessions: SessionRegistry) {
        self.tokens = tokens
        self.sessions = sessions
    }

    /// Authenticates the request, then runs the rest of the chain.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIError.unauthenticated }
            let holder = try await tokens.authenticate(parts[1].trimmingCharacters(in: .whitespaces), logger: context.logger)
            var identity = AuthenticatedUser(
                userID: holder.token.userID, name: holder.user.name, isAdmin: holder.token.isAdmin, tokenID: holder.token.id)
            identity.scope = TokenScope(label: holder.token.label)
            guard identity.scope.allows(path: request.uri.path) else { throw TokenScope.workerOnly }
            context.identity = identity
        } else if let cookie = request.cookies[SessionRegistry.cookieName], !cookie.value.isEmpty {
            try OriginCheck.require(request)
            let holder = try await sessions.authenticate(cookie.value, logger: context.logger)
            if Self.unsafeMethods.contains(request.method) {
                try Self.requireCSRF(request, holder.session.csrfToken)
            }
            if holder.account.mustChangePassword, !Self.allowedBeforePasswordChange(request) {
                throw APIError(
                    .forbidden, code: "password_change_required",
                    "An administrator set your password: choose a new one (PUT /me/password) before going on.",
                    fr: "Un administrateur a défini votre mot de passe : choisissez-en un nouveau (PUT /me/password) avant de continuer.")
            }
            context.identity = AuthenticatedUser(
                userID: holder.user.id ?? holder.session.userID, name: holder.user.name, isAdmin: holder.account.isAdmin,
                sessionID: holder.session.id, csrfToken: holder.session.csrfToken, mustChangePassword: holder.account.mustChangePassword)
        } else {
            throw APIError.unauthenticated
        }
        context.logger[metadataKey: "user"] = "\(context.identity?.userID ?? 0)"
        return try await next(request, context)
    }

    /// Methods that change something: cookie requests with them need the CSRF token.
    static let unsafeMethods: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    /// Checks `X-CSRF-Token` against the session's token (SHA-256 digests compared in constant time by swift-crypto).
    static func requireCSRF(_ request: Request, _ expected: String) throws {
        guard let sent = request.headers[SessionRegistry.csrfHeader],
            SHA256.hash(data: Array(sent.utf8)) == SHA256.hash(data: Array(expected.utf8))
        else {
            throw APIError(
                .forbidden, code: "csrf",
                "This request lacks the session's CSRF token: send the `csrfToken` of GET /me in the X-CSRF-Token header, or reload the page.",
                fr: "Cette requête n’a pas le jeton CSRF de la session : envoyez le `csrfToken` de GET /me dans l’en-tête X-CSRF-Token, ou rechargez la page.")
        }
    }

    /// What a person who must change their password may still do.
    static func allowedBeforePasswordChange(_ request: Request) -> Bool {
        switch (request.method, request.uri.path) {
        case (.get, "/me"), (.put, "/me/password"), (.delete, "/sessions/current"): true
        default: false
        }
    }
}

/// Refuses requests whose `Origin` header names another site than the one they were sent to
/// (`Host`): a page elsewhere may make the browser send the session cookie, never read or change
/// anything with it.
enum OriginCheck {
    static func require(_ request: Request) throws {
        guard let origin = request.headers[.origin] else { return }
        let host = request.head.authority ?? ""
        guard let url = URL(string: origin), let originHost = url.host, url.scheme == "http" || url.scheme == "https",
            Self.authority(originHost, url.port, scheme: url.scheme!) == host.lowercased()
                || Self.authority(originHost, url.port, scheme: url.scheme!) + Self.defaultPort(url.scheme!) == host.lowercased()
        else {
            throw APIError(
                .forbidden, code: "cross_origin",
                "Requests signed in with a session cookie must come from Verbatim's own pages, not from \(origin).",
                fr: "Les requêtes d’une session ouverte doivent venir des pages de Verbatim, pas de \(origin).")
        }
    }

    private static func authority(_ host: String, _ port: Int?, scheme: String) -> String {
        let name = host.contains(":") ? "[\(host)]" : host
        return (port.map { "\(name):\($0)" } ?? name).lowercased()
    }

    private static func defaultPort(_ scheme: String) -> String {
        scheme == "https" ? ":443" : ":80"
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The user a request acts for, set by ``AuthMiddleware``.
public struct AuthenticatedUser: Sendable, Hashable {
    /// The user's identifier in the store.
    public var userID: Int64
    /// Display name.
    public var name: String
    /// Whether the user administers the whole installation (every study, users, audit log).
    public var isAdmin: Bool
    /// The API token the request came with (`nil` for a session or a signed media link).
    public var tokenID: Int64?
    /// The password session the request came with (`nil` for a bearer token).
    public var sessionID: Int64?
    /// The session's CSRF token, answered by `GET /me` to the pages (`nil` for a bearer token).
    public var csrfToken: String?
    /// Whether the session's user must choose a new password before doing anything else.
    public var mustChangePassword: Bool
    /// What the request's API token may do (``TokenScope/full`` for sessions and media links).
    public var scope: TokenScope = .full

    /// Creates an identity.
    public init(
        userID: Int64, name: String, isAdmin: Bool, tokenID: Int64? = nil, sessionID: Int64? = nil, csrfToken: String? = nil,
        mustChangePassword: Bool = false
    ) {
        self.userID = userID
        self.name = name
        self.isAdmin = isAdmin
        self.tokenID = tokenID
        self.sessionID = sessionID
        self.csrfToken = csrfToken
        self.mustChangePassword = mustChangePassword
    }
}

/// The request context of the Verbatim API: Hummingbird's core storage plus the caller's identity.
public struct ServiceRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; `nil` before authentication or on public endpoints.
    public var identity: AuthenticatedUser?
    /// The client's address and scheme: the connection's peer until ``ClientOriginMiddleware``
    /// believes a trusted proxy's forwarded headers.
    public var client: ClientOrigin

    /// Creates a context for a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.client = ClientOrigin(address: source.channel.remoteAddress?.ipAddress)
    }

    /// JSON request bodies are small; uploads stream and are limited separately.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }

    /// The caller, or a 401 error.
    public func requireIdentity() throws -> AuthenticatedUser {
        guard let identity else { throw APIError.unauthenticated }
        return identity
    }
}

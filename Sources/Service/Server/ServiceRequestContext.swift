import Foundation
import HTTPTypes
import Hummingbird

/// The user a request acts for, set by ``BearerAuthMiddleware``.
public struct AuthenticatedUser: Sendable, Hashable {
    /// The user's identifier in the store.
    public var userID: Int64
    /// Display name.
    public var name: String
    /// Whether the user administers the whole installation (every study, users, audit log).
    public var isAdmin: Bool
    /// The API token the request came with (`nil` for a signed media link).
    public var tokenID: Int64?

    /// Creates an identity.
    public init(userID: Int64, name: String, isAdmin: Bool, tokenID: Int64? = nil) {
        self.userID = userID
        self.name = name
        self.isAdmin = isAdmin
        self.tokenID = tokenID
    }
}

/// The request context of the Verbatim API: Hummingbird's core storage plus the caller's identity.
public struct ServiceRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; `nil` before authentication or on public endpoints.
    public var identity: AuthenticatedUser?

    /// Creates a context for a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
    }

    /// JSON request bodies are small; uploads stream and are limited separately.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }

    /// The caller, or a 401 error.
    public func requireIdentity() throws -> AuthenticatedUser {
        guard let identity else { throw APIError.unauthenticated }
        return identity
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// Authenticates `Authorization: Bearer <token>` against the ``TokenRegistry`` and puts the
/// user into the context; refuses the request with 401 when the token is missing or unknown.
public struct BearerAuthMiddleware: RouterMiddleware {
    /// The context this middleware fills.
    public typealias Context = ServiceRequestContext

    let tokens: TokenRegistry
    let store: any Store

    /// Creates the middleware.
    public init(tokens: TokenRegistry, store: any Store) {
        self.tokens = tokens
        self.store = store
    }

    /// Authenticates the request, then runs the rest of the chain.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else { throw APIError.unauthenticated }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIError.unauthenticated }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard let entry = try await tokens.lookup(token: token), let user = try await store.user(id: entry.userID) else {
            throw APIError.unauthenticated
        }
        var context = context
        context.identity = AuthenticatedUser(userID: entry.userID, name: user.name, isAdmin: entry.isAdmin)
        context.logger[metadataKey: "user"] = "\(entry.userID)"
        return try await next(request, context)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// Authenticates `Authorization: Bearer <token>` against the store's tokens (``TokenRegistry``)
/// on every request and puts the user into the context; refuses the request with 401 when the
/// token is missing, unknown, revoked or expired, so a revocation stops the very next request.
public struct BearerAuthMiddleware: RouterMiddleware {
    /// The context this middleware fills.
    public typealias Context = ServiceRequestContext

    let tokens: TokenRegistry

    /// Creates the middleware.
    public init(tokens: TokenRegistry) {
        self.tokens = tokens
    }

    /// Authenticates the request, then runs the rest of the chain.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else { throw APIError.unauthenticated }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIError.unauthenticated }
        let holder = try await tokens.authenticate(parts[1].trimmingCharacters(in: .whitespaces), logger: context.logger)
        var context = context
        context.identity = AuthenticatedUser(
            userID: holder.token.userID, name: holder.user.name, isAdmin: holder.token.isAdmin, tokenID: holder.token.id)
        context.logger[metadataKey: "user"] = "\(holder.token.userID)"
        return try await next(request, context)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// Authenticates media playback: either `Authorization: Bearer <token>` (as every endpoint), or,
/// for the media elements of the web pages, a signed `access` query parameter issued by
/// `POST /recordings/{id}/media-token` for that recording (see ``MediaAccessSigner``).
struct MediaAuthMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext

    let bearer: BearerAuthMiddleware
    let signer: MediaAccessSigner
    let store: any Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.headers[.authorization] != nil || request.uri.queryParameters.get("access") == nil {
            return try await bearer.handle(request, context: context, next: next)
        }
        guard let token = request.uri.queryParameters.get("access"),
            let recordingID = context.parameters.get("recordingID", as: Int64.self),
            let grant = signer.verify(token, recordingID: recordingID),
            let user = try await store.user(id: grant.userID),
            // The API token the link was issued under must still work: revoking it voids its links.
            try await store.tokens(userID: grant.userID).contains(where: { $0.id == grant.apiTokenID && $0.status() == .active })
        else {
            throw APIError(
                .unauthorized, code: "invalid_media_token",
                "The media link is invalid or expired; ask for a new one with POST /recordings/{id}/media-token.")
        }
        var context = context
        context.identity = AuthenticatedUser(userID: grant.userID, name: user.name, isAdmin: grant.isAdmin, tokenID: grant.apiTokenID)
        context.logger[metadataKey: "user"] = "\(grant.userID)"
        return try await next(request, context)
    }
}

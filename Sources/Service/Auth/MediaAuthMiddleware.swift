import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// Authenticates media playback: a bearer token or session cookie (as every endpoint, through
/// ``AuthMiddleware``), or, for the media elements of the web pages, a signed `access` query
/// parameter issued by `POST /recordings/{id}/media-token` for that recording (see ``MediaAccessSigner``).
struct MediaAuthMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext

    let auth: AuthMiddleware
    let signer: MediaAccessSigner
    let store: any Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.headers[.authorization] != nil || request.uri.queryParameters.get("access") == nil {
            return try await auth.handle(request, context: context, next: next)
        }
        guard let token = request.uri.queryParameters.get("access"),
            let recordingID = context.parameters.get("recordingID", as: Int64.self),
            let grant = signer.verify(token, recordingID: recordingID),
            let user = try await store.user(id: grant.userID),
            try await stillValid(grant)
        else {
            throw APIError(
                .unauthorized, code: "invalid_media_token",
                "The media link is invalid or expired; ask for a new one with POST /recordings/{id}/media-token.",
                fr: "Le lien du média n’est pas valide ou a expiré ; demandez-en un nouveau avec POST /recordings/{id}/media-token.")
        }
        var context = context
        context.identity = AuthenticatedUser(
            userID: grant.userID, name: user.name, isAdmin: grant.isAdmin, tokenID: grant.apiTokenID,
            sessionID: grant.sessionID == 0 ? nil : grant.sessionID)
        context.logger[metadataKey: "user"] = "\(grant.userID)"
        return try await next(request, context)
    }

    /// Whether the API token or the session the link was issued under still works: revoking the
    /// token, signing out or deactivating the user voids its links.
    private func stillValid(_ grant: MediaAccessSigner.Grant) async throws -> Bool {
        if grant.sessionID != 0 {
            guard try await store.account(userID: grant.userID).isActive else { return false }
            return try await auth.sessions.isOpen(sessionID: grant.sessionID, userID: grant.userID)
        }
        return try await store.tokens(userID: grant.userID).contains(where: { $0.id == grant.apiTokenID && $0.status() == .active })
    }
}

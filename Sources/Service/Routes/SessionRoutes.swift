import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Password sign-in for people: `POST /sessions` opens a session (a cookie), `DELETE /sessions/current` ends it.
struct SessionRoutes {
    let backend: ServiceBackend

    /// What `POST /sessions` accepts.
    struct SignIn: Codable {
        var email: String
        var password: String
    }

    /// Registers `POST /sessions`, which needs no credential.
    func registerPublic(on router: Router<ServiceRequestContext>) {
        router.post("sessions") { request, context in
            // A page elsewhere must not sign the browser into an account of its choosing.
            try OriginCheck.require(request)
            let body = try await JSONResponse.decode(SignIn.self, from: request, context: context)
            guard body.password.count <= PasswordPolicy.maximumLength, body.email.count <= 320 else { throw SessionRegistry.refused }
            let signedIn = try await backend.sessions.signIn(email: body.email, password: body.password, client: context.client.address)
            let me = UserRoutes.Me(
                user: signedIn.user, isAdmin: signedIn.account.isAdmin, authMethod: "session", csrfToken: signedIn.session.csrfToken,
                mustChangePassword: signedIn.account.mustChangePassword)
            var response = try JSONResponse.make(me, status: .created)
            response.setCookie(SessionRegistry.cookie(signedIn.secret, secure: secureCookies(context)))
            return response
        }
    }

    /// Registers `DELETE /sessions/current` behind authentication.
    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.delete("sessions/current") { request, context in
            let caller = try context.requireIdentity()
            guard let sessionID = caller.sessionID else {
                throw APIError(
                    .badRequest, code: "no_session",
                    "This request came with an API token, not a session: there is nothing to sign out of (revoke the token with DELETE /me/tokens/{tokenID}).",
                    fr: "Cette requête vient avec un jeton d’API, pas une session : il n’y a pas de session à fermer (révoquez le jeton avec DELETE /me/tokens/{tokenID}).")
            }
            try await backend.sessions.signOut(sessionID: sessionID, userID: caller.userID)
            var response = Response(status: .noContent)
            response.setCookie(SessionRegistry.cookie("", secure: secureCookies(context), expired: true))
            return response
        }
    }

    /// Whether the cookie gets `Secure`: configured so, or the request came over TLS (here, or at a
    /// trusted proxy that says so in `X-Forwarded-Proto`).
    private func secureCookies(_ context: ServiceRequestContext) -> Bool {
        backend.configuration.secureCookies || context.client.isHTTPS
    }
}

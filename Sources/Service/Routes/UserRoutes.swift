import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Users and their first API token: `/users` (installation admins), `/me`; more tokens in ``TokenRoutes``.
struct UserRoutes {
    let backend: ServiceBackend

    struct CreateUser: Codable {
        var name: String
        var email: String
        var isAdmin: Bool?
    }

    /// A new user with the token to give them (shown once; only its hash is kept).
    struct CreatedUser: Codable {
        var user: User
        var token: String
        var isAdmin: Bool
    }

    /// The caller.
    struct Me: Codable {
        var user: User
        var isAdmin: Bool
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("users") { request, context in
            let caller = try context.requireIdentity()
            try backend.access.requireInstallationAdmin(caller, to: "create users")
            let body = try await JSONResponse.decode(CreateUser.self, from: request, context: context)
            let created = try await UserProvisioning(store: backend.store, tokens: backend.tokens)
                .createUser(name: body.name, email: body.email, isAdmin: body.isAdmin ?? false, actorID: caller.userID)
            try await backend.audit(caller, "user.create", study: nil, target: "user", created.user.id)
            return try JSONResponse.make(CreatedUser(user: created.user, token: created.token, isAdmin: created.isAdmin), status: .created)
        }
        router.get("me") { _, context in
            let caller = try context.requireIdentity()
            guard let user = try await backend.store.user(id: caller.userID) else { throw APIError.unauthenticated }
            return try JSONResponse.make(Me(user: user, isAdmin: caller.isAdmin))
        }
    }
}

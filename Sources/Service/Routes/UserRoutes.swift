import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Users: `/users` (installation admins: create, list, reset a password, deactivate), `/me` and
/// `/me/password`; API tokens in ``TokenRoutes``, sign-in in ``SessionRoutes``.
struct UserRoutes {
    let backend: ServiceBackend

    struct CreateUser: Codable {
        var name: String
        var email: String
        var isAdmin: Bool?
        /// The first password; leave it out with `generatePassword` to have one made.
        var password: String?
        /// Makes a random password, answered once.
        var generatePassword: Bool?
    }

    /// A new user with the token to give them (shown once; only its hash is kept), and the
    /// password when one was generated (shown once).
    struct CreatedUser: Codable {
        var user: User
        var token: String
        var isAdmin: Bool
        var password: String?
    }

    /// The caller: how they signed in, and for a session its CSRF token.
    struct Me: Codable {
        var user: User
        var isAdmin: Bool
        /// `token` or `session`.
        var authMethod: String
        var csrfToken: String?
        var mustChangePassword: Bool
    }

    /// A user as installation administrators list them.
    struct UserInfo: Codable {
        var user: User
        var isAdmin: Bool
        var active: Bool
        var hasPassword: Bool
        var mustChangePassword: Bool
        var lockedUntil: Date?

        init(_ user: User, _ account: UserAccount, now: Date) {
            self.user = user
            isAdmin = account.isAdmin
            active = account.isActive
            hasPassword = account.passwordHash != nil
            mustChangePassword = account.mustChangePassword
            lockedUntil = account.isLocked(at: now) ? account.lockedUntil : nil
        }
    }

    /// What `PUT /users/{userID}/password` accepts: a password, or none to have one generated.
    struct ResetPassword: Codable {
        var password: String?
    }

    /// A password just set by an administrator.
    struct PasswordReset: Codable {
        var userID: Int64
        var mustChangePassword: Bool
        /// The generated password (shown once), when none was given.
        var password: String?
    }

    /// What `PUT /me/password` accepts.
    struct ChangePassword: Codable {
        var currentPassword: String
        var newPassword: String
    }

    /// What `PUT /users/{userID}/active` accepts.
    struct SetActive: Codable {
        var active: Bool
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("users") { request, context in
            let caller = try context.requireIdentity()
            try backend.access.requireInstallationAdmin(caller, to: "create users")
            let body = try await JSONResponse.decode(CreateUser.self, from: request, context: context)
            let generated = body.password == nil && body.generatePassword == true ? PasswordPolicy.generate() : nil
            let created = try await UserProvisioning(store: backend.store, tokens: backend.tokens)
                .createUser(
                    name: body.name, email: body.email, isAdmin: body.isAdmin ?? false, actorID: caller.userID,
                    password: body.password ?? generated, mustChangePassword: generated != nil, passwords: backend.sessions.passwords)
            try await backend.audit(
                caller, "user.create", study: nil, target: "user", created.user.id,
                details: ["password": .bool(body.password != nil || generated != nil)])
            return try JSONResponse.make(
                CreatedUser(user: created.user, token: created.token, isAdmin: created.isAdmin, password: generated), status: .created)
        }
        router.get("users") { _, context in
            let caller = try context.requireIdentity()
            try backend.access.requireInstallationAdmin(caller, to: "list users")
            let now = backend.sessions.clock.now()
            var listed: [UserInfo] = []
            for user in try await backend.store.users() {
                listed.append(UserInfo(user, try await backend.store.account(userID: user.id!), now: now))
            }
            return try JSONResponse.make(listed)
        }
        router.put("users/:userID/password") { request, context in
            let caller = try context.requireIdentity()
            try backend.access.requireInstallationAdmin(caller, to: "reset passwords")
            let userID = try context.parameters.require("userID", as: Int64.self)
            let body = try await JSONResponse.decode(ResetPassword.self, from: request, context: context)
            guard let user = try await backend.store.user(id: userID) else { throw APIError.notFound("User", userID) }
            let generated = body.password == nil ? PasswordPolicy.generate() : nil
            let password = body.password ?? generated!
            try PasswordPolicy.check(password, name: user.name, email: user.email)
            let hash = try await backend.sessions.passwords.hash(password)
            // The user must choose their own password at their next sign-in; their open sessions end now.
            try await backend.store.setPassword(userID: userID, hash: hash, mustChange: true, at: backend.sessions.clock.now(), keepingSession: nil)
            try await backend.audit(caller, "user.password_reset", study: nil, target: "user", userID)
            return try JSONResponse.make(PasswordReset(userID: userID, mustChangePassword: true, password: generated))
        }
        router.put("users/:userID/active") { request, context in
            let caller = try context.requireIdentity()
            try backend.access.requireInstallationAdmin(caller, to: "deactivate users")
            let userID = try context.parameters.require("userID", as: Int64.self)
            let body = try await JSONResponse.decode(SetActive.self, from: request, context: context)
            guard let user = try await backend.store.user(id: userID) else { throw APIError.notFound("User", userID) }
            if userID == caller.userID, !body.active {
                throw APIError(
                    .conflict, code: "cannot_deactivate_self",
                    "You cannot deactivate your own account; ask another installation administrator.",
                    fr: "Vous ne pouvez pas désactiver votre propre compte ; demandez-le à un autre administrateur de l’installation.")
            }
            let now = backend.sessions.clock.now()
            let account = try await backend.store.setActive(userID: userID, body.active, at: now)
            try await backend.audit(caller, body.active ? "user.reactivate" : "user.deactivate", study: nil, target: "user", userID)
            return try JSONResponse.make(UserInfo(user, account, now: now))
        }
        router.get("me") { _, context in
            let caller = try context.requireIdentity()
            guard let user = try await backend.store.user(id: caller.userID) else { throw APIError.unauthenticated }
            return try JSONResponse.make(
                Me(
                    user: user, isAdmin: caller.isAdmin, authMethod: caller.sessionID == nil ? "token" : "session",
                    csrfToken: caller.csrfToken, mustChangePassword: caller.mustChangePassword))
        }
        router.put("me/password") { request, context in
            let caller = try context.requireIdentity()
            let body = try await JSONResponse.decode(ChangePassword.self, from: request, context: context)
            guard let user = try await backend.store.user(id: caller.userID) else { throw APIError.unauthenticated }
            let account = try await backend.store.account(userID: caller.userID)
            guard account.passwordHash != nil, body.currentPassword.count <= PasswordPolicy.maximumLength,
                try await backend.sessions.passwords.verify(body.currentPassword, against: account.passwordHash)
            else {
                throw APIError(
                    .forbidden, code: "wrong_password", "The current password is wrong; type the one you signed in with.",
                    fr: "Le mot de passe actuel est erroné ; tapez celui avec lequel vous vous êtes connecté.")
            }
            try PasswordPolicy.check(body.newPassword, name: user.name, email: user.email)
            let hash = try await backend.sessions.passwords.hash(body.newPassword)
            // Other sessions (another browser, perhaps someone else's) end; this one goes on.
            try await backend.store.setPassword(
                userID: caller.userID, hash: hash, mustChange: false, at: backend.sessions.clock.now(), keepingSession: caller.sessionID)
            try await backend.audit(caller, "user.password_change", study: nil, target: "user", caller.userID)
            return try JSONResponse.make(OK())
        }
    }
}

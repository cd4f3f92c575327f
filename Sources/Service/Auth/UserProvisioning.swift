import Foundation
import HTTPTypes
import Store

/// Creates users with their first API token: used by `POST /users` and `verbatim admin create-user`.
public struct UserProvisioning: Sendable {
    /// A user just created, with the token to hand over (shown once).
    public struct Created: Sendable {
        /// The stored user.
        public var user: User
        /// The bearer token.
        public var token: String
        /// What the store keeps of it (expiry included).
        public var tokenRecord: APIToken
        /// Whether the user administers the installation.
        public var isAdmin: Bool
    }

    let store: any Store
    let tokens: TokenRegistry

    /// Creates a provisioner.
    public init(store: any Store, tokens: TokenRegistry) {
        self.store = store
        self.tokens = tokens
    }

    /// Stores a user with their account (admin flag; a password, checked against ``PasswordPolicy``
    /// and hashed with `passwords`, if given) and issues a token for them (audited as `token.issue`
    /// by `actorID`, `nil` for the command line).
    public func createUser(
        name: String, email: String, isAdmin: Bool, lifetime: TokenRegistry.Lifetime = .standard, actorID: Int64?,
        password: String? = nil, mustChangePassword: Bool = false, passwords: PasswordHasher? = nil
    ) async throws -> Created {
        let name = name.trimmingCharacters(in: .whitespaces)
        let email = email.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            throw APIError(.badRequest, code: "bad_request", "A user needs a non-empty `name`.", fr: "Un utilisateur a besoin d’un nom (`name`).")
        }
        guard email.contains("@"), !email.contains(" ") else {
            throw APIError(
                .badRequest, code: "bad_request", "`\(email)` is not an e-mail address; give one such as name@example.org.",
                fr: "« \(email) » n’est pas une adresse électronique ; donnez-en une comme nom@exemple.fr.")
        }
        var account = UserAccount(userID: 0, isAdmin: isAdmin, mustChangePassword: password != nil && mustChangePassword)
        if let password {
            try PasswordPolicy.check(password, name: name, email: email)
            account.passwordHash = try await (passwords ?? PasswordHasher()).hash(password)
            account.passwordChangedAt = Date()
        }
        let user = try await store.createUser(name: name, email: email, account: account)
        let issued = try await tokens.issue(userID: user.id!, isAdmin: isAdmin, label: "first token", lifetime: lifetime, actorID: actorID)
        return Created(user: user, token: issued.secret, tokenRecord: issued.record, isAdmin: isAdmin)
    }
}

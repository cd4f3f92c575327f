import ArgumentParser
import Foundation
import Logging
import Service
import Store

/// `verbatim admin`: administration that needs no running server.
struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer users and API tokens of the embedded store.",
        subcommands: [CreateUser.self, ListTokens.self, RevokeTokens.self]
    )

    /// `verbatim admin create-user --name NAME [--email E] [--admin] [--expires-in-days N]`: prints the new user's API token.
    struct CreateUser: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-user",
            abstract: "Create a user and print their API token (shown once; only its hash is stored)."
        )

        @OptionGroup var dataOptions: DataOptions

        @Option(help: "Display name.")
        var name: String

        @Option(help: "E-mail address (unique); defaults to NAME@localhost.")
        var email: String?

        @Flag(help: "Make the user an installation administrator (every study, users, audit log).")
        var admin = false

        @Option(
            help: """
                Days the token works. Default: 90; an administrator's bootstrap token does not expire \
                (revoke it with `verbatim admin revoke-tokens` once other tokens exist).
                """)
        var expiresInDays: Int?

        func validate() throws {
            if let days = expiresInDays, days < 1 { throw ValidationError("--expires-in-days must be at least 1.") }
        }

        func run() throws {
            let backend = try AdminCommand.openBackend(dataOptions)
            let slug = name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "." }.joined()
            let email = email ?? "\(slug)@localhost"
            let admin = admin, name = name
            let lifetime: TokenRegistry.Lifetime
            if let days = expiresInDays {
                lifetime = .seconds(Double(days) * 86_400)
            } else {
                lifetime = admin ? .unlimited : .standard
            }
            try runBlocking {
                try await backend.migrateTokenFile()
                let created = try await UserProvisioning(store: backend.store, tokens: backend.tokens)
                    .createUser(name: name, email: email, isAdmin: admin, lifetime: lifetime, actorID: nil)
                print("user \(created.user.id!) \(created.user.name) <\(created.user.email)>\(admin ? " (administrator)" : "")")
                print("token \(created.token)")
                let expiry = created.tokenRecord.expiresAt.map(String.init(describing:)) ?? "never (revoke it with revoke-tokens)"
                print("expires \(expiry)")
            }
        }
    }

    /// `verbatim admin list-tokens --user ID`: a user's tokens, metadata only.
    struct ListTokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list-tokens", abstract: "List a user's API tokens (identifier, label, dates, status; never the token).")

        @OptionGroup var dataOptions: DataOptions

        @Option(help: "The user's identifier.")
        var user: Int64

        func run() throws {
            let backend = try AdminCommand.openBackend(dataOptions)
            let user = user
            try runBlocking {
                try await backend.migrateTokenFile()
                for token in try await backend.store.tokens(userID: user) {
                    let expiry = token.expiresAt.map { "expires \($0)" } ?? "no expiry"
                    print("\(token.id!)\t\(token.status().rawValue)\t\(token.isAdmin ? "admin" : "user")\t\(expiry)\t\(token.label)")
                }
            }
        }
    }

    /// `verbatim admin revoke-tokens --user ID [--token ID]`: revokes one token or all of a user's, at once.
    struct RevokeTokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-tokens",
            abstract: "Revoke a user's API tokens (all, or one with --token); a running server refuses them at the next request.")

        @OptionGroup var dataOptions: DataOptions

        @Option(help: "The user's identifier.")
        var user: Int64

        @Option(help: "Revoke only this token (see `verbatim admin list-tokens`).")
        var token: Int64?

        func run() throws {
            let backend = try AdminCommand.openBackend(dataOptions)
            let user = user, token = token
            try runBlocking {
                try await backend.migrateTokenFile()
                if let token {
                    _ = try await backend.tokens.revoke(tokenID: token, userID: user, actorID: nil)
                    print("revoked token \(token) of user \(user)")
                } else {
                    let count = try await backend.tokens.revokeAll(userID: user, actorID: nil)
                    print("revoked \(count) token(s) of user \(user)")
                }
            }
        }
    }

    /// Opens the store of `--data` as the server would.
    static func openBackend(_ options: DataOptions) throws -> ServiceBackend {
        let configuration = ServiceConfiguration(dataDirectory: URL(fileURLWithPath: options.data))
        return try ServiceBackend.open(configuration: configuration, logger: Logger(label: "verbatim.admin"))
    }
}

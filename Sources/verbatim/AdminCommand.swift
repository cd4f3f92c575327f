import ArgumentParser
import Foundation
import Logging
import Service
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// `verbatim admin`: administration that needs no running server.
struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer users and API tokens of the embedded store.",
        subcommands: [
            CreateUser.self, SetPassword.self, ListTokens.self, RevokeTokens.self, CreateWorkerToken.self, CreateMasterKey.self,
            EncryptMedia.self,
        ]
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

    /// `verbatim admin create-worker-token --user ID [--label L] [--expires-in-days N] [--output FILE]`:
    /// a token for `verbatim worker --server`, owned by an administrator, that can only run jobs.
    struct CreateWorkerToken: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-worker-token",
            abstract: "Create a worker token (it can only claim and run jobs over the worker API) and print it, or write it to a private file.")

        @OptionGroup var dataOptions: DataOptions

        @Option(help: "The installation administrator who owns the token (revoking their tokens revokes it).")
        var user: Int64

        @Option(help: "A name for the token, such as the worker machine's.")
        var label: String = ""

        @Option(help: "Days the token works (default: 90).")
        var expiresInDays: Int?

        @Option(help: "Write the token to this file (created readable by its owner only) instead of printing it.")
        var output: String?

        func validate() throws {
            if let days = expiresInDays, days < 1 { throw ValidationError("--expires-in-days must be at least 1.") }
        }

        func run() throws {
            let backend = try AdminCommand.openBackend(dataOptions)
            let user = user, label = label, output = output
            let lifetime: TokenRegistry.Lifetime = expiresInDays.map { .seconds(Double($0) * 86_400) } ?? .standard
            try runBlocking {
                guard try await backend.store.user(id: user) != nil, try await backend.store.account(userID: user).isAdmin else {
                    throw ValidationError("User \(user) is not an installation administrator; a worker token belongs to one.")
                }
                let issued = try await backend.tokens.issueWorker(userID: user, label: label, lifetime: lifetime, actorID: nil)
                if let output {
                    let file = URL(fileURLWithPath: output)
                    try PrivateFiles.createFile(file)
                    try Data((issued.secret + "\n").utf8).write(to: file)
                    print("worker token \(issued.record.id!) written to \(output)")
                } else {
                    print("token \(issued.secret)")
                }
                print("expires \(issued.record.expiresAt.map(String.init(describing:)) ?? "never")")
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

    /// `verbatim admin set-password --user ID|EMAIL`: sets a user's password from standard input
    /// (asked twice, without echo, on a terminal), so that they can sign in to the pages.
    struct SetPassword: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password",
            abstract: "Set a user's password, read from standard input (asked twice on a terminal); their open sessions end.")

        @OptionGroup var dataOptions: DataOptions

        @Option(help: "The user's identifier or e-mail address.")
        var user: String

        @Flag(help: "Make the user choose a new password at their next sign-in.")
        var mustChange = false

        @Option(help: "bcrypt work factor (4 to 31).")
        var bcryptCost: Int = Int(PasswordHasher.defaultCost)

        func validate() throws {
            guard (4...31).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost must be between 4 and 31.") }
        }

        func run() throws {
            let password = try Self.readPassword()
            let backend = try AdminCommand.openBackend(dataOptions)
            let user = user, mustChange = mustChange, hasher = PasswordHasher(cost: UInt8(bcryptCost))
            try runBlocking {
                var found: User? = nil
                if let id = Int64(user) { found = try await backend.store.user(id: id) }
                if found == nil { found = try await backend.store.user(email: user) }
                guard let found, let id = found.id else { throw ValidationError("No user \(user); list them with the API (GET /users).") }
                do {
                    try PasswordPolicy.check(password, name: found.name, email: found.email)
                } catch let error as APIError {
                    throw ValidationError(error.message)
                }
                let hash = try await hasher.hash(password)
                try await backend.store.setPassword(userID: id, hash: hash, mustChange: mustChange, at: Date(), keepingSession: nil)
                _ = try await backend.store.appendAudit(
                    actorID: nil, action: "user.password_reset", studyID: nil, targetKind: "user", targetID: id, details: .none)
                print("password set for user \(id) \(found.name) <\(found.email)>\(mustChange ? " (to change at next sign-in)" : "")")
            }
        }

        /// The password: typed twice without echo on a terminal, else the first line of standard input.
        static func readPassword() throws -> String {
            guard isatty(STDIN_FILENO) == 1 else {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                    throw ValidationError("Give the password on standard input (one line).")
                }
                return line
            }
            let first = getpass("New password: ").map { String(cString: $0) } ?? ""
            let second = getpass("Once more: ").map { String(cString: $0) } ?? ""
            guard first == second else { throw ValidationError("The two passwords differ; nothing was changed.") }
            return first
        }
    }

    /// Opens the store of `--data` (or `--database`) as the server would.
    static func openBackend(_ options: DataOptions) throws -> ServiceBackend {
        let configuration = ServiceConfiguration(dataDirectory: URL(fileURLWithPath: options.data))
        return try options.openBackend(configuration: configuration, masterKey: nil, logger: Logger(label: "verbatim.admin"))
    }
}

import ArgumentParser
import Foundation
import Logging
import Service
import Store

/// `verbatim admin`: administration that needs no running server.
struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer users of the embedded store.",
        subcommands: [CreateUser.self]
    )

    /// `verbatim admin create-user --name NAME [--email E] [--admin]`: prints the new user's API token.
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

        func run() throws {
            let configuration = ServiceConfiguration(dataDirectory: URL(fileURLWithPath: dataOptions.data))
            let backend = try ServiceBackend.open(configuration: configuration, logger: Logger(label: "verbatim.admin"))
            let slug = name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "." }.joined()
            let email = email ?? "\(slug)@localhost"
            let admin = admin, name = name
            try runBlocking {
                let created = try await UserProvisioning(store: backend.store, tokens: backend.tokens)
                    .createUser(name: name, email: email, isAdmin: admin)
                print("user \(created.user.id!) \(created.user.name) <\(created.user.email)>\(admin ? " (administrator)" : "")")
                print("token \(created.token)")
            }
        }
    }
}

import Foundation
import PostgresNIO
import Store

/// Where a PostgreSQL store lives: a `postgres://user:password@host:port/database` URL, and the
/// schema its tables go in (`public` unless given, a schema of its own per test).
public struct PostgresLocation: Sendable, Hashable {
    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// User name.
    public var username: String
    /// Password, if the server asks for one.
    public var password: String?
    /// Database name.
    public var database: String
    /// Schema of the tables; `nil` is the server's default search path.
    public var schema: String?
    /// Whether the connection requires TLS (`sslmode=require`); loopback URLs usually disable it.
    public var requiresTLS: Bool

    /// Reads a `postgres://` (or `postgresql://`) URL; `schema` picks the schema of the tables.
    public init(url: String, schema: String? = nil) throws(StoreError) {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme),
            let host = components.host, !host.isEmpty
        else {
            throw StoreError(
                .invalidInput,
                "\(url) is not a PostgreSQL URL; write postgres://USER:PASSWORD@HOST:PORT/DATABASE.",
                fr: "\(url) n’est pas une URL PostgreSQL ; écrivez postgres://UTILISATEUR:MOTDEPASSE@HOTE:PORT/BASE.")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreError(
                .invalidInput, "\(url) names no database; add it after the port: postgres://HOST:PORT/DATABASE.",
                fr: "\(url) ne nomme aucune base ; ajoutez-la après le port : postgres://HOTE:PORT/BASE.")
        }
        if let schema, !Self.isPlainIdentifier(schema) {
            throw StoreError(
                .invalidInput, "The schema name \(schema) may hold only lower-case letters, digits and _.",
                fr: "Le nom de schéma \(schema) ne peut contenir que des minuscules, des chiffres et _.")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = components.user ?? "postgres"
        self.password = components.password
        self.database = database
        self.schema = schema
        let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        self.requiresTLS = ["require", "verify-ca", "verify-full"].contains(sslmode)
    }

    /// Whether `name` can go into SQL unquoted: lower-case ASCII letters, digits and `_`, not first a digit.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first), name.count <= 63 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// The client configuration: TLS when asked for, the schema as the search path.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = requiresTLS ? .require(.makeClientConfiguration()) : .disable
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        if let schema {
            configuration.options.additionalStartupParameters = [("search_path", "\(schema), public")]
        }
        return configuration
    }
}

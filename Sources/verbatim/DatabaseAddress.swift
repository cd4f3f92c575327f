import Foundation
import PostgresStore
import Store

/// Where the store lives: the embedded SQLite file (the default) or a PostgreSQL database.
///
/// Written `sqlite:PATH` or a bare path for SQLite, `postgres://USER:PASSWORD@HOST:PORT/DATABASE`
/// (or `postgresql://`, with `?sslmode=require` for TLS, and `?schema=NAME` to keep the tables in a
/// schema of their own, several stores in one database) for PostgreSQL.
enum DatabaseAddress: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// The environment variable that gives the database when `--database` is not on the command
    /// line (so a password stays out of `ps`, and `serve` hands it to its workers).
    static let environmentVariable = "VERBATIM_DATABASE"

    /// Reads an address; a `postgres://` URL that does not parse is refused with what to write.
    init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            let schema = URLComponents(string: trimmed)?.queryItems?.first { $0.name == "schema" }?.value
            self = .postgres(try PostgresLocation(url: trimmed, schema: schema))
        } else if trimmed.hasPrefix("sqlite:") {
            let path = String(trimmed.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw CommandLineError("sqlite: needs a file, e.g. sqlite:data/verbatim.sqlite.") }
            self = .sqlite(path: path)
        } else if trimmed.contains("://") {
            throw CommandLineError(
                "\(trimmed) is not a database Verbatim knows: give postgres://USER:PASSWORD@HOST:PORT/DATABASE or sqlite:FILE.")
        } else {
            guard !trimmed.isEmpty else { throw CommandLineError("--database is empty: give postgres://… or sqlite:FILE.") }
            self = .sqlite(path: trimmed)
        }
    }

    /// The SQLite store of a data folder: its `verbatim.sqlite`.
    static func sqliteFile(inDataFolder folder: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent("verbatim.sqlite").path
    }

    /// `--database` if given, else `$VERBATIM_DATABASE`, else the SQLite file `fallback`.
    static func resolve(
        _ option: String?, sqliteFallback fallback: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> DatabaseAddress {
        if let option { return try DatabaseAddress(option) }
        if let value = environment[environmentVariable], !value.isEmpty { return try DatabaseAddress(value) }
        return .sqlite(path: fallback)
    }

    /// A description without the password, for logs and messages.
    var redacted: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location):
            "postgres://\(location.username)@\(location.host):\(location.port)/\(location.database)"
                + (location.schema.map { "?schema=\($0)" } ?? "")
        }
    }

    /// Opens the store, bringing its schema up to date. A SQLite file must exist unless `creating`
    /// (so a mistyped path never opens an empty store) and copies itself beside itself before an
    /// upgrade; a PostgreSQL database must exist (its tables are created on first use), and is
    /// dumped into `upgradeBackups` (the data folder) before an upgrade.
    func open(creating: Bool, upgradeBackups: URL? = nil) throws -> any Store {
        switch self {
        case .sqlite(let path):
            guard creating || FileManager.default.fileExists(atPath: path) else {
                throw CommandLineError(
                    "There is no store at \(path). Run `verbatim serve` once to create it (or `verbatim admin`), "
                        + "or give the right place (--data DIR, --store FILE or --database ADDRESS).")
            }
            return try SQLiteStore(path: path)
        case .postgres(let location):
            return try waitForStore { try await PostgresStore.open(location, upgradeBackups: upgradeBackups) }
        }
    }
}

import ArgumentParser
import Foundation
import PostgresStore
import Store

/// `verbatim store`: the store itself, between backends.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move the store between backends.",
        subcommands: [StoreCopyCommand.self])
}

/// `verbatim store copy --from sqlite:PATH --to postgres://...`: a team's SQLite store into an
/// empty PostgreSQL store, verified (rows per table, the audit chain and its head hash).
struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the SQLite store into an empty PostgreSQL store, and verify row counts and the audit chain.",
        discussion: """
            Stop `verbatim serve` and its workers first: the SQLite file is only read (in one snapshot, read-only), \
            and rows written after the snapshot would not be copied (the copy refuses if it notices). The PostgreSQL \
            store must be new: `verbatim` migrates it, and the copy refuses a store that holds any row. Everything is \
            written in one transaction: a refusal or a failure leaves the PostgreSQL store empty. Media files are not \
            moved: point the service at the same data folder.
            """)

    @Option(help: "The SQLite store: sqlite:PATH or PATH (the service keeps it in data/verbatim.sqlite).")
    var from: String = "sqlite:data/verbatim.sqlite"

    @Option(help: "The PostgreSQL store: postgres://user[:password]@host[:port]/database (?sslmode=require for TLS, ?schema=NAME).")
    var to: String

    @Option(help: "The PostgreSQL schema of the store's tables (default: public).")
    var schema: String?

    @Option(help: "Rows read and written at a time.")
    var batch: Int = 500

    func run() throws {
        let path = Self.sqlitePath(from)
        guard case .postgres(let address) = try DatabaseAddress(to) else {
            throw ValidationError("--to is the PostgreSQL store: postgres://user[:password]@host[:port]/database.")
        }
        let location = try schema.map { try PostgresLocation(url: to, schema: $0) } ?? address
        let report = try waitForStore {
            let target = try await PostgresStore.open(location)
            defer { target.close() }
            return try await StoreCopy.copy(fromSQLite: path, to: target, batchRows: batch)
        }
        for line in report.summary { print(line) }
        let rows = report.tables.reduce(0) { $0 + $1.targetRows }
        print("copied \(rows) rows in \(report.tables.count) tables from \(path) to \(location.host)/\(location.database): verified")
    }

    /// `sqlite:PATH`, `sqlite://PATH` or a bare path.
    static func sqlitePath(_ argument: String) -> String {
        for prefix in ["sqlite://", "sqlite:"] where argument.hasPrefix(prefix) {
            return String(argument.dropFirst(prefix.count))
        }
        return argument
    }
}

import Foundation
import GRDB
import Logging
import PostgresNIO
import Store

/// Writes the tables of a ``StoreCopyPlan`` on one connection, inside the copy's transaction:
/// source rows in rowid order, in multi-row `INSERT`s of a bounded size, with their identifiers.
struct StoreCopyWriter: Sendable {
    let path: String
    let snapshot: DatabaseSnapshot
    let batchRows: Int
    let logger: Logger

    /// PostgreSQL takes at most 65,535 parameters a statement; a statement stays well under it, and under a few megabytes.
    private static let maximumBinds = 30_000
    private static let maximumBytes = 8 << 20

    /// Refuses unless every table of the target is empty (its seeded rows aside).
    func requireEmpty(_ tables: [StoreCopyPlan.TargetTable], _ connection: PostgresConnection) async throws {
        var filled: [String] = []
        for table in tables where !StoreCopyPlan.targetBookkeeping.contains(table.name) {
            let condition = StoreCopyPlan.seeded[table.name].map { " WHERE NOT (\($0))" } ?? ""
            let rows = try await Self.count(table.name, condition: condition, connection, logger: logger)
            if rows > 0 { filled.append("\(table.name) (\(rows))") }
        }
        guard filled.isEmpty else {
            let list = filled.prefix(8).joined(separator: ", ")
            throw StoreError(
                .conflict,
                "The PostgreSQL store is not empty (\(list)); nothing was copied. "
                    + "Copy into a new database or schema that `verbatim` has only migrated.",
                fr: "La base PostgreSQL n’est pas vide (\(list)) ; rien n’a été copié. "
                    + "Copiez vers une base ou un schéma neuf, seulement migré par `verbatim`.")
        }
    }

    /// Copies one table, then checks that the target holds as many rows as the source.
    func copy(_ table: StoreCopyPlan.Table, _ connection: PostgresConnection) async throws {
        if table.isSeeded && table.rows > 0 {
            try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(Self.quoted(table.name))"), logger: logger)
        }
        let selected = table.sourceColumns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let sql = "SELECT rowid, \(selected) FROM \(table.name.quotedDatabaseIdentifier) WHERE rowid > ? ORDER BY rowid LIMIT ?"
        let positions = Dictionary(table.sourceColumns.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        let idPosition = positions["id"]
        var deferred: [(id: Int64, column: String, value: Int64)] = []
        var after = Int64.min
        while true {
            let limit = batchRows, from = after
            let rows = try await StoreCopy.read(path, snapshot) { db in
                try Row.fetchAll(db, sql: sql, arguments: [from, limit]).map { Array($0.databaseValues) }
            }
            guard let last = rows.last, case .int64(let lastRowID) = last[0].storage else { break }
            var statement = Statement(table: table)
            for row in rows {
                guard case .int64(let rowID) = row[0].storage else { continue }
                var id: Int64?
                if let idPosition, case .int64(let value) = row[idPosition].storage { id = value }
                for column in table.columns {
                    var value: DatabaseValue
                    switch column.source {
                    case .column(let name):
                        value = row[positions[name]!]
                        if column.isSelfReference, let id, case .int64(let referenced) = value.storage, referenced > id {
                            deferred.append((id, column.target.name, referenced))
                            value = .null
                        }
                    case .searchTokens(let name):
                        value = (String.fromDatabaseValue(row[positions[name]!]).map { SearchTokens($0).column } ?? "").databaseValue
                    case .tokenCount(let name):
                        value = (String.fromDatabaseValue(row[positions[name]!]).map { SearchTokens($0).tokens.count } ?? 0).databaseValue
                    }
                    try StoreCopyValue.append(value, as: column.target, table: table.name, rowID: rowID, to: &statement.binds)
                    statement.bytes += Self.size(value)
                }
                statement.rows += 1
                if statement.binds.count + table.columns.count > Self.maximumBinds || statement.bytes > Self.maximumBytes {
                    try await statement.run(connection, logger: logger)
                    statement = Statement(table: table)
                }
            }
            try await statement.run(connection, logger: logger)
            after = lastRowID
            if rows.count < limit { break }
        }
        for reference in deferred {
            var binds = PostgresBindings()
            try binds.append(reference.value)
            try binds.append(reference.id)
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "UPDATE \(Self.quoted(table.name)) SET \(Self.quoted(reference.column)) = $1 WHERE id = $2", binds: binds),
                logger: logger)
        }
        let written = try await Self.count(table.name, connection, logger: logger)
        guard written == table.rows else {
            throw StoreError(
                .database,
                "\(table.name) holds \(written) rows in PostgreSQL after the copy, \(table.rows) in SQLite; nothing was copied. "
                    + "Report this to the Verbatim maintainers with the two numbers.",
                fr: "\(table.name) a \(written) lignes dans PostgreSQL après la copie, \(table.rows) dans SQLite ; rien n’a été copié. "
                    + "Signalez-le aux mainteneurs de Verbatim avec ces deux nombres.")
        }
    }

    /// Moves each identity column's sequence past the largest identifier SQLite gave (rows deleted since included),
    /// so that new rows never take an identifier again.
    func moveSequences(
        _ plan: StoreCopyPlan, targetTables: [StoreCopyPlan.TargetTable], sequences: [String: Int64],
        _ connection: PostgresConnection
    ) async throws {
        let copied = Set(plan.tables.map(\.name))
        for table in targetTables where copied.contains(table.name) {
            for column in table.columns where column.isIdentity {
                let largest = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT coalesce(max(\(Self.quoted(column.name))), 0)::bigint FROM \(Self.quoted(table.name))"),
                    logger: logger
                ).collect().first?.decode(Int64.self) ?? 0
                let next = max(largest, sequences[table.name] ?? 0)
                guard next > 0 else { continue }
                let quotedTable = Self.quoted(table.name)
                try await connection.query(
                    "SELECT setval(pg_get_serial_sequence(\(quotedTable), \(column.name))::regclass, \(next), true)", logger: logger)
            }
        }
    }

    /// Rows of `table` (meeting `condition`, a `WHERE` clause or nothing).
    static func count(_ table: String, condition: String = "", _ connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(quoted(table))\(condition)"), logger: logger
        ).collect().first?.decode(Int.self) ?? 0
    }

    /// A PostgreSQL identifier, quoted (the catalog's names are lower case, some are key words: "end", "values").
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The bytes a value adds to a statement, roughly.
    private static func size(_ value: DatabaseValue) -> Int {
        switch value.storage {
        case .blob(let data): data.count
        case .string(let text): text.utf8.count
        default: 8
        }
    }

    /// One multi-row `INSERT` being built.
    private struct Statement {
        let table: StoreCopyPlan.Table
        var binds = PostgresBindings()
        var rows = 0
        var bytes = 0

        func run(_ connection: PostgresConnection, logger: Logger) async throws {
            guard rows > 0 else { return }
            let width = table.columns.count
            let names = table.columns.map { StoreCopyWriter.quoted($0.target.name) }.joined(separator: ", ")
            let values = (0..<rows).map { row in
                "(" + (1...width).map { "$\(row * width + $0)" }.joined(separator: ", ") + ")"
            }.joined(separator: ", ")
            try await connection.query(
                PostgresQuery(unsafeSQL: "INSERT INTO \(StoreCopyWriter.quoted(table.name)) (\(names)) VALUES \(values)", binds: binds),
                logger: logger)
        }
    }
}

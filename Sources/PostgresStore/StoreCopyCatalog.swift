import GRDB
import Logging
import PostgresNIO
import Store

/// The two catalogs ``StoreCopyPlan`` matches: SQLite's tables and columns (`sqlite_master`,
/// `PRAGMA table_info`) and PostgreSQL's (`information_schema.columns`, `pg_constraint`) in the
/// store's schema.
enum StoreCopyCatalog {
    /// The source's tables, read in one snapshot.
    static func source(_ db: Database) throws -> [StoreCopyPlan.SourceTable] {
        let master = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        let virtual = master.compactMap { row -> String? in
            let sql: String = row["sql"] ?? ""
            return sql.uppercased().hasPrefix("CREATE VIRTUAL TABLE") ? row["name"] : nil
        }
        return try master.map { row in
            let name: String = row["name"]
            let isDerived = virtual.contains { name == $0 || name.hasPrefix($0 + "_") }
            if isDerived || StoreCopyPlan.bookkeeping.contains(name) || name.hasPrefix("sqlite_") {
                return StoreCopyPlan.SourceTable(name: name, columns: [], rows: 0, filledColumns: [], isDerived: true)
            }
            let columns = try db.columns(in: name).map(\.name)
            let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(name.quotedDatabaseIdentifier)") ?? 0
            var filled = Set<String>()
            for column in columns {
                let sql = "SELECT EXISTS (SELECT 1 FROM \(name.quotedDatabaseIdentifier) WHERE \(column.quotedDatabaseIdentifier) IS NOT NULL)"
                if try Bool.fetchOne(db, sql: sql) ?? false { filled.insert(column) }
            }
            return StoreCopyPlan.SourceTable(name: name, columns: columns, rows: rows, filledColumns: filled, isDerived: false)
        }
    }

    /// The last identifier SQLite gave in each `AUTOINCREMENT` table (never reused, even after deletions).
    static func sequences(_ db: Database) throws -> [String: Int64] {
        guard try db.tableExists("sqlite_sequence") else { return [:] }
        var sequences: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, seq FROM sqlite_sequence") {
            sequences[(row["name"] as String).lowercased()] = row["seq"]
        }
        return sequences
    }

    /// The target's base tables in its schema, with their columns and foreign keys.
    static func target(_ connection: PostgresConnection, logger: Logger) async throws -> [StoreCopyPlan.TargetTable] {
        var columns: [String: [StoreCopyPlan.TargetColumn]] = [:]
        for row in try await connection.query(
            """
            SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable = 'YES',
                c.column_default IS NOT NULL, c.is_identity = 'YES'
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position
            """, logger: logger
        ).collect() {
            let (table, name, type, isNullable, hasDefault, isIdentity) = try row.decode((String, String, String, Bool, Bool, Bool).self)
            columns[table, default: []].append(
                StoreCopyPlan.TargetColumn(
                    name: name, type: type, isNullable: isNullable, hasDefault: hasDefault || isIdentity, isIdentity: isIdentity))
        }
        var references: [String: [String: String]] = [:]
        for row in try await connection.query(
            """
            SELECT source.relname::text, a.attname::text, referenced.relname::text
            FROM pg_constraint c
            JOIN pg_class source ON source.oid = c.conrelid
            JOIN pg_class referenced ON referenced.oid = c.confrelid
            JOIN pg_namespace n ON n.oid = source.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
            WHERE c.contype = 'f' AND n.nspname = current_schema()
            """, logger: logger
        ).collect() {
            let (table, column, referenced) = try row.decode((String, String, String).self)
            references[table, default: [:]][column] = referenced
        }
        return columns.keys.sorted().map { name in
            StoreCopyPlan.TargetTable(name: name, columns: columns[name] ?? [], references: references[name] ?? [:])
        }
    }
}

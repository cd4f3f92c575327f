import Store

/// What `verbatim store copy` will do, decided from the two catalogs before anything is written:
/// the tables in foreign-key order, each source column mapped to its target column and type,
/// and the tables left out with the reason. A source table or column whose rows the target
/// cannot hold makes the plan refuse (``StoreCopyPlan/init(source:target:)``): nothing is
/// dropped silently.
struct StoreCopyPlan: Sendable {
    /// A table of the SQLite source, its columns as `PRAGMA table_info` names them.
    struct SourceTable: Sendable, Equatable {
        let name: String
        let columns: [String]
        let rows: Int
        /// Columns holding at least one non-NULL value (a column the target lacks may be dropped only if it is all NULL).
        let filledColumns: Set<String>
        /// A virtual table (FTS5) or one of its shadow tables.
        let isDerived: Bool
    }

    /// A column of the PostgreSQL target, from `information_schema.columns` (names in lower case).
    struct TargetColumn: Sendable, Equatable {
        let name: String
        let type: String
        let isNullable: Bool
        let hasDefault: Bool
        let isIdentity: Bool
    }

    /// A table of the target: its columns and the tables its foreign keys refer to, by column.
    struct TargetTable: Sendable, Equatable {
        let name: String
        let columns: [TargetColumn]
        /// Referencing column → referenced table.
        let references: [String: String]
    }

    /// How one target column gets its value.
    enum Source: Sendable, Equatable {
        /// The source column of this name.
        case column(String)
        /// ``SearchTokens/column`` of the source's text column (PostgreSQL's search index).
        case searchTokens(of: String)
        /// The number of ``SearchTokens/tokens`` of the source's text column.
        case tokenCount(of: String)
    }

    /// One target column to fill.
    struct Column: Sendable, Equatable {
        let target: TargetColumn
        let source: Source
        /// A reference to a row of the same table: written after the row it names, when that row comes later.
        let isSelfReference: Bool
    }

    /// One table to copy.
    struct Table: Sendable, Equatable {
        let name: String
        let sourceColumns: [String]
        let columns: [Column]
        let rows: Int
        /// The target's migrations seed this table (the audit chain's head row): replaced, not added to.
        let isSeeded: Bool
    }

    /// The tables to copy, each after the tables it refers to.
    let tables: [Table]
    /// Source tables not copied, and why (derived indexes, bookkeeping, empty tables the target lacks).
    let skipped: [(table: String, reason: String)]

    /// SQLite's own bookkeeping, never copied (the target keeps its own migrations and sequences).
    static let bookkeeping: Set<String> = ["grdb_migrations", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"]
    /// Target tables its migrations fill, with the SQL condition their seed rows meet.
    static let seeded: [String: String] = ["audit_head": "singleton = 1 AND lastid = 0"]
    /// Target tables that are the target's own bookkeeping.
    static let targetBookkeeping: Set<String> = ["verbatim_migration"]

    /// Matches the source to the target, or refuses with what to do.
    init(source: [SourceTable], target: [TargetTable]) throws(StoreError) {
        let targetByName = Dictionary(target.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var tables: [String: Table] = [:]
        var skipped: [(table: String, reason: String)] = []
        for table in source.sorted(by: { $0.name < $1.name }) {
            if Self.bookkeeping.contains(table.name) {
                skipped.append((table.name, "SQLite bookkeeping"))
                continue
            }
            if table.isDerived {
                skipped.append((table.name, "derived search index (PostgreSQL's is written from segment.text)"))
                continue
            }
            guard let targetTable = targetByName[table.name.lowercased()] else {
                if table.rows == 0 {
                    skipped.append((table.name, "empty, and the PostgreSQL store has no such table"))
                    continue
                }
                throw StoreError(
                    .invalidInput,
                    "The PostgreSQL store has no table \(table.name), which holds \(table.rows) rows in the SQLite store; "
                        + "nothing was copied. Upgrade Verbatim (the PostgreSQL migrations) to a version that has this table, then copy again.",
                    fr: "La base PostgreSQL n’a pas de table \(table.name), qui contient \(table.rows) lignes dans la base SQLite ; "
                        + "rien n’a été copié. Mettez Verbatim à jour (migrations PostgreSQL) vers une version qui a cette table, puis recommencez.")
            }
            tables[targetTable.name] = try Self.table(table, into: targetTable)
        }
        self.tables = try Self.ordered(tables, target: targetByName)
        self.skipped = skipped
    }

    /// The columns of one table: each target column from its source column, a derived value, or its default.
    private static func table(_ source: SourceTable, into target: TargetTable) throws(StoreError) -> Table {
        let sourceByLowercase = Dictionary(source.columns.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let targetNames = Set(target.columns.map(\.name))
        for column in source.columns where !targetNames.contains(column.lowercased()) && source.filledColumns.contains(column) {
            throw StoreError(
                .invalidInput,
                "The PostgreSQL table \(target.name) has no column \(column), which holds values in the SQLite store; "
                    + "nothing was copied. Upgrade Verbatim (the PostgreSQL migrations), then copy again.",
                fr: "La table PostgreSQL \(target.name) n’a pas de colonne \(column), qui contient des valeurs dans la base SQLite ; "
                    + "rien n’a été copié. Mettez Verbatim à jour (migrations PostgreSQL), puis recommencez.")
        }
        var columns: [Column] = []
        for column in target.columns {
            let isSelfReference = target.references[column.name] == target.name
            if let name = sourceByLowercase[column.name] {
                columns.append(Column(target: column, source: .column(name), isSelfReference: isSelfReference))
            } else if let derived = derived[target.name]?[column.name], sourceByLowercase["text"] == "text" {
                columns.append(Column(target: column, source: derived, isSelfReference: false))
            } else if !(column.isNullable || column.hasDefault) {
                throw StoreError(
                    .invalidInput,
                    "The SQLite table \(source.name) has no column \(column.name), which the PostgreSQL store requires; "
                        + "nothing was copied. Open the SQLite store once with this version of Verbatim (it upgrades it), then copy again.",
                    fr: "La table SQLite \(source.name) n’a pas de colonne \(column.name), que la base PostgreSQL exige ; "
                        + "rien n’a été copié. Ouvrez la base SQLite une fois avec cette version de Verbatim (elle la met à jour), puis recommencez.")
            }
        }
        return Table(
            name: target.name, sourceColumns: source.columns, columns: columns, rows: source.rows,
            isSeeded: seeded[target.name] != nil)
    }

    /// Columns PostgreSQL derives from another one on every write (SQLite derives them in its FTS5 table).
    private static let derived: [String: [String: Source]] = [
        "segment": ["searchtokens": .searchTokens(of: "text"), "tokencount": .tokenCount(of: "text")]
    ]

    /// The tables so that each comes after those its foreign keys name (a table's references to itself aside).
    private static func ordered(_ tables: [String: Table], target: [String: TargetTable]) throws(StoreError) -> [Table] {
        var remaining = Set(tables.keys)
        var result: [Table] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { name in
                let references = target[name].map { Array($0.references.values) } ?? []
                return references.allSatisfy { $0 == name || !remaining.contains($0) }
            }.sorted()
            guard !ready.isEmpty else {
                let cycle = remaining.sorted().joined(separator: ", ")
                throw StoreError(
                    .database,
                    "The foreign keys of the PostgreSQL tables \(cycle) refer to one another in a cycle, so no copy order exists; "
                        + "nothing was copied. Report this to the Verbatim maintainers.",
                    fr: "Les clés étrangères des tables PostgreSQL \(cycle) forment un cycle, aucun ordre de copie n’existe ; "
                        + "rien n’a été copié. Signalez-le aux mainteneurs de Verbatim.")
            }
            for name in ready {
                remaining.remove(name)
                if let table = tables[name] { result.append(table) }
            }
        }
        return result
    }
}

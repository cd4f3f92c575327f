import Foundation
import PostgresNIO
import Store

extension PostgresStore: BackupStore {
    /// The store's copy in a backup folder: `pg_dump`'s custom format.
    public var backupFileName: String { "verbatim.pgdump" }

    /// Dumps one snapshot of the store with `pg_dump` into `url`, while the service goes on
    /// writing: a read-only transaction exports its snapshot, `pg_dump` reads that snapshot, and
    /// the rows, audit chain and media returned are read in the same snapshot.
    public func backup(to url: URL) async throws -> StoreContents {
        let tool = try PostgresTool.locate("pg_dump")
        try PrivateFiles.createFile(url)
        return try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            let snapshot = try await connection.query("SELECT pg_export_snapshot()", logger: self.logger).collect().first?
                .decode(String.self) ?? ""
            var arguments = ["--format=custom", "--no-owner", "--snapshot=\(snapshot)", "--file=\(url.path)", "--dbname=\(self.location.database)"]
            if let schema = self.location.schema { arguments.append("--schema=\(schema)") }
            try await tool.run(arguments, location: self.location)
            return try await self.contents(connection)
        }
    }

    /// What the store holds now, read in one snapshot.
    public func contents() async throws -> StoreContents {
        try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            return try await self.contents(connection)
        }
    }

    /// Rows per table of the store's schema, the newest migration, the audit chain and the
    /// recordings' media, in the caller's transaction.
    func contents(_ connection: PostgresConnection) async throws -> StoreContents {
        var tables: [String] = []
        for try await name in try await connection.query(
            """
            SELECT table_name::text FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
            """, logger: logger
        ).decode(String.self) {
            tables.append(name)
        }
        var rows: [String: Int] = [:]
        for table in tables where table != "verbatim_migration" {
            // Names from the catalog, quoted as identifiers.
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let count = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(quoted)"), logger: logger)
                .collect().first?.decode(Int64.self) ?? 0
            rows[table] = Int(count)
        }
        let schema = try await connection.query(
            "SELECT name FROM verbatim_migration ORDER BY position DESC LIMIT 1", logger: logger
        ).collect().first?.decode(String.self) ?? ""
        var media: [String: String] = [:]
        for try await (path, hash) in try await connection.query("SELECT mediaPath, fileHash FROM recording WHERE mediaRemovedAt IS NULL", logger: logger)
            .decode((String, String).self)
        {
            media[path] = hash
        }
        return StoreContents(rows: rows, schema: schema, audit: try await verifyAuditLog(connection), media: media)
    }

    /// Recordings' media paths under `old` moved under `new`; returns the recordings changed.
    public func moveMediaPaths(from old: String, to new: String) async throws -> Int {
        guard old != new else { return 0 }
        let length = Int32(old.unicodeScalars.count)
        return try await withTransaction { connection in
            let changed = try await connection.query(
                """
                UPDATE recording SET mediaPath = \(new) || substr(mediaPath, \(length + 1))
                WHERE substr(mediaPath, 1, \(length)) = \(old) RETURNING id
                """, logger: self.logger
            ).collect()
            return changed.count
        }
    }

    /// How `verbatim restore` brings a PostgreSQL backup into the empty database at `location`:
    /// `pg_restore` in one transaction, then the store opened there.
    public static func restoration(into location: PostgresLocation) -> StoreRestoration {
        StoreRestoration(fileName: "verbatim.pgdump", copiesFile: false) { dump, _ in
            try await requireEmpty(location)
            let tool = try PostgresTool.locate("pg_restore")
            try await tool.run(
                ["--no-owner", "--single-transaction", "--exit-on-error", "--dbname=\(location.database)", dump.path],
                location: location)
            return try await PostgresStore.open(location)
        }
    }

    /// Refuses a database (schema) that holds Verbatim's tables already: a restore never mixes two stores.
    static func requireEmpty(_ location: PostgresLocation) async throws {
        let client = PostgresClient(configuration: try location.clientConfiguration())
        let running = Task { await client.run() }
        defer { running.cancel() }
        let found: Int64
        do {
            found = try await client.query(
                """
                SELECT count(*) FROM information_schema.tables
                WHERE table_schema = \(location.schema ?? "public") AND table_name = 'verbatim_migration'
                """
            ).collect().first?.decode(Int64.self) ?? 0
        } catch {
            throw storeError(error)
        }
        guard found == 0 else {
            throw StoreError(
                .conflict,
                "The database \(location.database) already holds a Verbatim store: restore into a new, empty database; nothing was changed.",
                fr: "La base \(location.database) contient déjà un magasin Verbatim : restaurez dans une base neuve et vide ; rien n’a été modifié.")
        }
    }
}

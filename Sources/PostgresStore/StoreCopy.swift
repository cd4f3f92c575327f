import Foundation
import GRDB
import Logging
import PostgresNIO
import Store

/// `verbatim store copy`: moves a team's SQLite store into an empty PostgreSQL store, with
/// nothing lost, and proves it.
///
/// The source is read in one snapshot of a read-only connection. The plan (``StoreCopyPlan``)
/// is made from the two catalogs, so tables the two stores share are copied by the same
/// mechanism whatever they are, and a table or column the target cannot hold refuses the copy
/// before anything is written. Rows are written in batches, tables in foreign-key order, keeping
/// their identifiers, all in **one PostgreSQL transaction**: a failure or a refusal anywhere
/// (a row count that differs, the source changing meanwhile) rolls the whole copy back and
/// leaves the target empty, so it can be run again. The sequences are moved past SQLite's last
/// identifiers. After the commit, the target's own ``PostgresStore/verifyAuditLog()`` must give
/// the source's verification: same events, same head hash.
public enum StoreCopy {
    /// Copies the SQLite store at `path` into `target`, which must be empty (freshly migrated).
    ///
    /// - Parameter batchRows: rows read and inserted at a time.
    /// - Throws: `StoreError`: `.file` when there is no SQLite store at `path`, `.conflict` when the
    ///   target holds rows or the source changed during the copy, `.invalidInput` when the target
    ///   lacks a table or column the source fills, `.database` when a check fails after the copy.
    public static func copy(
        fromSQLite path: String, to target: PostgresStore, batchRows: Int = 500
    ) async throws(StoreError) -> StoreCopyReport {
        let source = try openSource(path)
        let snapshot: DatabaseSnapshot
        do { snapshot = try source.makeSnapshot() } catch { throw readFailure(path, error) }
        let (sourceTables, sequences, sourceAudit) = try await read(path, snapshot) { db in
            (try StoreCopyCatalog.source(db), try StoreCopyCatalog.sequences(db), try verifyAudit(db))
        }
        let targetTables = try await target.withConnection { connection in
            try await StoreCopyCatalog.target(connection, logger: target.logger)
        }
        let plan = try StoreCopyPlan(source: sourceTables, target: targetTables)
        let writer = StoreCopyWriter(path: path, snapshot: snapshot, batchRows: max(1, batchRows), logger: target.logger)
        try await target.withTransaction { connection in
            try await writer.requireEmpty(targetTables, connection)
            for table in plan.tables {
                try await writer.copy(table, connection)
            }
            try await writer.moveSequences(plan, targetTables: targetTables, sequences: sequences, connection)
            try await requireUnchanged(path, source, plan)
        }
        let targetAudit: AuditVerification
        do { targetAudit = try await target.verifyAuditLog() } catch { throw PostgresStore.storeError(error) }
        guard targetAudit == sourceAudit else {
            throw StoreError(
                .database,
                "The audit chain copied to PostgreSQL does not verify as the SQLite one does (\(targetAudit.eventCount) events, "
                    + "head \(targetAudit.headHash.prefix(16)), instead of \(sourceAudit.eventCount), head \(sourceAudit.headHash.prefix(16))). "
                    + "Drop the PostgreSQL store's schema, and copy again.",
                fr: "La chaîne d’audit copiée dans PostgreSQL ne se vérifie pas comme celle de SQLite (\(targetAudit.eventCount) événements, "
                    + "tête \(targetAudit.headHash.prefix(16)), au lieu de \(sourceAudit.eventCount), tête \(sourceAudit.headHash.prefix(16))). "
                    + "Supprimez le schéma de la base PostgreSQL, puis recommencez.")
        }
        let counted = try await target.withConnection { connection in
            var counts: [Int] = []
            for table in plan.tables {
                counts.append(try await StoreCopyWriter.count(table.name, connection, logger: target.logger))
            }
            return counts
        }
        let tables = zip(plan.tables, counted).map { StoreCopyReport.Table(name: $0.name, sourceRows: $0.rows, targetRows: $1) }
        if let differing = tables.first(where: { $0.sourceRows != $0.targetRows }) {
            throw StoreError(
                .database,
                "\(differing.name) has \(differing.targetRows) rows in PostgreSQL after the copy, \(differing.sourceRows) in SQLite. "
                    + "Something wrote to the PostgreSQL store meanwhile: stop it, drop its schema, and copy again.",
                fr: "\(differing.name) a \(differing.targetRows) lignes dans PostgreSQL après la copie, \(differing.sourceRows) dans SQLite. "
                    + "Quelque chose a écrit dans la base PostgreSQL entre-temps : arrêtez-le, supprimez son schéma, puis recommencez.")
        }
        return StoreCopyReport(tables: tables, skipped: plan.skipped, sourceAudit: sourceAudit, targetAudit: targetAudit)
    }

    /// The source, read-only: the copy never writes to it.
    private static func openSource(_ path: String) throws(StoreError) -> DatabasePool {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(
                .file, "There is no SQLite store at \(path); give the service's file (data/verbatim.sqlite) with --from.",
                fr: "Il n’y a pas de base SQLite à \(path) ; indiquez le fichier du service (data/verbatim.sqlite) avec --from.")
        }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.label = "verbatim-store-copy"
        do {
            return try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw readFailure(path, error)
        }
    }

    /// SQLite's own chain verification (``AuditChainCheck``, as `SQLiteStore.verifyAuditLog()`).
    private static func verifyAudit(_ db: Database) throws -> AuditVerification {
        var chain = AuditChainCheck()
        let cursor = try AuditEvent.order(GRDB.Column("id")).fetchCursor(db)
        while let event = try cursor.next() { chain.check(event) }
        let head = try Row.fetchOne(db, sql: "SELECT lastID, lastHash FROM audit_head WHERE singleton = 1")
        return chain.finish(headID: head?["lastID"] ?? 0, headHash: head?["lastHash"] ?? AuditEvent.genesisHash)
    }

    /// Refuses (rolling the copy back) when rows were added to or removed from the source since the snapshot.
    private static func requireUnchanged(_ path: String, _ source: DatabasePool, _ plan: StoreCopyPlan) async throws(StoreError) {
        let now = try await read(path, source) { db in
            try plan.tables.map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0.name.quotedDatabaseIdentifier)") ?? 0 }
        }
        for (table, rows) in zip(plan.tables, now) where rows != table.rows {
            throw StoreError(
                .conflict,
                "The SQLite store changed during the copy (\(table.name): \(table.rows) rows, now \(rows)); nothing was copied. "
                    + "Stop the service and its workers, then copy again.",
                fr: "La base SQLite a changé pendant la copie (\(table.name) : \(table.rows) lignes, maintenant \(rows)) ; rien n’a été copié. "
                    + "Arrêtez le service et ses workers, puis recommencez.")
        }
    }

    /// Runs `body` on the source, turning its errors into `StoreError`.
    static func read<T: Sendable>(
        _ path: String, _ reader: any DatabaseReader, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(StoreError) -> T {
        do {
            return try await reader.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw readFailure(path, error)
        }
    }

    static func readFailure(_ path: String, _ error: any Error) -> StoreError {
        StoreError(
            .database,
            "Cannot read the SQLite store at \(path): \(error). Check that it is a Verbatim store, readable, and not being restored.",
            fr: "Impossible de lire la base SQLite à \(path) : \(error). Vérifiez que c’est une base Verbatim, lisible, et qu’elle n’est pas en cours de restauration.")
    }
}

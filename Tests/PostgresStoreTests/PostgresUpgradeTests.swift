import Foundation
import PostgresNIO
import Store
import Testing

@testable import PostgresStore

/// Upgrades on PostgreSQL: a schema a newer Verbatim migrated is refused with a clear message and
/// left as it was; one from the previous version gets this version's migrations.
@Suite("PostgreSQL upgrades")
struct PostgresUpgradeTests {
    @Test func aSchemaUpgradedByANewerVerbatimIsRefusedAndLeftAsItWas() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let store = try await PostgresStore.open(location)
        defer { store.close() }
        _ = try await store.createStudy(name: "Avant", details: "")
        try await store.withConnection { connection in
            try await connection.query("INSERT INTO verbatim_migration (name) VALUES ('v99-from-the-future')", logger: store.logger)
        }

        let error = try #require(
            await #expect(throws: StoreError.self, "a schema with an unknown migration is refused") {
                _ = try await PostgresStore.open(location)
            })
        #expect(error.kind == .database)
        #expect(error.message.contains("newer Verbatim") && error.message.contains("v99-from-the-future"), "\(error.message)")
        #expect(error.message.contains(location.schema!), "the message names the schema: \(error.message)")
        #expect(error.french?.contains("plus récente") == true)
        // Nothing was changed: the study is there, the future migration still recorded.
        #expect(try await store.studies().map(\.name) == ["Avant"])
        let names = try await store.withConnection { connection in
            try await connection.query("SELECT name FROM verbatim_migration ORDER BY position", logger: store.logger).collect()
                .map { try $0.decode(String.self) }
        }
        #expect(names == PostgresMigrations.all.map(\.name) + ["v99-from-the-future"])
    }

    /// Takes `store`'s schema back to before the v9 migrations (their changes and their records).
    static func undoV9Migrations(_ store: PostgresStore) async throws {
        try await store.withTransaction { connection in
            try await connection.query("ALTER TABLE audit_event DROP COLUMN clientAddress", logger: store.logger)
            try await connection.query("DROP INDEX job_updated", logger: store.logger)
            try await connection.query("ALTER TABLE job DROP COLUMN startedAt", logger: store.logger)
            try await connection.query(
                "DELETE FROM verbatim_migration WHERE name IN ('v9-audit-client-address', 'v9-job-started-at')", logger: store.logger)
        }
    }

    @Test func aSchemaOfThePreviousVersionGetsTheNewMigrations() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let store = try await PostgresStore.open(location)
        // Back to the schema before this version's migrations.
        try await PostgresUpgradeTests.undoV9Migrations(store)
        store.close()
        let upgraded = try await PostgresStore.open(location)
        defer { upgraded.close() }
        let job = try await upgraded.enqueue(kind: "transcribe", payload: "{}", studyID: nil, priority: 0, maxAttempts: 1)
        let claimed = try #require(try await upgraded.claimJob(worker: "w", kinds: [], lease: 30))
        #expect(claimed.id == job.id && claimed.startedAt != nil)
    }
}

/// The copy taken before an upgrade, as SQLite's: a `pg_dump` of the old schema in the data folder.
@Suite("PostgreSQL upgrade backups")
struct PostgresUpgradeBackupTests {
    /// `pg_restore ARGUMENTS` of `dump`, written as SQL to standard output (no server needed).
    static func restoredSQL(_ dump: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = try PostgresTool.locate("pg_restore").executable
        process.arguments = arguments + ["--file=-", dump.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw StoreError(.file, "pg_restore failed on \(dump.path)", fr: "pg_restore a échoué sur \(dump.path)") }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func anOlderSchemaIsDumpedBeforeItIsMigratedAndACurrentOneIsNot() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-pg-upgrade-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await PostgresStore.open(location, upgradeBackups: folder)
        _ = try await store.createStudy(name: "Cohorte avant la mise à jour", details: "")
        #expect(!FileManager.default.fileExists(atPath: folder.path), "a new schema needs no copy")
        // Back to the schema before the v9 migrations (as PostgresUpgradeTests does).
        try await PostgresUpgradeTests.undoV9Migrations(store)
        store.close()

        let upgraded = try await PostgresStore.open(location, upgradeBackups: folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 1 && files[0].hasPrefix("verbatim.pgdump.before-upgrade-from-v"), "\(files)")
        let dump = folder.appendingPathComponent(try #require(files.first))
        #expect(try FileHandle(forReadingFrom: dump).read(upToCount: 5) == Data("PGDMP".utf8))
        // The copy holds the data, and the schema as it was before the upgrade.
        #expect(try Self.restoredSQL(dump, ["--data-only", "--table=study"]).contains("Cohorte avant la mise à jour"))
        let jobTable = try Self.restoredSQL(dump, ["--schema-only", "--table=job"]).lowercased()
        #expect(jobTable.contains("create table") && !jobTable.contains("startedat"), "\(jobTable)")
        // The upgrade ran after the copy; a current schema is not copied again.
        let job = try await upgraded.enqueue(kind: "transcribe", payload: "{}", studyID: nil, priority: 0, maxAttempts: 1)
        #expect(try await upgraded.claimJob(worker: "w", kinds: [], lease: 30)?.startedAt != nil && job.id != nil)
        upgraded.close()
        let again = try await PostgresStore.open(location, upgradeBackups: folder)
        again.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
    }
}

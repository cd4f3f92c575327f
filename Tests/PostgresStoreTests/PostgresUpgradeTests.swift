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

    @Test func aSchemaOfThePreviousVersionGetsTheNewMigrations() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let store = try await PostgresStore.open(location)
        // Back to the schema before this version's migrations.
        try await store.withTransaction { connection in
            try await connection.query("ALTER TABLE audit_event DROP COLUMN clientAddress", logger: store.logger)
            try await connection.query("DROP INDEX job_updated", logger: store.logger)
            try await connection.query("ALTER TABLE job DROP COLUMN startedAt", logger: store.logger)
            try await connection.query(
                "DELETE FROM verbatim_migration WHERE name IN ('v9-audit-client-address', 'v9-job-started-at')", logger: store.logger)
        }
        store.close()
        let upgraded = try await PostgresStore.open(location)
        defer { upgraded.close() }
        let job = try await upgraded.enqueue(kind: "transcribe", payload: "{}", studyID: nil, priority: 0, maxAttempts: 1)
        let claimed = try #require(try await upgraded.claimJob(worker: "w", kinds: [], lease: 30))
        #expect(claimed.id == job.id && claimed.startedAt != nil)
    }
}

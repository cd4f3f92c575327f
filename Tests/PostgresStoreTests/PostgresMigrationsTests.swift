import Foundation
import GRDB
import PostgresNIO
import Testing

@testable import PostgresStore
@testable import Store

@Suite("PostgreSQL migrations")
struct PostgresMigrationsTests {
    /// The names of the migrations recorded in the store's schema, in the order applied.
    private func recorded(_ store: PostgresStore) async throws -> [String] {
        try await store.withConnection { connection in
            var names: [String] = []
            for try await name in try await connection.query(
                "SELECT name FROM verbatim_migration ORDER BY position", logger: store.logger
            ).decode(String.self) {
                names.append(name)
            }
            return names
        }
    }

    @Test func migrationsAreRecordedWithTheSQLiteNamesAndReopeningAppliesNothingTwice() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let first = try await PostgresStore.open(location)
        let names = try await recorded(first)
        #expect(names == PostgresMigrations.all.map(\.name))
        #expect(Set(names).isSuperset(of: ["v1-core", "v1-transcripts", "v1-jobs", "v1-audit", "v5-api-tokens", "v6-people-accounts"]))
        first.close()

        let second = try await PostgresStore.open(location)
        #expect(try await recorded(second) == names)
        second.close()
    }

    @Test func storesOpenedAtOnceOnOneSchemaMigrateItOnce() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore.open(location) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 4)
        #expect(try await recorded(stores[0]) == PostgresMigrations.all.map(\.name))
        for store in stores { store.close() }
    }

    @Test func constraintsHoldAsOnSQLite() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let store = try await PostgresStore.open(location)
        defer { store.close() }
        let (studyID, userID) = try await store.withTransaction { connection in
            let study = try await connection.query(
                "INSERT INTO study (name, createdAt) VALUES ('Étude', now()) RETURNING id", logger: store.logger
            ).collect().first!.decode(Int64.self)
            let user = try await connection.query(
                "INSERT INTO app_user (name, email, createdAt) VALUES ('Ana', 'ana@example.org', now()) RETURNING id",
                logger: store.logger
            ).collect().first!.decode(Int64.self)
            try await connection.query(
                "INSERT INTO participant (studyID, pseudonym, createdAt) VALUES (\(study), 'P01', now())",
                logger: store.logger)
            return (study, user)
        }

        // Emails are unique whatever their case (SQLite: COLLATE NOCASE).
        let duplicate = await #expect(throws: StoreError.self) {
            try await store.withTransaction { connection in
                try await connection.query(
                    "INSERT INTO app_user (name, email, createdAt) VALUES ('Ana', 'ANA@Example.org', now())",
                    logger: store.logger)
            }
        }
        #expect(duplicate?.kind == .conflict)
        #expect(duplicate?.french != nil)

        // Roles are checked; SQLite calls that invalid input too.
        let role = await #expect(throws: StoreError.self) {
            try await store.withTransaction { connection in
                try await connection.query(
                    "INSERT INTO study_membership (studyID, userID, role) VALUES (\(studyID), \(userID), 'owner')",
                    logger: store.logger)
            }
        }
        #expect(role?.kind == .invalidInput)

        // A failed transaction leaves nothing behind: the first insert of it is rolled back.
        _ = await #expect(throws: StoreError.self) {
            try await store.withTransaction { connection in
                try await connection.query(
                    "INSERT INTO participant (studyID, pseudonym, createdAt) VALUES (\(studyID), 'P02', now())",
                    logger: store.logger)
                try await connection.query(
                    "INSERT INTO participant (studyID, pseudonym, createdAt) VALUES (\(studyID), 'P01', now())",
                    logger: store.logger)
            }
        }
        let pseudonyms = try await store.withConnection { connection in
            var names: [String] = []
            for try await name in try await connection.query(
                "SELECT pseudonym FROM participant ORDER BY pseudonym", logger: store.logger
            ).decode(String.self) {
                names.append(name)
            }
            return names
        }
        #expect(pseudonyms == ["P01"])

        // A membership of a study that does not exist is refused.
        let orphan = await #expect(throws: StoreError.self) {
            try await store.withTransaction { connection in
                try await connection.query(
                    "INSERT INTO study_membership (studyID, userID, role) VALUES (\(studyID + 1000), \(userID), 'coder')",
                    logger: store.logger)
            }
        }
        #expect(orphan?.kind == .invalidInput)

        // Deleting a study removes its participants (ON DELETE CASCADE).
        let left = try await store.withTransaction { connection in
            try await connection.query("DELETE FROM study WHERE id = \(studyID)", logger: store.logger)
            return try await connection.query("SELECT count(*) FROM participant", logger: store.logger)
                .collect().first!.decode(Int64.self)
        }
        #expect(left == 0)
    }

    @Test func locationsRejectWhatIsNotAPostgreSQLURL() throws {
        let location = try PostgresLocation(url: "postgres://ana:secret@db.example.org:6543/verbatim?sslmode=require")
        #expect(location.host == "db.example.org")
        #expect(location.port == 6543)
        #expect(location.username == "ana")
        #expect(location.password == "secret")
        #expect(location.database == "verbatim")
        #expect(location.requiresTLS)

        for url in ["sqlite:data/verbatim.sqlite", "postgres://localhost:5432", "http://localhost/verbatim"] {
            let error = #expect(throws: StoreError.self) { try PostgresLocation(url: url) }
            #expect(error?.kind == .invalidInput)
            #expect(error?.french != nil)
        }
        #expect(throws: StoreError.self) {
            try PostgresLocation(url: "postgres://localhost/verbatim", schema: "x; DROP TABLE study")
        }
    }

    /// The tables of pseudonymisation and encryption at rest have SQLite's columns, in SQLite's
    /// order (PostgreSQL folds the unquoted names to lower case), so that a copy between the two
    /// stores can go table by table and column by column.
    @Test func pseudonymisationAndStudyKeyTablesHaveSQLitesColumns() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let store = try await PostgresStore.open(location)
        defer { store.close() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-columns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = try SQLiteStore(path: folder.appendingPathComponent("store.sqlite").path)
        for table in ["redaction", "pseudonym", "study_key", "identity_vault"] {
            let expected = try await sqlite.pool.read { db in try db.columns(in: table).map { $0.name.lowercased() } }
            let columns = try await store.withConnection { connection in
                try await connection.query(
                    """
                    SELECT column_name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
                    """, logger: store.logger
                ).collect().map { try $0.decode(String.self) }
            }
            #expect(expected.count >= 4 && columns == expected, "table \(table)")
        }
    }
}

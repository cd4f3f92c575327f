import PostgresNIO
import Store

/// The PostgreSQL schema, built by ordered migrations named as their SQLite counterparts
/// (`StoreMigrations`), each recorded in `verbatim_migration` once applied.
///
/// Same tables, columns and constraints in spirit as on SQLite: identities for ids, `TIMESTAMPTZ`
/// for dates, a unique index on `lower(email)` for SQLite's `COLLATE NOCASE`. Column names are
/// the records' property names, folded to lower case by PostgreSQL as unquoted identifiers.
/// The schema of the location is created if missing. Migrations run in one transaction under an advisory lock, so that two processes opening the
/// same store at once apply each migration once.
enum PostgresMigrations {
    /// A named migration: its statements, run in order.
    struct Migration: Sendable {
        let name: String
        let statements: [String]
    }

    /// Every migration, in order; append new ones at the end, never edit one already released.
    static let all: [Migration] = [
        Migration(name: "v1-core", statements: core),
        Migration(name: "v1-transcripts", statements: transcripts),
        Migration(name: "v5-api-tokens", statements: apiTokens),
        Migration(name: "v6-people-accounts", statements: accounts),
        Migration(name: "v6-study-blind-coding", statements: studyBlindCoding),
        Migration(name: "v1-jobs", statements: jobs),
        Migration(name: "v3-segment-flags", statements: ["ALTER TABLE segment ADD COLUMN flags TEXT"]),
        Migration(name: "v1-audit", statements: audit),
        Migration(name: "v8-recordings-transcripts", statements: recordings),
        Migration(name: "v8-search", statements: search),
        Migration(name: "v8-coding", statements: coding),
        Migration(name: "v8-biometrics", statements: biometrics),
        Migration(name: "v8-captures", statements: captures),
        Migration(name: "v9-audit-client-address", statements: ["ALTER TABLE audit_event ADD COLUMN clientAddress TEXT"]),
        Migration(
            name: "v9-job-started-at",
            statements: ["ALTER TABLE job ADD COLUMN startedAt TIMESTAMPTZ", "CREATE INDEX job_updated ON job(updatedAt)"]),
        Migration(name: "v8-redactions", statements: redactions),
        Migration(name: "v8-study-keys", statements: studyKeys),
        Migration(name: "v10-retention", statements: retention),
        Migration(name: "v10-identity-vault", statements: identityVault),
        Migration(
            name: "v10-study-pseudonymised-coders",
            statements: ["ALTER TABLE study ADD COLUMN pseudonymisedForCoders BOOLEAN NOT NULL DEFAULT false"]),
    ]

    /// Applies the migrations `store`'s schema lacks; refuses, changing nothing, a schema that
    /// holds migrations this version does not know (a newer Verbatim upgraded it).
    static func migrate(_ store: PostgresStore) async throws(StoreError) {
        try await store.withTransaction { connection in
            // One lock for every Verbatim schema of the database, held until the transaction ends.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('verbatim-migrations'))", logger: store.logger)
            if let schema = store.location.schema {
                // A plain identifier (PostgresLocation checks it), safe to write into the SQL.
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: store.logger)
            }
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS verbatim_migration (
                    position BIGINT GENERATED ALWAYS AS IDENTITY,
                    name TEXT PRIMARY KEY,
                    appliedAt TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: store.logger)
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM verbatim_migration", logger: store.logger)
                .decode(String.self)
            {
                applied.insert(name)
            }
            let unknown = applied.subtracting(all.map(\.name))
            guard unknown.isEmpty else { throw newer(store.location, unknown) }
            if !applied.isEmpty, all.contains(where: { !applied.contains($0.name) }), let folder = store.upgradeBackups {
                let last = try await connection.query(
                    "SELECT name FROM verbatim_migration ORDER BY position DESC LIMIT 1", logger: store.logger
                ).collect().first?.decode(String.self) ?? ""
                try await PostgresUpgradeBackup.dump(store.location, into: folder, from: last, logger: store.logger)
            }
            for migration in all where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: store.logger)
                }
                try await connection.query(
                    "INSERT INTO verbatim_migration (name) VALUES (\(migration.name))", logger: store.logger)
            }
        }
    }

    /// The refusal of a schema upgraded by a newer Verbatim, naming its unknown migrations.
    static func newer(_ location: PostgresLocation, _ unknown: Set<String>) -> StoreError {
        let names = unknown.sorted().joined(separator: ", ")
        let place = location.schema.map { "schema \($0) of database \(location.database)" } ?? "database \(location.database)"
        let lieu = location.schema.map { "schéma \($0) de la base \(location.database)" } ?? "base \(location.database)"
        return StoreError(
            .database,
            "The PostgreSQL store (\(place)) was upgraded by a newer Verbatim (migrations \(names)); this version cannot open it. "
                + "Run the newer version, or restore a backup made before the upgrade.",
            fr: "Le magasin PostgreSQL (\(lieu)) a été mis à jour par une version plus récente de Verbatim (migrations \(names)) ; "
                + "cette version ne peut pas l’ouvrir. Lancez la version plus récente, ou restaurez une sauvegarde antérieure à la mise à jour.")
    }

    private static let core = [
        """
        CREATE TABLE study (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '',
            createdAt TIMESTAMPTZ NOT NULL)
        """,
        """
        CREATE TABLE app_user (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL)
        """,
        "CREATE UNIQUE INDEX app_user_email ON app_user (lower(email))",
        """
        CREATE TABLE study_membership (
            studyID BIGINT NOT NULL REFERENCES study(id) ON DELETE CASCADE,
            userID BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'researcher', 'coder')),
            PRIMARY KEY (studyID, userID))
        """,
        """
        CREATE TABLE participant (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            studyID BIGINT NOT NULL REFERENCES study(id) ON DELETE CASCADE,
            pseudonym TEXT NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            UNIQUE (studyID, pseudonym))
        """,
        """
        CREATE TABLE participant_attribute (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            participantID BIGINT NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            isSensitive BOOLEAN NOT NULL DEFAULT false,
            UNIQUE (participantID, name))
        """,
        """
        CREATE TABLE recording (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            studyID BIGINT NOT NULL REFERENCES study(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            mediaPath TEXT NOT NULL,
            fileHash TEXT NOT NULL,
            container TEXT NOT NULL,
            hasVideo BOOLEAN NOT NULL,
            audioChannels INTEGER,
            duration DOUBLE PRECISION,
            recordedAt TIMESTAMPTZ,
            createdAt TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX recording_study ON recording(studyID)",
        """
        CREATE TABLE recording_participant (
            recordingID BIGINT NOT NULL REFERENCES recording(id) ON DELETE CASCADE,
            participantID BIGINT NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            PRIMARY KEY (recordingID, participantID))
        """,
        "CREATE INDEX recording_participant_participant ON recording_participant(participantID)",
    ]

    private static let transcripts = [
        """
        CREATE TABLE transcript (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            recordingID BIGINT NOT NULL REFERENCES recording(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            basedOnID BIGINT REFERENCES transcript(id) ON DELETE CASCADE,
            engine TEXT NOT NULL,
            model TEXT NOT NULL,
            language TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'reviewed')),
            text TEXT NOT NULL,
            createdBy BIGINT REFERENCES app_user(id) ON DELETE SET NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            UNIQUE (recordingID, version))
        """,
        """
        CREATE TABLE speaker (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            recordingID BIGINT NOT NULL REFERENCES recording(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            participantID BIGINT REFERENCES participant(id) ON DELETE SET NULL,
            isInterviewer BOOLEAN NOT NULL DEFAULT false,
            UNIQUE (recordingID, label))
        """,
        "CREATE INDEX speaker_participant ON speaker(participantID)",
        """
        CREATE TABLE segment (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            transcriptID BIGINT NOT NULL REFERENCES transcript(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            start DOUBLE PRECISION NOT NULL,
            "end" DOUBLE PRECISION NOT NULL,
            speakerID BIGINT REFERENCES speaker(id) ON DELETE SET NULL,
            text TEXT NOT NULL,
            confidence DOUBLE PRECISION,
            charStart INTEGER NOT NULL,
            charEnd INTEGER NOT NULL,
            UNIQUE (transcriptID, position))
        """,
        "CREATE INDEX segment_speaker ON segment(speakerID)",
        """
        CREATE TABLE word (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            segmentID BIGINT NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            start DOUBLE PRECISION NOT NULL,
            "end" DOUBLE PRECISION NOT NULL,
            text TEXT NOT NULL,
            probability DOUBLE PRECISION,
            UNIQUE (segmentID, position))
        """,
    ]

    /// API tokens, hashed (SHA-256 hex, unique), revocable and optionally expiring.
    private static let apiTokens = [
        """
        CREATE TABLE api_token (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            tokenHash TEXT NOT NULL UNIQUE,
            userID BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
            isAdmin BOOLEAN NOT NULL DEFAULT false,
            label TEXT NOT NULL DEFAULT '',
            createdAt TIMESTAMPTZ NOT NULL,
            expiresAt TIMESTAMPTZ,
            revokedAt TIMESTAMPTZ,
            lastUsedAt TIMESTAMPTZ)
        """,
        "CREATE INDEX api_token_user ON api_token(userID)",
    ]

    /// Password accounts, browser sessions (hashed secrets) and recent failed passwords.
    private static let accounts = [
        """
        CREATE TABLE user_account (
            userID BIGINT PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
            passwordHash TEXT,
            isAdmin BOOLEAN NOT NULL DEFAULT false,
            mustChangePassword BOOLEAN NOT NULL DEFAULT false,
            deactivatedAt TIMESTAMPTZ,
            lockedUntil TIMESTAMPTZ,
            passwordChangedAt TIMESTAMPTZ)
        """,
        """
        INSERT INTO user_account (userID, isAdmin)
            SELECT DISTINCT userID, true FROM api_token WHERE isAdmin AND revokedAt IS NULL
        """,
        """
        CREATE TABLE user_session (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            secretHash TEXT NOT NULL UNIQUE,
            userID BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
            csrfToken TEXT NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            lastSeenAt TIMESTAMPTZ NOT NULL,
            expiresAt TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX user_session_user ON user_session(userID)",
        """
        CREATE TABLE sign_in_failure (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            userID BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
            failedAt TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX sign_in_failure_user ON sign_in_failure(userID, failedAt)",
    ]

    /// The study's blind-coding settings (SQLite adds them in v6-coding-workflow, with the coding
    /// tables this schema does not have yet).
    private static let studyBlindCoding = [
        "ALTER TABLE study ADD COLUMN blindCoding BOOLEAN NOT NULL DEFAULT false",
        "ALTER TABLE study ADD COLUMN blindNames BOOLEAN NOT NULL DEFAULT false",
    ]

    /// The durable job queue; `job_runnable` serves the claim's `ORDER BY priority DESC, id`.
    private static let jobs = [
        """
        CREATE TABLE job (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            studyID BIGINT REFERENCES study(id) ON DELETE SET NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
            priority BIGINT NOT NULL,
            attempts BIGINT NOT NULL,
            maxAttempts BIGINT NOT NULL CHECK (maxAttempts > 0),
            runAfter TIMESTAMPTZ NOT NULL,
            leaseOwner TEXT,
            leaseExpiresAt TIMESTAMPTZ,
            progress DOUBLE PRECISION NOT NULL,
            error TEXT,
            result TEXT,
            createdAt TIMESTAMPTZ NOT NULL,
            updatedAt TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX job_runnable ON job(state, priority DESC, id)",
    ]
}

import Store

extension PostgresMigrations {
    /// Each study's data key wrapped by the installation's master key (SQLite's v8-study-keys);
    /// deleting a study deletes its key.
    static let studyKeys = [
        """
        CREATE TABLE study_key (
            id TEXT PRIMARY KEY,
            studyID BIGINT NOT NULL UNIQUE REFERENCES study(id) ON DELETE CASCADE,
            masterKeyID TEXT NOT NULL,
            sealed BYTEA NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL)
        """
    ]
}

import Store

extension PostgresMigrations {
    /// Retention (SQLite's v10-retention): each study's rule, and when a recording's original media was deleted.
    static let retention = [
        """
        CREATE TABLE retention_rule (
            studyID BIGINT PRIMARY KEY REFERENCES study(id) ON DELETE CASCADE,
            days INTEGER NOT NULL CHECK (days >= 0),
            keepRedactedMedia BOOLEAN NOT NULL,
            fill TEXT NOT NULL CHECK (fill IN ('tone', 'silence')),
            setBy BIGINT REFERENCES app_user(id) ON DELETE SET NULL,
            setAt TIMESTAMPTZ NOT NULL)
        """,
        "ALTER TABLE recording ADD COLUMN mediaRemovedAt TIMESTAMPTZ",
    ]
}

import GRDB

extension StoreMigrations {
    /// Retention (`v10-retention`): each study's rule, and when a recording's original media was deleted.
    static func createRetention(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE retention_rule (
                    studyID INTEGER PRIMARY KEY REFERENCES study(id) ON DELETE CASCADE,
                    days INTEGER NOT NULL CHECK (days >= 0),
                    keepRedactedMedia BOOLEAN NOT NULL,
                    fill TEXT NOT NULL CHECK (fill IN ('tone', 'silence')),
                    setBy INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
                    setAt DATETIME NOT NULL);
                ALTER TABLE recording ADD COLUMN mediaRemovedAt DATETIME;
                """)
    }
}

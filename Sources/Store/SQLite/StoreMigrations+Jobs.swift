import GRDB

extension StoreMigrations {
    /// When a worker last claimed each job (``Job/startedAt``), so that a finished job's run time is
    /// known; NULL for jobs claimed before. The index serves ``SQLiteStore/finishedJobs(since:limit:)``.
    static func addJobStartedAt(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE job ADD COLUMN startedAt DATETIME;
                CREATE INDEX job_updated ON job(updatedAt);
                """)
    }
}

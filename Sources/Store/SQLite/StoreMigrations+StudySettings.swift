import GRDB

extension StoreMigrations {
    /// `v10-study-pseudonymised-coders`: the study setting that shows coders only pseudonymised text.
    static func addStudyPseudonymisedForCoders(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE study ADD COLUMN pseudonymisedForCoders BOOLEAN NOT NULL DEFAULT 0")
    }
}

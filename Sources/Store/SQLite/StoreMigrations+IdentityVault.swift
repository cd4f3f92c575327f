import GRDB

extension StoreMigrations {
    /// The identity vault (issue 20): one sealed row per participant, removed with the participant
    /// (erasure) and thus with the study; the user who set it may be deleted.
    static func createIdentityVault(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE identity_vault (
                    participantID INTEGER PRIMARY KEY REFERENCES participant(id) ON DELETE CASCADE,
                    keyID TEXT NOT NULL,
                    sealed BLOB NOT NULL,
                    updatedAt DATETIME NOT NULL,
                    updatedBy INTEGER REFERENCES app_user(id) ON DELETE SET NULL);
                """)
    }
}

import Store

extension PostgresMigrations {
    /// The identity vault (SQLite's v10-identity-vault): one sealed row per participant, removed
    /// with the participant (erasure) and thus with the study.
    static let identityVault = [
        """
        CREATE TABLE identity_vault (
            participantID BIGINT PRIMARY KEY REFERENCES participant(id) ON DELETE CASCADE,
            keyID TEXT NOT NULL,
            sealed BYTEA NOT NULL,
            updatedAt TIMESTAMPTZ NOT NULL,
            updatedBy BIGINT REFERENCES app_user(id) ON DELETE SET NULL)
        """
    ]
}

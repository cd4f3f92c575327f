import Store

extension PostgresMigrations {
    /// The hash-chained audit log. Append-only in the database: triggers refuse every `UPDATE`,
    /// `DELETE` and `TRUNCATE` of `audit_event`, whoever asks (only a superuser can disable them).
    /// The head row exists from the start, so that appending always locks it.
    static let audit = [
        """
        CREATE TABLE audit_event (
            id BIGINT PRIMARY KEY,
            atMilliseconds BIGINT NOT NULL,
            actorID BIGINT,
            action TEXT NOT NULL,
            studyID BIGINT,
            targetKind TEXT NOT NULL,
            targetID BIGINT,
            details TEXT NOT NULL,
            previousHash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE)
        """,
        """
        CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'restrict_violation';
        END
        $$
        """,
        """
        CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
        """,
        """
        CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
        """,
        """
        CREATE TABLE audit_head (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            lastID BIGINT NOT NULL,
            lastHash TEXT NOT NULL)
        """,
        "INSERT INTO audit_head (singleton, lastID, lastHash) VALUES (1, 0, '\(AuditEvent.genesisHash)')",
    ]
}

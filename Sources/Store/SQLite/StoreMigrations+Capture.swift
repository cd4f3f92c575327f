import GRDB

extension StoreMigrations {
    /// Interviews recorded in the pages: the capture, its chunks, and the consent on the recording it becomes.
    static func createCaptures(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE capture (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    studyID INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
                    title TEXT NOT NULL,
                    createdBy INTEGER NOT NULL REFERENCES app_user(id),
                    consentBy INTEGER NOT NULL REFERENCES app_user(id),
                    consentAt DATETIME NOT NULL,
                    consentNote TEXT,
                    mimeType TEXT NOT NULL,
                    hasVideo BOOLEAN NOT NULL,
                    participantID INTEGER REFERENCES participant(id) ON DELETE SET NULL,
                    language TEXT,
                    state TEXT NOT NULL CHECK (state IN ('recording', 'finished', 'discarded')),
                    chunkCount INTEGER NOT NULL,
                    byteCount INTEGER NOT NULL,
                    parts INTEGER NOT NULL,
                    recordingID INTEGER REFERENCES recording(id) ON DELETE SET NULL,
                    jobID INTEGER REFERENCES job(id) ON DELETE SET NULL,
                    createdAt DATETIME NOT NULL,
                    updatedAt DATETIME NOT NULL);
                CREATE INDEX capture_study ON capture(studyID, state);
                CREATE TABLE capture_chunk (
                    captureID INTEGER NOT NULL REFERENCES capture(id) ON DELETE CASCADE,
                    chunkIndex INTEGER NOT NULL,
                    part INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    byteCount INTEGER NOT NULL,
                    receivedAt DATETIME NOT NULL,
                    PRIMARY KEY (captureID, chunkIndex));
                ALTER TABLE recording ADD COLUMN consentBy INTEGER REFERENCES app_user(id) ON DELETE SET NULL;
                ALTER TABLE recording ADD COLUMN consentAt DATETIME;
                """)
    }
}

import GRDB

/// The SQLite schema, built by ordered GRDB migrations.
///
/// Column names are the records' property names. Foreign keys cascade so that deleting a study,
/// recording or participant removes what hangs from it; the audit log has no foreign keys so that
/// it outlives what it records, and triggers make it append-only.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-core", migrate: createCore)
        migrator.registerMigration("v1-transcripts", migrate: createTranscripts)
        migrator.registerMigration("v1-coding", migrate: createCoding)
        migrator.registerMigration("v1-biometrics", migrate: createBiometrics)
        migrator.registerMigration("v1-jobs", migrate: createJobs)
        migrator.registerMigration("v1-audit", migrate: createAudit)
        migrator.registerMigration("v1-search", migrate: createSearch)
        migrator.registerMigration("v2-biometric-label", migrate: addBiometricLabel)
        migrator.registerMigration("v2-biometric-exact-start", migrate: storeExactBiometricStart)
        migrator.registerMigration("v3-segment-flags", migrate: addSegmentFlags)
        migrator.registerMigration("v3-biometrics-recording-sync", migrate: createRecordingSync)
        migrator.registerMigration("v3-biometrics-markers", migrate: createBiometricMarkers)
        migrator.registerMigration("v4-recording-unique-file", migrate: makeRecordingFilesUnique)
        migrator.registerMigration("v5-api-tokens", migrate: createAPITokens)
        migrator.registerMigration("v6-editing-history", migrate: createTranscriptEdits)
        migrator.registerMigration("v6-coding-workflow", migrate: createCodingWorkflow)
        migrator.registerMigration("v6-people-accounts", migrate: createAccounts)
        migrator.registerMigration("v6-exports-recording-original-name", migrate: addRecordingOriginalName)
        migrator.registerMigration("v7-capture", migrate: createCaptures)
        migrator.registerMigration("v7-live-transcript", migrate: createLiveTranscript)
        migrator.registerMigration("v8-redactions", migrate: createRedactions)
        migrator.registerMigration("v8-study-keys", migrate: createStudyKeys)
        migrator.registerMigration("v9-audit-client-address", migrate: addAuditClientAddress)
        migrator.registerMigration("v9-job-started-at", migrate: addJobStartedAt)
        migrator.registerMigration("v10-retention", migrate: createRetention)
        migrator.registerMigration("v10-identity-vault", migrate: createIdentityVault)
        migrator.registerMigration("v10-study-pseudonymised-coders", migrate: addStudyPseudonymisedForCoders)
        return migrator
    }

    private static func createCore(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE study (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    details TEXT NOT NULL DEFAULT '',
                    createdAt DATETIME NOT NULL);
                CREATE TABLE app_user (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    createdAt DATETIME NOT NULL);
                CREATE TABLE study_membership (
                    studyID INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
                    userID INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                    role TEXT NOT NULL CHECK (role IN ('admin', 'researcher', 'coder')),
                    PRIMARY KEY (studyID, userID));
                CREATE TABLE participant (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    studyID INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
                    pseudonym TEXT NOT NULL,
                    createdAt DATETIME NOT NULL,
                    UNIQUE (studyID, pseudonym));
                CREATE TABLE participant_attribute (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    participantID INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    value TEXT NOT NULL,
                    isSensitive BOOLEAN NOT NULL DEFAULT 0,
                    UNIQUE (participantID, name));
                CREATE TABLE recording (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    studyID INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
                    title TEXT NOT NULL,
                    mediaPath TEXT NOT NULL,
                    fileHash TEXT NOT NULL,
                    container TEXT NOT NULL,
                    hasVideo BOOLEAN NOT NULL,
                    audioChannels INTEGER,
                    duration DOUBLE,
                    recordedAt DATETIME,
                    createdAt DATETIME NOT NULL);
                CREATE INDEX recording_study ON recording(studyID);
                CREATE TABLE recording_participant (
                    recordingID INTEGER NOT NULL REFERENCES recording(id) ON DELETE CASCADE,
                    participantID INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    PRIMARY KEY (recordingID, participantID));
                CREATE INDEX recording_participant_participant ON recording_participant(participantID);
                """)
    }

    private static func createTranscripts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE transcript (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    recordingID INTEGER NOT NULL REFERENCES recording(id) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    basedOnID INTEGER REFERENCES transcript(id) ON DELETE CASCADE,
                    engine TEXT NOT NULL,
                    model TEXT NOT NULL,
                    language TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('draft', 'reviewed')),
                    text TEXT NOT NULL,
                    createdBy INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
                    createdAt DATETIME NOT NULL,
                    UNIQUE (recordingID, version));
                CREATE TABLE speaker (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    recordingID INTEGER NOT NULL REFERENCES recording(id) ON DELETE CASCADE,
                    label TEXT NOT NULL,
                    participantID INTEGER REFERENCES participant(id) ON DELETE SET NULL,
                    isInterviewer BOOLEAN NOT NULL DEFAULT 0,
                    UNIQUE (recordingID, label));
                CREATE INDEX speaker_participant ON speaker(participantID);
                CREATE TABLE segment (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    transcriptID INTEGER NOT NULL REFERENCES transcript(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    start DOUBLE NOT NULL,
                    "end" DOUBLE NOT NULL,
                    speakerID INTEGER REFERENCES speaker(id) ON DELETE SET NULL,
                    text TEXT NOT NULL,
                    confidence DOUBLE,
                    charStart INTEGER NOT NULL,
                    charEnd INTEGER NOT NULL,
                    UNIQUE (transcriptID, position));
                CREATE INDEX segment_speaker ON segment(speakerID);
                CREATE TABLE word (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    segmentID INTEGER NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    start DOUBLE NOT NULL,
                    "end" DOUBLE NOT NULL,
                    text TEXT NOT NULL,
                    probability DOUBLE,
                    UNIQUE (segmentID, position));
                """)
    }

    private static func createCoding(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE code (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    studyID INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
                    parentID INTEGER REFERENCES code(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    color TEXT NOT NULL,
                    details TEXT NOT NULL DEFAULT '',
                    createdAt DATETIME NOT NULL);
                CREATE UNIQUE INDEX code_sibling_name ON code(studyID, ifnull(parentID, 0), name);
                CREATE TABLE coding (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    transcriptID INTEGER NOT NULL REFERENCES transcript(id) ON DELETE CASCADE,
                    codeID INTEGER NOT NULL REFERENCES code(id) ON DELETE CASCADE,
                    coderID INTEGER NOT NULL REFERENCES app_user(id) ON DELETE RESTRICT,
                    charStart INTEGER NOT NULL,
                    charEnd INTEGER NOT NULL CHECK (charEnd > charStart),
                    startTime DOUBLE NOT NULL,
                    endTime DOUBLE NOT NULL,
                    createdAt DATETIME NOT NULL);
                CREATE INDEX coding_transcript ON coding(transcriptID);
                CREATE INDEX coding_code ON coding(codeID);
                CREATE TABLE memo (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    studyID INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
                    authorID INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
                    title TEXT NOT NULL,
                    text TEXT NOT NULL,
                    participantID INTEGER REFERENCES participant(id) ON DELETE CASCADE,
                    recordingID INTEGER REFERENCES recording(id) ON DELETE CASCADE,
                    transcriptID INTEGER REFERENCES transcript(id) ON DELETE CASCADE,
                    codeID INTEGER REFERENCES code(id) ON DELETE CASCADE,
                    codingID INTEGER REFERENCES coding(id) ON DELETE CASCADE,
                    createdAt DATETIME NOT NULL);
                CREATE INDEX memo_study ON memo(studyID);
                """)
    }

    private static func createBiometrics(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE biometric_stream (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    studyID INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
                    participantID INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                    device TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    sampleRate DOUBLE,
                    channels INTEGER NOT NULL CHECK (channels > 0),
                    startTime DATETIME NOT NULL,
                    sampleCount INTEGER NOT NULL,
                    format TEXT NOT NULL CHECK (format IN ('float32', 'float64')));
                CREATE INDEX biometric_stream_participant ON biometric_stream(participantID);
                CREATE TABLE biometric_chunk (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    streamID INTEGER NOT NULL REFERENCES biometric_stream(id) ON DELETE CASCADE,
                    firstSample INTEGER NOT NULL,
                    sampleCount INTEGER NOT NULL,
                    startOffset DOUBLE NOT NULL,
                    endOffset DOUBLE NOT NULL,
                    offsets BLOB,
                    "values" BLOB NOT NULL,
                    UNIQUE (streamID, firstSample));
                """)
    }

    private static func createJobs(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE job (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    studyID INTEGER REFERENCES study(id) ON DELETE SET NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
                    priority INTEGER NOT NULL,
                    attempts INTEGER NOT NULL,
                    maxAttempts INTEGER NOT NULL CHECK (maxAttempts > 0),
                    runAfter DATETIME NOT NULL,
                    leaseOwner TEXT,
                    leaseExpiresAt DATETIME,
                    progress DOUBLE NOT NULL,
                    error TEXT,
                    result TEXT,
                    createdAt DATETIME NOT NULL,
                    updatedAt DATETIME NOT NULL);
                CREATE INDEX job_runnable ON job(state, priority DESC, id);
                """)
    }

    private static func createAudit(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE audit_event (
                    id INTEGER PRIMARY KEY,
                    atMilliseconds INTEGER NOT NULL,
                    actorID INTEGER,
                    action TEXT NOT NULL,
                    studyID INTEGER,
                    targetKind TEXT NOT NULL,
                    targetID INTEGER,
                    details TEXT NOT NULL,
                    previousHash TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE);
                CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
                BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
                BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                CREATE TABLE audit_head (
                    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                    lastID INTEGER NOT NULL,
                    lastHash TEXT NOT NULL);
                """)
    }

    /// The channel label as the source file names it ("EEG Fpz-Cz", "BVP"), so a Biometrics
    /// `TimeSeries` survives a round trip; rows written before this migration get an empty label.
    /// The guards' flags of a segment (comma-separated, e.g. `repetition,lowConfidence`); NULL when
    /// none. A segment with flags needs review.
    private static func addSegmentFlags(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE segment ADD COLUMN flags TEXT")
    }

    private static func addBiometricLabel(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE biometric_stream ADD COLUMN label TEXT NOT NULL DEFAULT ''")
    }

    /// Stream start times become seconds since 2001-01-01 UTC as REAL (see `BiometricStream`'s
    /// date strategy in Records+GRDB.swift): GRDB's default text dates keep milliseconds only,
    /// which moved every sample of a stream starting at a sub-millisecond time.
    private static func storeExactBiometricStart(_ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE biometric_stream SET startTime =
                    CAST(strftime('%s', startTime) AS REAL) - 978307200
                    + (CAST(strftime('%f', startTime) AS REAL) - CAST(strftime('%S', startTime) AS REAL))
                WHERE typeof(startTime) = 'text'
                """)
    }

    /// A recording's user-set wall-clock start and offset correction (one row per recording at most),
    /// so that its transcript can be lined up with wearable streams.
    private static func createRecordingSync(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE recording_sync (
                    recordingID INTEGER PRIMARY KEY REFERENCES recording(id) ON DELETE CASCADE,
                    wallClockStart DOUBLE,
                    "offset" DOUBLE NOT NULL DEFAULT 0,
                    updatedAt DATETIME NOT NULL);
                """)
    }

    /// Markers read from wearable files (E4 tags, EDF+ annotations, WFDB labels, FIT events), and
    /// the marker a recording's offset was last synchronised with.
    private static func createBiometricMarkers(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE biometric_marker (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    studyID INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
                    participantID INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                    time DOUBLE NOT NULL,
                    duration DOUBLE,
                    label TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    source TEXT NOT NULL);
                CREATE INDEX biometric_marker_participant ON biometric_marker(participantID, time);
                ALTER TABLE recording_sync ADD COLUMN syncMarkerID INTEGER REFERENCES biometric_marker(id) ON DELETE SET NULL;
                ALTER TABLE recording_sync ADD COLUMN markerPosition DOUBLE;
                """)
    }

    /// One recording per file and study, enforced by the database so that simultaneous uploads
    /// cannot both win. Copies that races created before this migration keep their rows and data,
    /// marked `duplicateOf` the first recording of the same file, and stay outside the index.
    private static func makeRecordingFilesUnique(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE recording ADD COLUMN duplicateOf INTEGER;
                UPDATE recording SET duplicateOf = (
                    SELECT MIN(first.id) FROM recording AS first
                    WHERE first.studyID = recording.studyID AND first.fileHash = recording.fileHash)
                WHERE id > (SELECT MIN(first.id) FROM recording AS first
                            WHERE first.studyID = recording.studyID AND first.fileHash = recording.fileHash);
                CREATE UNIQUE INDEX recording_study_file ON recording(studyID, fileHash) WHERE duplicateOf IS NULL;
                """)
    }

    /// API tokens, hashed (SHA-256 hex, unique: the index every request's lookup uses), revocable
    /// and optionally expiring; a user's tokens go with the user.
    private static func createAPITokens(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE api_token (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    tokenHash TEXT NOT NULL UNIQUE,
                    userID INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                    isAdmin BOOLEAN NOT NULL DEFAULT 0,
                    label TEXT NOT NULL DEFAULT '',
                    createdAt DATETIME NOT NULL,
                    expiresAt DATETIME,
                    revokedAt DATETIME,
                    lastUsedAt DATETIME);
                CREATE INDEX api_token_user ON api_token(userID);
                """)
    }

    /// Blind double coding and consensus: the study's blind settings, each coder's "done" mark per
    /// transcript version, consensus codings (who decided), and the consensus decisions per unit.
    private static func createCodingWorkflow(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE study ADD COLUMN blindCoding BOOLEAN NOT NULL DEFAULT 0;
                ALTER TABLE study ADD COLUMN blindNames BOOLEAN NOT NULL DEFAULT 0;
                ALTER TABLE coding ADD COLUMN isConsensus BOOLEAN NOT NULL DEFAULT 0;
                ALTER TABLE coding ADD COLUMN decidedBy INTEGER REFERENCES app_user(id) ON DELETE SET NULL;
                CREATE TABLE coding_completion (
                    transcriptID INTEGER NOT NULL REFERENCES transcript(id) ON DELETE CASCADE,
                    coderID INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                    doneAt DATETIME NOT NULL,
                    PRIMARY KEY (transcriptID, coderID));
                CREATE TABLE consensus_decision (
                    transcriptID INTEGER NOT NULL REFERENCES transcript(id) ON DELETE CASCADE,
                    unitIndex INTEGER NOT NULL,
                    decidedBy INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
                    decidedAt DATETIME NOT NULL,
                    PRIMARY KEY (transcriptID, unitIndex));
                """)
    }

    /// Password accounts, browser sessions (hashed secrets) and recent failed passwords; a user's rows
    /// go with the user. Users who hold an active administrator token become installation
    /// administrators for password sign-in too.
    private static func createAccounts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE user_account (
                    userID INTEGER PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
                    passwordHash TEXT,
                    isAdmin BOOLEAN NOT NULL DEFAULT 0,
                    mustChangePassword BOOLEAN NOT NULL DEFAULT 0,
                    deactivatedAt DATETIME,
                    lockedUntil DATETIME,
                    passwordChangedAt DATETIME);
                INSERT INTO user_account (userID, isAdmin)
                    SELECT DISTINCT userID, 1 FROM api_token WHERE isAdmin AND revokedAt IS NULL;
                CREATE TABLE user_session (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    secretHash TEXT NOT NULL UNIQUE,
                    userID INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                    csrfToken TEXT NOT NULL,
                    createdAt DATETIME NOT NULL,
                    lastSeenAt DATETIME NOT NULL,
                    expiresAt DATETIME NOT NULL);
                CREATE INDEX user_session_user ON user_session(userID);
                CREATE TABLE sign_in_failure (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    userID INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                    failedAt DATETIME NOT NULL);
                CREATE INDEX sign_in_failure_user ON sign_in_failure(userID, failedAt);
                """)
    }

    /// Folds ligatures that `remove_diacritics` leaves alone (French œ, æ), in SQL so external tools can write too.
    static func foldSQL(_ expression: String) -> String {
        "replace(replace(replace(replace(\(expression), 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')"
    }

    /// The full-text index: its own copy of each segment's text with ligatures folded, kept in
    /// step by triggers (so cascading deletes reach it), tokenized with diacritics removed.
    private static func createSearch(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE segment_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER segment_fts_insert AFTER INSERT ON segment BEGIN
                    INSERT INTO segment_fts(rowid, text) VALUES (new.id, \(foldSQL("new.text")));
                END;
                CREATE TRIGGER segment_fts_delete AFTER DELETE ON segment BEGIN
                    DELETE FROM segment_fts WHERE rowid = old.id;
                END;
                CREATE TRIGGER segment_fts_update AFTER UPDATE OF text ON segment BEGIN
                    UPDATE segment_fts SET text = \(foldSQL("new.text")) WHERE rowid = new.id;
                END;
                """)
    }

    /// Each change a person made to a transcript version (its working draft changes in place).
    private static func createTranscriptEdits(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE transcript_edit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    transcriptID INTEGER NOT NULL REFERENCES transcript(id) ON DELETE CASCADE,
                    editorID INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
                    kind TEXT NOT NULL,
                    position INTEGER,
                    before TEXT NOT NULL,
                    after TEXT NOT NULL,
                    createdAt DATETIME NOT NULL);
                CREATE INDEX transcript_edit_transcript ON transcript_edit(transcriptID);
                """)
    }

    /// The uploaded file's own name, which exports name their files and media after.
    private static func addRecordingOriginalName(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE recording ADD COLUMN originalName TEXT")
    }

    /// The live transcript of a capture being recorded (issue 18): how far it is transcribed and
    /// its segments, only ever appended. Keyed by capture id (the capture table's foreign key is
    /// added where that table is created).
    private static func createLiveTranscript(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE live_transcript (
                    captureID INTEGER PRIMARY KEY REFERENCES capture(id) ON DELETE CASCADE,
                    transcribedUntil DOUBLE NOT NULL,
                    partStarts TEXT NOT NULL,
                    language TEXT,
                    updatedAt DATETIME NOT NULL);
                CREATE TABLE live_segment (
                    captureID INTEGER NOT NULL REFERENCES capture(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    start DOUBLE NOT NULL,
                    "end" DOUBLE NOT NULL,
                    text TEXT NOT NULL,
                    PRIMARY KEY (captureID, position));
                """)
    }

    /// Pseudonymisation (issue 20): identifying spans of transcript versions and their decisions,
    /// and the study-wide pseudonyms, one per kind and folded text, so that the same person gets
    /// the same pseudonym in every transcript of a study. Identifiers are never reused (the audit
    /// log names spans by id, and a person's span replaces the proposals it overlaps).
    private static func createRedactions(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE redaction (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    transcriptID INTEGER NOT NULL REFERENCES transcript(id) ON DELETE CASCADE,
                    charStart INTEGER NOT NULL,
                    charEnd INTEGER NOT NULL CHECK (charEnd > charStart),
                    text TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    origin TEXT NOT NULL CHECK (origin IN ('detector', 'person')),
                    state TEXT NOT NULL CHECK (state IN ('proposed', 'accepted', 'rejected')),
                    pseudonym TEXT,
                    decidedBy INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
                    decidedAt DATETIME,
                    UNIQUE (transcriptID, charStart, charEnd));
                CREATE TABLE pseudonym (
                    studyID INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    folded TEXT NOT NULL,
                    label TEXT NOT NULL,
                    PRIMARY KEY (studyID, kind, folded),
                    UNIQUE (studyID, label));
                """)
    }
}

extension StoreMigrations {
    /// Each study's data key, wrapped by the installation's master key (issue 20, encryption at
    /// rest). Deleting a study deletes its key, and with it any way to read its media.
    static func createStudyKeys(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE study_key (
                    id TEXT PRIMARY KEY,
                    studyID INTEGER NOT NULL UNIQUE REFERENCES study(id) ON DELETE CASCADE,
                    masterKeyID TEXT NOT NULL,
                    sealed BLOB NOT NULL,
                    createdAt DATETIME NOT NULL);
                """)
    }
}

import Foundation
import GRDB

/// The embedded ``Store``: one SQLite file in WAL mode through a GRDB `DatabasePool`.
///
/// Several processes may open the same file (workers and the server); writes are serialized by
/// SQLite's write lock (immediate transactions, waiting up to `busyTimeout`).
public final class SQLiteStore: Store {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    /// Group-commits the audit events of concurrent requests.
    let auditQueue: AuditQueue

    /// Opens (creating if needed) the store at `path`, enables foreign keys and WAL, and migrates
    /// the schema, after a backup of an existing store beside it (`….before-upgrade-from-<last
    /// migration>`); a store upgraded by a newer Verbatim is refused, not opened.
    ///
    /// The file is created with mode 0600 (an existing one is given that mode); SQLite gives its WAL
    /// and shared-memory files the same mode.
    ///
    /// - Parameter busyTimeout: seconds a write waits for another process's write to finish.
    /// - Throws: ``StoreError`` of kind `.database` if the file cannot be opened or migrated.
    public init(path: String, busyTimeout: Double = 30) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "verbatim-store"
        configuration.prepareDatabase { db in
            // Erased participant data must not linger in freed pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            try PrivateFiles.createFile(URL(fileURLWithPath: path))
            for companion in [path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: companion) {
                try PrivateFiles.restrict(URL(fileURLWithPath: companion))
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try StoreUpgrade.migrate(pool, path: path)
            auditQueue = AuditQueue(pool: pool)
        } catch let error as StoreError where error.kind == .database {
            throw error  // a store upgraded by a newer Verbatim: the message says what to do
        } catch {
            throw StoreError(
                .database,
                "Cannot open the store at \(path): \(error). Check that the folder exists and is writable, "
                    + "and that the file is a Verbatim database.", fr: "Impossible d’ouvrir la base à \(path) : \(error). Vérifiez que le dossier existe, qu’il est accessible en écriture et que le fichier est une base Verbatim.")
        }
    }

    /// Runs `body` in a write transaction, turning constraint violations into ``StoreError``s.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// Runs `body` in a read transaction (a snapshot).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    static func translate(_ error: DatabaseError) -> StoreError {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return StoreError(
                .conflict, "An object with the same unique name exists already (\(error.message ?? "")).",
                fr: "Un objet du même nom existe déjà (\(error.message ?? "")).")
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return StoreError(
                .invalidInput, "A referenced object does not exist, or other objects still refer to this one.", fr: "Un objet désigné n’existe pas, ou d’autres objets dépendent encore de celui-ci.")
        case .SQLITE_CONSTRAINT_CHECK, .SQLITE_CONSTRAINT_NOTNULL:
            return StoreError(
                .invalidInput, "A value is out of range: \(error.message ?? "constraint failed").",
                fr: "Une valeur est hors limites : \(error.message ?? "contrainte non respectée").")
        default:
            return StoreError(.database, "Database error: \(error). Retry; if it persists, check the disk and the file.", fr: "Erreur de la base de données : \(error). Réessayez ; si elle persiste, vérifiez le disque et le fichier.")
        }
    }

    // MARK: Studies, users, memberships

    /// Stores a new study.
    public func createStudy(name: String, details: String) async throws -> Study {
        try StoreInputChecks.studyName(name)
        return try await write { db in
            var study = Study(name: name, details: details)
            try study.insert(db)
            return study
        }
    }

    /// The study with this id, or `nil`.
    public func study(id: Int64) async throws -> Study? {
        try await read { db in try Study.fetchOne(db, key: id) }
    }

    /// All studies, by id.
    public func studies() async throws -> [Study] {
        try await read { db in try Study.order(Column("id")).fetchAll(db) }
    }

    /// Stores a new user; the e-mail must be unique.
    public func createUser(name: String, email: String) async throws -> User {
        try StoreInputChecks.email(email)
        return try await write { db in
            var user = User(name: name, email: email)
            try user.insert(db)
            return user
        }
    }

    /// The user with this id, or `nil`.
    public func user(id: Int64) async throws -> User? {
        try await read { db in try User.fetchOne(db, key: id) }
    }

    /// The user with this e-mail address (case-insensitive), or `nil`.
    public func user(email: String) async throws -> User? {
        try await read { db in try User.filter(Column("email").collating(.nocase) == email).fetchOne(db) }
    }

    /// All users, by id.
    public func users() async throws -> [User] {
        try await read { db in try User.order(Column("id")).fetchAll(db) }
    }

    /// Removes a user from a study (their codings stay, attributed to them); `.conflict` when they
    /// are its last administrator.
    public func removeMembership(studyID: Int64, userID: Int64) async throws {
        try await write { db in
            guard let membership = try StudyMembership.filter(Column("studyID") == studyID && Column("userID") == userID).fetchOne(db)
            else {
                throw StoreInputChecks.notMember(studyID: studyID, userID: userID)
            }
            try Self.checkAnotherAdmin(db, leaving: membership)
            try membership.delete(db)
        }
    }

    /// Gives `userID` the `role` in `studyID`, replacing any previous role; `.conflict` when that
    /// would leave a study that has an administrator without one.
    public func setMembership(studyID: Int64, userID: Int64, role: StudyRole) async throws {
        try await write { db in
            if role != .admin,
                let current = try StudyMembership.filter(Column("studyID") == studyID && Column("userID") == userID).fetchOne(db)
            {
                try Self.checkAnotherAdmin(db, leaving: current)
            }
            try StudyMembership(studyID: studyID, userID: userID, role: role).upsert(db)
        }
    }

    /// Throws `.conflict` when `membership` is the only admin membership of its study, read in the
    /// caller's transaction so that two simultaneous removals cannot both pass.
    static func checkAnotherAdmin(_ db: Database, leaving membership: StudyMembership) throws {
        guard membership.role == .admin else { return }
        let admins = try StudyMembership.filter(Column("studyID") == membership.studyID && Column("role") == StudyRole.admin.rawValue)
            .fetchCount(db)
        if admins <= 1 {
            throw StoreInputChecks.lastAdministrator(studyID: membership.studyID, userID: membership.userID)
        }
    }

    /// The members of a study.
    public func memberships(studyID: Int64) async throws -> [StudyMembership] {
        try await read { db in
            try StudyMembership.filter(Column("studyID") == studyID).order(Column("userID")).fetchAll(db)
        }
    }

    /// Whether the study exists and the user's role in it, in one read.
    public func access(studyID: Int64, userID: Int64) async throws -> StudyAccess {
        try await read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT study.id, study_membership.role FROM study
                    LEFT JOIN study_membership ON study_membership.studyID = study.id AND study_membership.userID = ?
                    WHERE study.id = ?
                    """, arguments: [userID, studyID])
            guard let row else { return .noSuchStudy }
            guard let raw: String = row["role"] else { return .notMember }
            guard let role = StudyRole(rawValue: raw) else {
                throw StoreInputChecks.unknownRole(raw, studyID: studyID, userID: userID)
            }
            return .member(role)
        }
    }

    // MARK: Participants

    /// Stores a new participant; the pseudonym must be valid and unique in the study.
    public func createParticipant(studyID: Int64, pseudonym: String) async throws -> Participant {
        try StoreInputChecks.pseudonym(pseudonym)
        return try await write { db in
            var participant = Participant(studyID: studyID, pseudonym: pseudonym)
            try participant.insert(db)
            return participant
        }
    }

    /// The participant with this id, or `nil`.
    public func participant(id: Int64) async throws -> Participant? {
        try await read { db in try Participant.fetchOne(db, key: id) }
    }

    /// The participants of a study, by pseudonym.
    public func participants(studyID: Int64) async throws -> [Participant] {
        try await read { db in
            try Participant.filter(Column("studyID") == studyID).order(Column("pseudonym")).fetchAll(db)
        }
    }

    /// Sets (inserts or replaces) a case variable.
    public func setAttribute(participantID: Int64, name: String, value: String, isSensitive: Bool) async throws {
        try StoreInputChecks.attribute(name: name, value: value)
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO participant_attribute (participantID, name, value, isSensitive) VALUES (?, ?, ?, ?)
                    ON CONFLICT (participantID, name) DO UPDATE SET value = excluded.value, isSensitive = excluded.isSensitive
                    """, arguments: [participantID, name, value, isSensitive])
        }
    }

    /// A participant's case variables; sensitive ones only when `includeSensitive`.
    public func attributes(participantID: Int64, includeSensitive: Bool) async throws -> [ParticipantAttribute] {
        try await read { db in
            var request = ParticipantAttribute.filter(Column("participantID") == participantID)
            if !includeSensitive { request = request.filter(Column("isSensitive") == false) }
            return try request.order(Column("name")).fetchAll(db)
        }
    }

    /// Removes a case variable; `.notFound` when the participant has none of that name.
    public func removeAttribute(participantID: Int64, name: String) async throws {
        let deleted = try await write { db in
            try ParticipantAttribute.filter(Column("participantID") == participantID && Column("name") == name).deleteAll(db)
        }
        guard deleted > 0 else { throw StoreInputChecks.noSuchAttribute(participantID: participantID, name: name) }
    }

    // MARK: Recordings

    /// Stores a new recording (its `id` is ignored and assigned); throws `.conflict` if the study
    /// has a recording of the same file (`fileHash`) already.
    public func addRecording(_ recording: Recording) async throws -> Recording {
        try TextLimits.check(recording.title, limit: TextLimits.title, "recording title")
        return try await write { db in
            // The unique index decides between writers; this says which recording to use instead.
            if let existing = try Self.recording(db, studyID: recording.studyID, fileHash: recording.fileHash) {
                throw StoreInputChecks.duplicateRecording(studyID: recording.studyID, existing: existing)
            }
            var stored = recording
            stored.id = nil
            try stored.insert(db)
            return stored
        }
    }

    /// The recording with this id, or `nil`.
    public func recording(id: Int64) async throws -> Recording? {
        try await read { db in try Recording.fetchOne(db, key: id) }
    }

    /// The recordings of a study.
    public func recordings(studyID: Int64) async throws -> [Recording] {
        try await read { db in try Recording.filter(Column("studyID") == studyID).order(Column("id")).fetchAll(db) }
    }

    /// The study's recording of the file with this SHA-256 (lower-case hex), or `nil`.
    public func recording(studyID: Int64, fileHash: String) async throws -> Recording? {
        try await read { db in try Self.recording(db, studyID: studyID, fileHash: fileHash) }
    }

    /// The study's first recording of the file with this hash, read in the caller's transaction.
    static func recording(_ db: Database, studyID: Int64, fileHash: String) throws -> Recording? {
        try Recording.filter(Column("studyID") == studyID && Column("fileHash") == fileHash).order(Column("id")).fetchOne(db)
    }

    /// Links a participant to a recording with a role (replacing a previous role).
    public func linkParticipant(recordingID: Int64, participantID: Int64, role: ParticipantRole) async throws {
        try await write { db in
            guard let recording = try Recording.fetchOne(db, key: recordingID) else {
                throw StoreError.notFound("recording", recordingID)
            }
            guard let participant = try Participant.fetchOne(db, key: participantID) else {
                throw StoreError.notFound("participant", participantID)
            }
            guard recording.studyID == participant.studyID else {
                throw StoreInputChecks.participantInOtherStudy(participantID: participantID, recordingID: recordingID)
            }
            try RecordingParticipant(recordingID: recordingID, participantID: participantID, role: role).upsert(db)
        }
    }

    /// The participants linked to a recording.
    public func recordingParticipants(recordingID: Int64) async throws -> [RecordingParticipant] {
        try await read { db in
            try RecordingParticipant.filter(Column("recordingID") == recordingID).order(Column("participantID")).fetchAll(db)
        }
    }
}

import Foundation
import PostgresNIO
import Store

extension PostgresStore: StudyStore {
    /// Stores a new study.
    public func createStudy(name: String, details: String) async throws -> Study {
        try StoreInputChecks.studyName(name)
        let study = Study(name: name, details: details)
        return try await withTransaction { connection in
            try await connection.fetchOne(
                Study.self,
                """
                INSERT INTO study (name, details, createdAt, blindCoding, blindNames)
                VALUES (\(study.name), \(study.details), \(study.createdAt), \(study.blindCoding), \(study.blindNames))
                RETURNING \(unescaped: Study.columns)
                """, logger: self.logger)!
        }
    }

    /// The study with this id, or `nil`.
    public func study(id: Int64) async throws -> Study? {
        try await withConnection { connection in
            try await connection.fetchOne(
                Study.self, "SELECT \(unescaped: Study.columns) FROM study WHERE id = \(id)", logger: self.logger)
        }
    }

    /// All studies, by id.
    public func studies() async throws -> [Study] {
        try await withConnection { connection in
            try await connection.fetchAll(
                Study.self, "SELECT \(unescaped: Study.columns) FROM study ORDER BY id", logger: self.logger)
        }
    }

    /// Stores a new user; the e-mail must be unique (whatever its case).
    public func createUser(name: String, email: String) async throws -> User {
        try StoreInputChecks.email(email)
        return try await withTransaction { connection in
            try await Self.insertUser(User(name: name, email: email), connection, logger: self.logger)
        }
    }

    /// Inserts `user` in the caller's transaction and returns it with its id.
    static func insertUser(_ user: User, _ connection: PostgresConnection, logger: Logger) async throws -> User {
        try await connection.fetchOne(
            User.self,
            """
            INSERT INTO app_user (name, email, createdAt) VALUES (\(user.name), \(user.email), \(user.createdAt))
            RETURNING \(unescaped: User.columns)
            """, logger: logger)!
    }

    /// The user with this id, or `nil`.
    public func user(id: Int64) async throws -> User? {
        try await withConnection { connection in
            try await connection.fetchOne(
                User.self, "SELECT \(unescaped: User.columns) FROM app_user WHERE id = \(id)", logger: self.logger)
        }
    }

    /// The user with this e-mail address (case-insensitive), or `nil`.
    public func user(email: String) async throws -> User? {
        try await withConnection { connection in
            try await connection.fetchOne(
                User.self, "SELECT \(unescaped: User.columns) FROM app_user WHERE lower(email) = lower(\(email))",
                logger: self.logger)
        }
    }

    /// All users, by id.
    public func users() async throws -> [User] {
        try await withConnection { connection in
            try await connection.fetchAll(
                User.self, "SELECT \(unescaped: User.columns) FROM app_user ORDER BY id", logger: self.logger)
        }
    }

    /// Gives `userID` the `role` in `studyID`, replacing any previous role; `.conflict` when that
    /// would leave a study that has an administrator without one.
    public func setMembership(studyID: Int64, userID: Int64, role: StudyRole) async throws {
        try await withTransaction { connection in
            try await self.lockStudy(studyID, connection)
            if role != .admin, let current = try await self.membership(studyID: studyID, userID: userID, connection) {
                try await self.checkAnotherAdmin(leaving: current, connection)
            }
            try await connection.query(
                """
                INSERT INTO study_membership (studyID, userID, role) VALUES (\(studyID), \(userID), \(role.rawValue))
                ON CONFLICT (studyID, userID) DO UPDATE SET role = excluded.role
                """, logger: self.logger)
        }
    }

    /// Removes a user from a study; `.conflict` when they are its last administrator.
    public func removeMembership(studyID: Int64, userID: Int64) async throws {
        try await withTransaction { connection in
            try await self.lockStudy(studyID, connection)
            guard let membership = try await self.membership(studyID: studyID, userID: userID, connection) else {
                throw StoreInputChecks.notMember(studyID: studyID, userID: userID)
            }
            try await self.checkAnotherAdmin(leaving: membership, connection)
            try await connection.query(
                "DELETE FROM study_membership WHERE studyID = \(studyID) AND userID = \(userID)", logger: self.logger)
        }
    }

    /// The members of a study, by user id.
    public func memberships(studyID: Int64) async throws -> [StudyMembership] {
        try await withConnection { connection in
            try await connection.fetchAll(
                StudyMembership.self,
                "SELECT \(unescaped: StudyMembership.columns) FROM study_membership WHERE studyID = \(studyID) ORDER BY userID",
                logger: self.logger)
        }
    }

    /// Whether the study exists and the user's role in it, in one read.
    public func access(studyID: Int64, userID: Int64) async throws -> StudyAccess {
        try await withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT study.id, study_membership.role FROM study
                LEFT JOIN study_membership ON study_membership.studyID = study.id AND study_membership.userID = \(userID)
                WHERE study.id = \(studyID)
                """, logger: self.logger
            ).collect()
            guard let row = rows.first else { return .noSuchStudy }
            let (_, raw) = try row.decode((Int64, String?).self)
            guard let raw else { return .notMember }
            guard let role = StudyRole(rawValue: raw) else {
                throw StoreInputChecks.unknownRole(raw, studyID: studyID, userID: userID)
            }
            return .member(role)
        }
    }

    /// Serializes the membership changes of one study (SQLite serializes every write): the study's
    /// row stays locked until the transaction ends, so two removals of its last two administrators
    /// cannot both pass the check.
    private func lockStudy(_ studyID: Int64, _ connection: PostgresConnection) async throws {
        try await connection.query("SELECT id FROM study WHERE id = \(studyID) FOR UPDATE", logger: logger)
    }

    /// The membership of `userID` in `studyID`, in the caller's transaction.
    private func membership(studyID: Int64, userID: Int64, _ connection: PostgresConnection) async throws -> StudyMembership? {
        try await connection.fetchOne(
            StudyMembership.self,
            """
            SELECT \(unescaped: StudyMembership.columns) FROM study_membership
            WHERE studyID = \(studyID) AND userID = \(userID)
            """, logger: logger)
    }

    /// Throws `.conflict` when `membership` is the only admin membership of its study.
    private func checkAnotherAdmin(leaving membership: StudyMembership, _ connection: PostgresConnection) async throws {
        guard membership.role == .admin else { return }
        let admins = try await connection.count(
            """
            SELECT userID FROM study_membership
            WHERE studyID = \(membership.studyID) AND role = \(StudyRole.admin.rawValue)
            """, logger: logger)
        if admins <= 1 {
            throw StoreInputChecks.lastAdministrator(studyID: membership.studyID, userID: membership.userID)
        }
    }
}

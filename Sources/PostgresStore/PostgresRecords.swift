import Foundation
import PostgresNIO
import Store

/// The records of the store read from PostgreSQL rows: each type's column list, in the order
/// its `init(row:)` decodes them.
protocol PostgresRecord: Sendable {
    /// The columns to select, comma-separated, in decoding order.
    static var columns: String { get }
    /// Decodes a row selected with ``columns``.
    init(row: PostgresRow) throws
}

extension Study: PostgresRecord {
    static let columns = "id, name, details, createdAt, blindCoding, blindNames, pseudonymisedForCoders"
    init(row: PostgresRow) throws {
        let (id, name, details, createdAt, blindCoding, blindNames, pseudonymisedForCoders) = try row.decode(
            (Int64, String, String, Date, Bool, Bool, Bool).self)
        self.init(
            id: id, name: name, details: details, createdAt: createdAt, blindCoding: blindCoding, blindNames: blindNames,
            pseudonymisedForCoders: pseudonymisedForCoders)
    }
}

extension User: PostgresRecord {
    static let columns = "id, name, email, createdAt"
    init(row: PostgresRow) throws {
        let (id, name, email, createdAt) = try row.decode((Int64, String, String, Date).self)
        self.init(id: id, name: name, email: email, createdAt: createdAt)
    }
}

extension StudyMembership: PostgresRecord {
    static let columns = "studyID, userID, role"
    init(row: PostgresRow) throws {
        let (studyID, userID, raw) = try row.decode((Int64, Int64, String).self)
        guard let role = StudyRole(rawValue: raw) else {
            throw StoreInputChecks.unknownRole(raw, studyID: studyID, userID: userID)
        }
        self.init(studyID: studyID, userID: userID, role: role)
    }
}

extension APIToken: PostgresRecord {
    static let columns = "id, tokenHash, userID, isAdmin, label, createdAt, expiresAt, revokedAt, lastUsedAt"
    init(row: PostgresRow) throws {
        let (id, tokenHash, userID, isAdmin, label, createdAt, expiresAt, revokedAt, lastUsedAt) = try row.decode(
            (Int64, String, Int64, Bool, String, Date, Date?, Date?, Date?).self)
        self.init(
            id: id, tokenHash: tokenHash, userID: userID, isAdmin: isAdmin, label: label, createdAt: createdAt,
            expiresAt: expiresAt, revokedAt: revokedAt, lastUsedAt: lastUsedAt)
    }
}

extension UserAccount: PostgresRecord {
    static let columns = "userID, passwordHash, isAdmin, mustChangePassword, deactivatedAt, lockedUntil, passwordChangedAt"
    init(row: PostgresRow) throws {
        let (userID, passwordHash, isAdmin, mustChange, deactivatedAt, lockedUntil, changedAt) = try row.decode(
            (Int64, String?, Bool, Bool, Date?, Date?, Date?).self)
        self.init(
            userID: userID, passwordHash: passwordHash, isAdmin: isAdmin, mustChangePassword: mustChange,
            deactivatedAt: deactivatedAt, lockedUntil: lockedUntil, passwordChangedAt: changedAt)
    }
}

extension UserSession: PostgresRecord {
    static let columns = "id, secretHash, userID, csrfToken, createdAt, lastSeenAt, expiresAt"
    init(row: PostgresRow) throws {
        let (id, secretHash, userID, csrfToken, createdAt, lastSeenAt, expiresAt) = try row.decode(
            (Int64, String, Int64, String, Date, Date, Date).self)
        self.init(
            id: id, secretHash: secretHash, userID: userID, csrfToken: csrfToken, createdAt: createdAt,
            lastSeenAt: lastSeenAt, expiresAt: expiresAt)
    }
}

extension Job: PostgresRecord {
    static let columns = """
        id, kind, payload, studyID, state, priority, attempts, maxAttempts, runAfter, leaseOwner, leaseExpiresAt,
        progress, error, result, createdAt, updatedAt, startedAt
        """
    init(row: PostgresRow) throws {
        let (
            id, kind, payload, studyID, rawState, priority, attempts, maxAttempts, runAfter, leaseOwner, leaseExpiresAt,
            progress, error, result, createdAt, updatedAt, startedAt
        ) = try row.decode(
            (Int64, String, String, Int64?, String, Int, Int, Int, Date, String?, Date?, Double, String?, String?, Date, Date, Date?)
                .self)
        guard let state = JobState(rawValue: rawState) else {
            throw StoreError(
                .database, "Job \(id) has an unknown state '\(rawState)'; cancel it and queue it again.",
                fr: "La tâche \(id) a un état inconnu « \(rawState) » ; annulez-la et remettez-la en file.")
        }
        self.init(
            id: id, kind: kind, payload: payload, studyID: studyID, state: state, priority: priority, attempts: attempts,
            maxAttempts: maxAttempts, runAfter: runAfter, leaseOwner: leaseOwner, leaseExpiresAt: leaseExpiresAt,
            progress: progress, error: error, result: result, createdAt: createdAt, updatedAt: updatedAt,
            startedAt: startedAt)
    }
}

extension Transcript: PostgresRecord {
    static let columns = "id, recordingID, version, basedOnID, engine, model, language, status, text, createdBy, createdAt"
    init(row: PostgresRow) throws {
        let (id, recordingID, version, basedOnID, engine, model, language, rawStatus, text, createdBy, createdAt) =
            try row.decode((Int64, Int64, Int, Int64?, String, String, String, String, String, Int64?, Date).self)
        guard let status = TranscriptStatus(rawValue: rawStatus) else {
            throw StoreError(
                .database, "Transcript \(id) has an unknown status '\(rawStatus)'; set its status again.",
                fr: "La transcription \(id) a un statut inconnu « \(rawStatus) » ; redéfinissez son statut.")
        }
        self.init(
            id: id, recordingID: recordingID, version: version, basedOnID: basedOnID, engine: engine, model: model,
            language: language, status: status, text: text, createdBy: createdBy, createdAt: createdAt)
    }
}

extension PostgresConnection {
    /// The records `query` selects (it must select `Record.columns`).
    func fetchAll<Record: PostgresRecord>(_ type: Record.Type, _ query: PostgresQuery, logger: Logger) async throws -> [Record] {
        try await self.query(query, logger: logger).collect().map { try Record(row: $0) }
    }

    /// The first record `query` selects, or `nil`.
    func fetchOne<Record: PostgresRecord>(_ type: Record.Type, _ query: PostgresQuery, logger: Logger) async throws -> Record? {
        try await fetchAll(type, query, logger: logger).first
    }

    /// How many rows `query` returns (an `UPDATE`/`DELETE` with `RETURNING` counts what it changed).
    func count(_ query: PostgresQuery, logger: Logger) async throws -> Int {
        try await self.query(query, logger: logger).collect().count
    }
}

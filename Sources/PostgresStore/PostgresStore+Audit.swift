import Foundation
import PostgresNIO
import Store

extension AuditEvent: PostgresRecord {
    static let columns = "id, atMilliseconds, actorID, action, studyID, targetKind, targetID, details, previousHash, hash, clientAddress"
    init(row: PostgresRow) throws {
        let (id, milliseconds, actorID, action, studyID, targetKind, targetID, details, previousHash, hash, clientAddress) =
            try row.decode((Int64, Int64, Int64?, String, Int64?, String, Int64?, String, String, String, String?).self)
        self.init(
            id: id, at: Date(timeIntervalSince1970: Double(milliseconds) / 1000), actorID: actorID, action: action,
            studyID: studyID, targetKind: targetKind, targetID: targetID, details: details, clientAddress: clientAddress,
            previousHash: previousHash, hash: hash)
    }
}

extension PostgresStore: AuditStore {
    /// Appends an event to the hash chain; `details` are encoded as a JSON object.
    ///
    /// The chain's head row is locked for the transaction, so concurrent appends, from any
    /// process, follow one another; the hash is SQLite's (``AuditEvent/sealed(after:)``). The
    /// event records the request's client (``AuditOrigin``).
    public func appendAudit(
        actorID: Int64?, action: String, studyID: Int64?, targetKind: String, targetID: Int64?, details: AuditDetails
    ) async throws -> AuditEvent {
        try await withTransaction { connection in
            try await self.appendAudit(
                actorID: actorID, action: action, studyID: studyID, targetKind: targetKind, targetID: targetID,
                details: details, connection)
        }
    }

    /// Appends an event in the caller's transaction (a write and its event commit together), with
    /// the request's client (``AuditOrigin``, read in the caller's task).
    func appendAudit(
        actorID: Int64?, action: String, studyID: Int64?, targetKind: String, targetID: Int64?, details: AuditDetails,
        _ connection: PostgresConnection
    ) async throws -> AuditEvent {
        let head = try await connection.query(
            "SELECT lastID, lastHash FROM audit_head WHERE singleton = 1 FOR UPDATE", logger: logger
        ).collect().first
        let (lastID, lastHash) = try head?.decode((Int64, String).self) ?? (Int64(0), AuditEvent.genesisHash)
        let event = AuditEvent(
            id: lastID + 1, at: Date(), actorID: actorID, action: action, studyID: studyID, targetKind: targetKind,
            targetID: targetID, details: details.json, clientAddress: AuditOrigin.clientAddress
        ).sealed(after: lastHash)
        try await connection.query(
            """
            INSERT INTO audit_event (\(unescaped: AuditEvent.columns))
            VALUES (\(event.id), \(event.atMilliseconds), \(event.actorID), \(event.action), \(event.studyID),
                \(event.targetKind), \(event.targetID), \(event.details), \(event.previousHash), \(event.hash),
                \(event.clientAddress))
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO audit_head (singleton, lastID, lastHash) VALUES (1, \(event.id), \(event.hash))
            ON CONFLICT (singleton) DO UPDATE SET lastID = excluded.lastID, lastHash = excluded.lastHash
            """, logger: logger)
        return event
    }

    /// Events in order, from `afterID` (exclusive).
    public func auditEvents(afterID: Int64, limit: Int) async throws -> [AuditEvent] {
        try await withConnection { connection in
            try await connection.fetchAll(
                AuditEvent.self,
                """
                SELECT \(unescaped: AuditEvent.columns) FROM audit_event WHERE id > \(afterID) ORDER BY id LIMIT \(max(1, limit))
                """, logger: self.logger)
        }
    }

    /// Recomputes the chain (``AuditChainCheck``, as on SQLite) in one snapshot and reports every
    /// edited, inserted or deleted event, and removal of the newest ones.
    public func verifyAuditLog() async throws -> AuditVerification {
        try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            return try await self.verifyAuditLog(connection)
        }
    }

    /// The chain's verification in the caller's transaction (its snapshot).
    func verifyAuditLog(_ connection: PostgresConnection) async throws -> AuditVerification {
        var chain = AuditChainCheck()
        for try await row in try await connection.query(
            "SELECT \(unescaped: AuditEvent.columns) FROM audit_event ORDER BY id", logger: self.logger)
        {
            chain.check(try AuditEvent(row: row))
        }
        let head = try await connection.query(
            "SELECT lastID, lastHash FROM audit_head WHERE singleton = 1", logger: self.logger
        ).collect().first
        let (headID, headHash) = try head?.decode((Int64, String).self) ?? (Int64(0), AuditEvent.genesisHash)
        return chain.finish(headID: headID, headHash: headHash)
    }
}

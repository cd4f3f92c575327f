import Foundation
import GRDB

extension SQLiteStore {
    /// Appends an event to the hash chain; `details` are encoded as a JSON object.
    ///
    /// Returns once the event is committed; events appended concurrently share one transaction
    /// (``AuditQueue``). The event records the request's client (``AuditOrigin``).
    public func appendAudit(
        actorID: Int64?, action: String, studyID: Int64?, targetKind: String, targetID: Int64?, details: AuditDetails
    ) async throws -> AuditEvent {
        try await auditQueue.append(
            AuditQueue.Entry(
                actorID: actorID, action: action, studyID: studyID, targetKind: targetKind, targetID: targetID,
                details: details, clientAddress: AuditOrigin.clientAddress))
    }

    /// Events in order, from `afterID` (exclusive).
    public func auditEvents(afterID: Int64 = 0, limit: Int = 1000) async throws -> [AuditEvent] {
        try await read { db in
            try AuditEvent.filter(Column("id") > afterID).order(Column("id")).limit(max(1, limit)).fetchAll(db)
        }
    }

    /// Recomputes the chain (``AuditChainCheck``) and reports every edited, inserted or deleted
    /// event, and removal of the newest ones (the `audit_head` row no longer matches). Keep ``AuditVerification/headHash``
    /// outside the database to detect an attacker who also rewrites the head.
    public func verifyAuditLog() async throws -> AuditVerification {
        try await read { db in try Self.verifyAuditLog(db) }
    }

    /// ``verifyAuditLog()`` on a connection (a backup's copy, before it is closed).
    static func verifyAuditLog(_ db: Database) throws -> AuditVerification {
        var chain = AuditChainCheck()
        let cursor = try AuditEvent.order(Column("id")).fetchCursor(db)
        while let event = try cursor.next() { chain.check(event) }
        let head = try Row.fetchOne(db, sql: "SELECT lastID, lastHash FROM audit_head WHERE singleton = 1")
        let headID: Int64 = head?["lastID"] ?? 0
        let headHash: String = head?["lastHash"] ?? AuditEvent.genesisHash
        return chain.finish(headID: headID, headHash: headHash)
    }

    /// Appends an event inside the caller's transaction (so it commits or rolls back with the change it records).
    ///
    /// `clientAddress` is ``AuditOrigin/clientAddress`` read before the transaction: GRDB runs it
    /// on its own queue, where the request's task-local values are not seen.
    static func appendAudit(
        _ db: Database, actorID: Int64?, action: String, studyID: Int64?, targetKind: String, targetID: Int64?,
        details: AuditDetails, clientAddress: String?
    ) throws -> AuditEvent {
        let head = try Row.fetchOne(db, sql: "SELECT lastID, lastHash FROM audit_head WHERE singleton = 1")
        let lastID: Int64 = head?["lastID"] ?? 0
        let lastHash: String = head?["lastHash"] ?? AuditEvent.genesisHash
        let event = AuditEvent(
            id: lastID + 1, at: Date(), actorID: actorID, action: action, studyID: studyID, targetKind: targetKind,
            targetID: targetID, details: details.json, clientAddress: clientAddress
        ).sealed(after: lastHash)
        try event.insert(db)
        try db.execute(
            sql: """
                INSERT INTO audit_head (singleton, lastID, lastHash) VALUES (1, ?, ?)
                ON CONFLICT (singleton) DO UPDATE SET lastID = excluded.lastID, lastHash = excluded.lastHash
                """, arguments: [event.id, event.hash])
        return event
    }
}

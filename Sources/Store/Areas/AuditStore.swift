import Foundation

/// The hash-chained, append-only audit log.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol AuditStore: Sendable {
    /// Appends an event to the hash chain; `details` are encoded as a JSON object.
    func appendAudit(
        actorID: Int64?, action: String, studyID: Int64?, targetKind: String, targetID: Int64?,
        details: AuditDetails
    ) async throws -> AuditEvent
    /// Events in order, from `afterID` (exclusive).
    func auditEvents(afterID: Int64, limit: Int) async throws -> [AuditEvent]
    /// Recomputes the chain and reports every edited, inserted or deleted event.
    func verifyAuditLog() async throws -> AuditVerification
}

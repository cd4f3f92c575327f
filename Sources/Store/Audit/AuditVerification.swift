import Foundation

/// Result of ``Store/verifyAuditLog()``.
public struct AuditVerification: Sendable, Hashable, Codable {
    /// Events checked.
    public var eventCount: Int
    /// Hash of the last event: keep it elsewhere to detect removal of the newest events too.
    public var headHash: String
    /// Problems found, empty when the chain is intact.
    public var problems: [String]
    /// Whether the chain is intact.
    public var isIntact: Bool { problems.isEmpty }
}

import Foundation

/// The check of the audit chain that every backend runs: fed the events in id order, it reports
/// every edited, inserted or deleted event, then compares the end of the chain with the head the
/// store keeps.
///
/// Detects: a changed field (hash mismatch), a deleted or inserted event (gap in ids, or
/// `previousHash` not the previous event's hash), and removal of the newest events (the head no
/// longer matches the last event).
public struct AuditChainCheck: Sendable {
    private var problems: [String] = []
    private var previousHash = AuditEvent.genesisHash
    private var expectedID: Int64 = 1
    private var count = 0

    /// A check that has seen no event yet.
    public init() {}

    /// Checks the next event, in id order.
    public mutating func check(_ event: AuditEvent) {
        count += 1
        if event.id != expectedID {
            problems.append("Events \(expectedID)..<\(event.id) are missing (deleted).")
        }
        if event.previousHash != previousHash {
            problems.append("Event \(event.id) does not follow the previous event: the chain was broken before it.")
        }
        if Hashing.sha256Hex(event.canonicalBytes) != event.hash {
            problems.append("Event \(event.id) (\(event.action)) was edited: its content no longer matches its hash.")
        }
        previousHash = event.hash
        expectedID = event.id + 1
    }

    /// The report, given the head the store recorded (id 0 and the genesis hash when none).
    public func finish(headID: Int64, headHash: String) -> AuditVerification {
        var problems = problems
        if headID != expectedID - 1 || headHash != previousHash {
            problems.append(
                "The log ends at event \(expectedID - 1) but the head records event \(headID): the newest events were removed or the head was altered."
            )
        }
        return AuditVerification(eventCount: count, headHash: previousHash, problems: problems)
    }
}

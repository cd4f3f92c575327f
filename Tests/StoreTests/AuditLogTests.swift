import Foundation
import Testing

@testable import Store

@Suite struct AuditLogTests {
    func storeWithEvents(_ count: Int) async throws -> TemporaryStore {
        let temporary = try TemporaryStore()
        for index in 1...count {
            _ = try await temporary.store.appendAudit(
                actorID: Int64(index % 3), action: "transcript.read", studyID: 1, targetKind: "transcript",
                targetID: Int64(index), details: ["n": .int(Int64(index))])
        }
        return temporary
    }

    @Test func chainIsIntactAndLinked() async throws {
        let temporary = try await storeWithEvents(5)
        defer { temporary.cleanUp() }
        let verification = try await temporary.store.verifyAuditLog()
        #expect(verification.isIntact, "\(verification.problems)")
        #expect(verification.eventCount == 5)
        let events = try await temporary.store.auditEvents(afterID: 0, limit: 100)
        #expect(events.map(\.id) == [1, 2, 3, 4, 5])
        #expect(events[0].previousHash == AuditEvent.genesisHash)
        for (previous, next) in zip(events, events.dropFirst()) { #expect(next.previousHash == previous.hash) }
        #expect(verification.headHash == events[4].hash)
        #expect(Set(events.map(\.hash)).count == 5)
    }

    @Test func appendOnlyTriggersRefuseUpdatesAndDeletes() async throws {
        let temporary = try await storeWithEvents(2)
        defer { temporary.cleanUp() }
        await #expect(throws: (any Error).self) { try await temporary.store.executeRaw("UPDATE audit_event SET details = 'x'") }
        await #expect(throws: (any Error).self) { try await temporary.store.executeRaw("DELETE FROM audit_event WHERE id = 1") }
        #expect(try await temporary.store.verifyAuditLog().isIntact)
    }

    /// An attacker with the file drops the triggers and rewrites history: each kind of tampering is reported.
    @Test(arguments: [
        ("UPDATE audit_event SET details = '{\"n\":99}' WHERE id = 3", "edited"),
        ("UPDATE audit_event SET actorID = 7 WHERE id = 1", "edited"),
        ("UPDATE audit_event SET atMilliseconds = atMilliseconds + 1 WHERE id = 2", "edited"),
        ("DELETE FROM audit_event WHERE id = 3", "missing"),
        ("DELETE FROM audit_event WHERE id = 1", "missing"),
        ("DELETE FROM audit_event WHERE id = 5", "newest events were removed"),
    ])
    func tamperingIsDetected(sql: String, expected: String) async throws {
        let temporary = try await storeWithEvents(5)
        defer { temporary.cleanUp() }
        try await temporary.store.executeRaw(
            "DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete; \(sql)")
        let verification = try await temporary.store.verifyAuditLog()
        #expect(!verification.isIntact)
        #expect(verification.problems.contains { $0.contains(expected) }, "\(verification.problems)")
    }

    @Test func rehashedEditStillBreaksTheChain() async throws {
        // Editing event 2 and recomputing its hash breaks the link from event 3.
        let temporary = try await storeWithEvents(4)
        defer { temporary.cleanUp() }
        var events = try await temporary.store.auditEvents(afterID: 0, limit: 10)
        var forged = events[1]
        forged.details = "{\"n\":0}"
        forged = forged.sealed(after: forged.previousHash)
        try await temporary.store.executeRaw(
            "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET details = '{\"n\":0}', hash = '\(forged.hash)' WHERE id = 2")
        events = try await temporary.store.auditEvents(afterID: 0, limit: 10)
        #expect(events[1].hash == forged.hash)
        let verification = try await temporary.store.verifyAuditLog()
        #expect(verification.problems.contains { $0.contains("Event 3 does not follow") }, "\(verification.problems)")
    }
}

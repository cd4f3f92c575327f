import Foundation
@testable import Store
import Testing

@testable import PostgresStore

/// The hash-chained audit log on both backends: the same chain and hashes, append-only in the
/// database, and an edit made behind the store's back (triggers disabled) found by verification.
@Suite("Store contract: audit log")
struct AuditContractTests {
    @Test(arguments: StoreBackend.allCases)
    func eventsFormOneChainEvenWhenAppendedAtOnce(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        #expect(try await store.verifyAuditLog() == AuditVerification(eventCount: 0, headHash: AuditEvent.genesisHash, problems: []))
        let first = try await store.appendAudit(
            actorID: 7, action: "participant.erase", studyID: 3, targetKind: "participant", targetID: 14,
            details: ["reason": .string("request")])
        #expect(first.id == 1 && first.previousHash == AuditEvent.genesisHash)
        #expect(first.details == #"{"reason":"request"}"#)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<20 {
                group.addTask {
                    _ = try await store.appendAudit(
                        actorID: nil, action: "transcript.read", studyID: 3, targetKind: "transcript", targetID: Int64(n),
                        details: [:])
                }
            }
            try await group.waitForAll()
        }
        let events = try await store.auditEvents(afterID: 0, limit: 100)
        #expect(events.map(\.id) == Array(1...21))
        for (previous, event) in zip(events, events.dropFirst()) {
            #expect(event.previousHash == previous.hash, "event \(event.id) follows \(previous.id)")
        }
        #expect(events.allSatisfy { $0.hash == Hashing.sha256Hex($0.canonicalBytes) }, "SQLite's hash, recomputed from what was read")
        #expect(Set(events.dropFirst().compactMap(\.targetID)) == Set(0..<20))
        #expect(events[0] == first, "read back as appended, at millisecond precision")
        #expect(try await store.auditEvents(afterID: 3, limit: 2).map(\.id) == [4, 5])
        let verification = try await store.verifyAuditLog()
        #expect(verification.isIntact && verification.eventCount == 21 && verification.headHash == events.last?.hash)
    }

    @Test(arguments: StoreBackend.allCases)
    func theLogIsAppendOnlyAndAnEditBehindTheStoresBackIsFound(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        for n in 1...4 {
            _ = try await store.appendAudit(
                actorID: 1, action: "recording.read", studyID: 1, targetKind: "recording", targetID: Int64(n), details: [:])
        }
        await #expect(throws: (any Error).self, "UPDATE is refused by the database") {
            try await opened.execute("UPDATE audit_event SET details = '{}' WHERE id = 2", false)
        }
        await #expect(throws: (any Error).self, "DELETE is refused by the database") {
            try await opened.execute("DELETE FROM audit_event WHERE id = 4", false)
        }
        #expect(try await store.verifyAuditLog().isIntact)

        try await opened.execute(#"UPDATE audit_event SET details = '{"forged":true}' WHERE id = 2"#, true)
        let edited = try await store.verifyAuditLog()
        #expect(!edited.isIntact)
        #expect(edited.problems == ["Event 2 (recording.read) was edited: its content no longer matches its hash."])

        try await opened.execute("DELETE FROM audit_event WHERE id = 4", true)
        let truncated = try await store.verifyAuditLog()
        #expect(truncated.eventCount == 3)
        #expect(truncated.problems.contains { $0.hasPrefix("The log ends at event 3 but the head records event 4") })
    }
}

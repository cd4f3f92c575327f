import Foundation
@testable import Store
import Testing

@testable import PostgresStore

/// The request's client on audit events (``AuditOrigin``) on both backends: stored in the
/// `clientAddress` column, hashed into the chain, and an edit of it found by verification.
@Suite("Store contract: the client's address in the audit log")
struct AuditClientAddressContractTests {
    @Test(arguments: StoreBackend.allCases)
    func eventsWrittenForARequestCarryItsClient(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let study = try await store.createStudy(name: "S", details: "")
        let participant = try await store.createParticipant(studyID: study.id!, pseudonym: "P-001")
        let before = try await store.appendAudit(
            actorID: nil, action: "study.create", studyID: study.id, targetKind: "study", targetID: study.id, details: [:])
        let (read, erasure) = try await AuditOrigin.$clientAddress.withValue("2001:db8::7") {
            let read = try await store.appendAudit(
                actorID: 3, action: "participant.read", studyID: study.id, targetKind: "participant", targetID: participant.id,
                details: [:])
            let erasure = try await store.eraseParticipant(participant.id!, actorID: 3, reason: "withdrawn")
            return (read, erasure)
        }
        #expect(before.clientAddress == nil && read.clientAddress == "2001:db8::7")
        let events = try await store.auditEvents(afterID: 0, limit: 10)
        #expect(events.map(\.id) == [before.id, read.id, erasure.auditEventID])
        #expect(events.map(\.clientAddress) == [nil, "2001:db8::7", "2001:db8::7"])
        #expect(events[1] == read, "read back as appended")
        #expect(events.allSatisfy { $0.hash == Hashing.sha256Hex($0.canonicalBytes) })
        #expect(try await store.verifyAuditLog().isIntact)

        try await opened.execute("UPDATE audit_event SET clientAddress = '203.0.113.9' WHERE id = \(read.id)", true)
        #expect(
            try await store.verifyAuditLog().problems
                == ["Event \(read.id) (participant.read) was edited: its content no longer matches its hash."])
    }
}

import Foundation
import GRDB
import Testing

@testable import Store

/// The client's address on audit events (``AuditOrigin``): recorded inside the hash chain for new
/// events, while a log written before the upgrade that added it still verifies.
@Suite struct AuditClientAddressTests {
    /// The hash an event had before addresses were recorded, computed here from the documented
    /// layout (`verbatim-audit-v1`, then each field as `length:value`), not by the store.
    static func versionOneHash(_ fields: [String]) -> String {
        var text = "verbatim-audit-v1\n"
        for field in fields { text += "\(field.utf8.count):\(field)\n" }
        return Hashing.sha256Hex(Array(text.utf8))
    }

    @Test("a log from before the upgrade verifies, and new events carry the request's client in the chain")
    func upgradeKeepsOldEventsValidAndNewOnesCarryTheAddress() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let path = temporary.folder.appendingPathComponent("old.sqlite").path
        // A store as the previous version left it: migrated up to v8-study-keys, two events chained by the old rule.
        let old = try DatabasePool(path: path)
        try StoreMigrations.migrator.migrate(old, upTo: "v8-study-keys")
        let first = Self.versionOneHash(["1", "1764900000000", "3", "transcript.read", "2", "transcript", "9", "{}", AuditEvent.genesisHash])
        let second = Self.versionOneHash(["2", "1764900001000", "-", "study.create", "-", "study", "-", #"{"n":1}"#, first])
        try await old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_event (id, atMilliseconds, actorID, action, studyID, targetKind, targetID, details, previousHash, hash)
                    VALUES (1, 1764900000000, 3, 'transcript.read', 2, 'transcript', 9, '{}', ?, ?),
                           (2, 1764900001000, NULL, 'study.create', NULL, 'study', NULL, '{"n":1}', ?, ?);
                    INSERT INTO audit_head (singleton, lastID, lastHash) VALUES (1, 2, ?);
                    """, arguments: [AuditEvent.genesisHash, first, first, second, second])
        }
        try old.close()

        let store = try SQLiteStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path + ".before-upgrade-from-v8-study-keys"), "backed up before migrating")
        #expect(try await store.verifyAuditLog() == AuditVerification(eventCount: 2, headHash: second, problems: []))

        let study = try await store.createStudy(name: "S", details: "")
        let participant = try await store.createParticipant(studyID: study.id!, pseudonym: "P-001")
        let (read, erasure) = try await AuditOrigin.$clientAddress.withValue("198.51.100.7") {
            let read = try await store.appendAudit(
                actorID: 3, action: "participant.read", studyID: study.id, targetKind: "participant", targetID: participant.id,
                details: [:])
            // Erasure writes its event inside its own transaction, on GRDB's queue.
            let erasure = try await store.eraseParticipant(participant.id!, actorID: 3, reason: "withdrawn")
            return (read, erasure)
        }
        let outside = try await store.appendAudit(actorID: nil, action: "backup", studyID: nil, targetKind: "store", targetID: nil, details: [:])
        #expect(read.clientAddress == "198.51.100.7" && outside.clientAddress == nil)
        let events = try await store.auditEvents(afterID: 2, limit: 10)
        #expect(events.map(\.clientAddress) == ["198.51.100.7", "198.51.100.7", nil])
        #expect(events.map(\.id) == [3, erasure.auditEventID, outside.id])
        #expect(events[0] == read, "read back as appended")
        // The address is hashed: the same event without it has another hash.
        var stripped = read
        stripped.clientAddress = nil
        #expect(stripped.sealed(after: read.previousHash).hash != read.hash)
        #expect(try await store.verifyAuditLog().isIntact)

        // Changing or removing an address behind the store's back is found.
        try await store.executeRaw(
            "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET clientAddress = '203.0.113.9' WHERE id = 3")
        #expect(try await store.verifyAuditLog().problems == ["Event 3 (participant.read) was edited: its content no longer matches its hash."])
        try await store.executeRaw("UPDATE audit_event SET clientAddress = NULL WHERE id = 3")
        #expect(try await store.verifyAuditLog().problems == ["Event 3 (participant.read) was edited: its content no longer matches its hash."])
        try await store.executeRaw("UPDATE audit_event SET clientAddress = '198.51.100.7' WHERE id = 3")
        try await store.executeRaw("UPDATE audit_event SET clientAddress = '198.51.100.7' WHERE id = 1")
        #expect(try await store.verifyAuditLog().problems == ["Event 1 (transcript.read) was edited: its content no longer matches its hash."])
    }
}

import Foundation
import GRDB
import Testing

@testable import Store

/// Audited reads from many requests at once: their events share write transactions, every caller
/// gets its own committed event, and one refused event fails only its own caller.
@Suite struct AuditGroupCommitTests {
    /// Counts the transactions committed on the store's pool.
    final class CommitCounter: TransactionObserver, @unchecked Sendable {
        private let lock = NSLock()
        private var commits = 0
        var count: Int { lock.withLock { commits } }
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { lock.withLock { commits += 1 } }
        func databaseDidRollback(_ db: Database) {}
    }

    func appendConcurrently(_ store: SQLiteStore, actions: [String]) async -> [Result<AuditEvent, any Error>] {
        await withTaskGroup(of: (Int, Result<AuditEvent, any Error>).self) { group in
            for (index, action) in actions.enumerated() {
                group.addTask {
                    do {
                        let event = try await store.appendAudit(
                            actorID: Int64(index), action: action, studyID: 1, targetKind: "transcript", targetID: Int64(index),
                            details: ["n": .int(Int64(index))])
                        return (index, .success(event))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<AuditEvent, any Error>?](repeating: nil, count: actions.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }

    @Test func concurrentAppendsShareTransactions() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let counter = CommitCounter()
        temporary.store.pool.add(transactionObserver: counter, extent: .databaseLifetime)
        let results = await appendConcurrently(temporary.store, actions: Array(repeating: "transcript.read", count: 400))
        let events = try results.map { try $0.get() }
        // Each caller got a distinct committed event, the one the log holds.
        #expect(Set(events.map(\.id)) == Set(1...400))
        let stored = try await temporary.store.auditEvents(afterID: 0, limit: 1000)
        #expect(stored.count == 400)
        for event in events { #expect(stored[Int(event.id) - 1] == event) }
        #expect(try await temporary.store.verifyAuditLog().isIntact)
        // One transaction an event before group commit; far fewer now.
        #expect(counter.count < 200, "\(counter.count) transactions for 400 events")
    }

    @Test func refusedEventFailsOnlyItsCaller() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        try await temporary.store.executeRaw(
            """
            CREATE TRIGGER refuse_test_event BEFORE INSERT ON audit_event WHEN NEW.action = 'refused'
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
            """)
        var actions = Array(repeating: "transcript.read", count: 120)
        actions[60] = "refused"
        let results = await appendConcurrently(temporary.store, actions: actions)
        for (index, result) in results.enumerated() {
            if index == 60 {
                #expect(throws: StoreError.self) { try result.get() }
            } else {
                #expect(throws: Never.self) { try result.get() }
            }
        }
        #expect(try await temporary.store.verifyAuditLog().eventCount == 119)
        #expect(try await temporary.store.verifyAuditLog().isIntact)
    }
}

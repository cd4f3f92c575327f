import Foundation
import GRDB
import Testing

@testable import Store

/// Password accounts, sessions and lock-out in the store: each change is one transaction.
@Suite struct AccountStoreTests {
    static let bcrypt = "$2b$04$abcdefghijklmnopqrstuuJ1iC0b4uU5m2ZQJ4o3m1ZQF8wW2a6u."
    static func hash(_ n: Int) -> String { Hashing.sha256Hex(Array("secret-\(n)".utf8)) }

    static func session(_ n: Int, user: Int64, at date: Date) -> UserSession {
        UserSession(
            secretHash: hash(n), userID: user, csrfToken: "csrf-\(n)", createdAt: date, lastSeenAt: date,
            expiresAt: date.addingTimeInterval(7 * 86_400))
    }

    @Test func fiveFailuresWithinTheWindowLockTheAccount() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let user = try await store.createUser(name: "Alice", email: "alice@example.org")
        let id = try #require(user.id)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func fail(_ minutes: Double) async throws -> Date? {
            try await store.recordSignInFailure(userID: id, at: start.addingTimeInterval(minutes * 60), window: 900, limit: 5, lockFor: 900)
        }
        // Two failures long ago leave the window before the next four.
        #expect(try await fail(0) == nil)
        #expect(try await fail(1) == nil)
        for minute in [20.0, 21, 22, 23] { #expect(try await fail(minute) == nil) }
        let until = try #require(try await fail(30), "the fifth failure within 15 minutes locks")
        #expect(until == start.addingTimeInterval(45 * 60))
        #expect(try await store.account(userID: id).isLocked(at: start.addingTimeInterval(44 * 60)))
        #expect(try await store.account(userID: id).isLocked(at: start.addingTimeInterval(45 * 60)) == false)
        // The failures were forgotten with the lock: one more does not lock again.
        #expect(try await fail(46) == nil)
        await #expect(throws: StoreError.self) { try await store.recordSignInFailure(userID: 999, at: start, window: 900, limit: 5, lockFor: 900) }
    }

    @Test func deactivationEndsSessionsAndRevokesTokensTogether() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let id = try #require(try await store.createUser(name: "Alice", email: "alice@example.org").id)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await store.addSession(Self.session(1, user: id, at: now))
        _ = try await store.addToken(APIToken(tokenHash: Self.hash(2), userID: id, isAdmin: false, createdAt: now))
        let account = try await store.setActive(userID: id, false, at: now)
        #expect(account.deactivatedAt == now && !account.isActive)
        #expect(try await store.sessionHolder(hash: Self.hash(1)) == nil)
        #expect(try await store.tokens(userID: id).allSatisfy { $0.revokedAt == now })
        let back = try await store.setActive(userID: id, true, at: now)
        #expect(back.isActive)
        #expect(try await store.tokens(userID: id).allSatisfy { $0.status(at: now) == .revoked }, "reactivation does not revive tokens")
    }

    @Test func settingAPasswordKeepsOnlyTheNamedSessionAndLiftsTheLock() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let id = try #require(try await store.createUser(name: "Alice", email: "alice@example.org").id)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let kept = try await store.addSession(Self.session(1, user: id, at: now))
        _ = try await store.addSession(Self.session(2, user: id, at: now))
        for _ in 0..<5 { _ = try await store.recordSignInFailure(userID: id, at: now, window: 900, limit: 5, lockFor: 900) }
        #expect(try await store.account(userID: id).isLocked(at: now))

        try await store.setPassword(userID: id, hash: Self.bcrypt, mustChange: true, at: now, keepingSession: kept.id)
        let account = try await store.account(userID: id)
        #expect(account.passwordHash == Self.bcrypt && account.mustChangePassword && account.lockedUntil == nil)
        #expect(try await store.sessionHolder(hash: Self.hash(1)) != nil)
        #expect(try await store.sessionHolder(hash: Self.hash(2)) == nil)
        await #expect(throws: StoreError.self, "a plain password is refused") {
            try await store.setPassword(userID: id, hash: "correct horse battery", mustChange: false, at: now, keepingSession: nil)
        }
    }

    @Test func aUserAndTheirAccountAreStoredTogetherOrNotAtAll() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let made = try await store.createUser(
            name: "Alice", email: "alice@example.org", account: UserAccount(userID: 0, passwordHash: Self.bcrypt, isAdmin: true))
        #expect(try await store.account(userID: made.id!).isAdmin)
        await #expect(throws: StoreError.self) {
            try await store.createUser(name: "Twin", email: "ALICE@example.org", account: UserAccount(userID: 0, isAdmin: true))
        }
        #expect(try await store.users().count == 1)
        let accounts = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user_account") }
        #expect(accounts == 1)
    }

    @Test func holdersOfAnActiveAdminTokenBecomeAdministratorsOnMigration() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        do {
            // A store as version 5 left it: two users with admin tokens, one of them revoked.
            let queue = try DatabaseQueue(path: path)
            try StoreMigrations.migrator.migrate(queue, upTo: "v5-api-tokens")
            try await queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO app_user (id, name, email, createdAt) VALUES (1, 'Ada', 'ada@example.org', '2026-01-01'),
                            (2, 'Bob', 'bob@example.org', '2026-01-01'), (3, 'Cy', 'cy@example.org', '2026-01-01');
                        INSERT INTO api_token (tokenHash, userID, isAdmin, createdAt, revokedAt) VALUES
                            ('\(Self.hash(1))', 1, 1, '2026-01-01', NULL), ('\(Self.hash(2))', 2, 1, '2026-01-01', '2026-02-01'),
                            ('\(Self.hash(3))', 3, 0, '2026-01-01', NULL);
                        """)
            }
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.account(userID: 1).isAdmin)
        #expect(try await store.account(userID: 2).isAdmin == false)
        #expect(try await store.account(userID: 3).isAdmin == false)
    }
}

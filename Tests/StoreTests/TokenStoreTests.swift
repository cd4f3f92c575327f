import Foundation
import Testing

@testable import Store

/// The store's API tokens: issue, look up, list, revoke one, revoke all; and the last study admin.
@Suite struct TokenStoreTests {
    static func hash(_ n: Int) -> String { Hashing.sha256Hex(Array("token-\(n)".utf8)) }

    @Test func tokensAreIssuedLookedUpListedAndRevoked() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let alice = try await store.createUser(name: "Alice", email: "alice@example.org")
        let bruno = try await store.createUser(name: "Bruno", email: "bruno@example.org")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try await store.addToken(
            APIToken(tokenHash: Self.hash(1), userID: alice.id!, isAdmin: true, label: "bootstrap", createdAt: now))
        let second = try await store.addToken(
            APIToken(tokenHash: Self.hash(2), userID: alice.id!, isAdmin: false, createdAt: now, expiresAt: now.addingTimeInterval(3600)))
        let brunos = try await store.addToken(APIToken(tokenHash: Self.hash(3), userID: bruno.id!, isAdmin: false, createdAt: now))
        #expect(first.id != nil && second.id != nil && first.id != second.id)

        let holder = try #require(try await store.tokenHolder(hash: Self.hash(1)))
        #expect(holder.user.name == "Alice" && holder.token.isAdmin && holder.token.label == "bootstrap")
        #expect(try await store.tokenHolder(hash: Self.hash(9)) == nil)
        #expect(try await store.tokens(userID: alice.id!).map(\.id) == [second.id, first.id])

        // Status: expiry, then revocation.
        #expect(second.status(at: now) == .active)
        #expect(second.status(at: now.addingTimeInterval(3600)) == .expired)
        #expect(first.status(at: now.addingTimeInterval(1e9)) == .active)

        // One user's token is not another's to revoke.
        await #expect(throws: StoreError.self) { _ = try await store.revokeToken(id: brunos.id!, userID: alice.id!, at: now) }
        let revoked = try await store.revokeToken(id: second.id!, userID: alice.id!, at: now.addingTimeInterval(10))
        #expect(revoked.status(at: now) == .revoked)
        let again = try await store.revokeToken(id: second.id!, userID: alice.id!, at: now.addingTimeInterval(99))
        #expect(again.revokedAt == revoked.revokedAt)
        #expect(try await store.tokenHolder(hash: Self.hash(2))?.token.revokedAt == revoked.revokedAt)

        // Revoking all counts only the tokens not revoked yet, and leaves other users alone.
        #expect(try await store.revokeTokens(userID: alice.id!, at: now.addingTimeInterval(20)) == 1)
        #expect(try await store.tokens(userID: alice.id!).allSatisfy { $0.status(at: now) == .revoked })
        #expect(try await store.tokenHolder(hash: Self.hash(3))?.token.status(at: now) == .active)

        try await store.markTokenUsed(id: brunos.id!, at: now.addingTimeInterval(30))
        #expect(try await store.tokenHolder(hash: Self.hash(3))?.token.lastUsedAt == now.addingTimeInterval(30))
    }

    @Test func badTokensAreRefused() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let alice = try await store.createUser(name: "Alice", email: "alice@example.org")
        _ = try await store.addToken(APIToken(tokenHash: Self.hash(1), userID: alice.id!, isAdmin: false))
        do {
            _ = try await store.addToken(APIToken(tokenHash: Self.hash(1), userID: alice.id!, isAdmin: false))
            Issue.record("a hash was stored twice")
        } catch let error as StoreError {
            #expect(error.kind == .conflict)
        }
        do {
            _ = try await store.addToken(APIToken(tokenHash: "vbt_secret-itself", userID: alice.id!, isAdmin: false))
            Issue.record("a token that is not a hash was stored")
        } catch let error as StoreError {
            #expect(error.kind == .invalidInput)
        }
        do {
            _ = try await store.addToken(APIToken(tokenHash: Self.hash(2), userID: 999, isAdmin: false))
            Issue.record("a token of a missing user was stored")
        } catch let error as StoreError {
            #expect(error.kind == .notFound)
        }
    }

    @Test func aStudyKeepsItsLastAdministrator() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let study = try await store.createStudy(name: "S", details: "")
        let alice = try await store.createUser(name: "Alice", email: "alice@example.org")
        let bruno = try await store.createUser(name: "Bruno", email: "bruno@example.org")
        try await store.setMembership(studyID: study.id!, userID: alice.id!, role: .admin)
        try await store.setMembership(studyID: study.id!, userID: bruno.id!, role: .coder)
        for change in [
            { try await store.removeMembership(studyID: study.id!, userID: alice.id!) },
            { try await store.setMembership(studyID: study.id!, userID: alice.id!, role: .researcher) },
        ] as [@Sendable () async throws -> Void] {
            do {
                try await change()
                Issue.record("the last administrator was removed or demoted")
            } catch let error as StoreError {
                #expect(error.kind == .conflict)
                #expect(error.message.contains("last administrator"))
            }
        }
        try await store.removeMembership(studyID: study.id!, userID: bruno.id!)
        try await store.setMembership(studyID: study.id!, userID: bruno.id!, role: .admin)
        try await store.removeMembership(studyID: study.id!, userID: alice.id!)
        #expect(try await store.memberships(studyID: study.id!).map(\.userID) == [bruno.id!])
    }
}

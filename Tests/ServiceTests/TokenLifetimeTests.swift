import Foundation
import Service
import Store
import Testing

/// Tokens live in the store: expiry, revocation by another connection to the store, and the
/// one-time move of an older installation's `tokens.json`.
@Suite("Token lifetime and storage")
struct TokenLifetimeTests {
    @Test func anExpiredTokenIsRefused() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let user = try await server.createUser("Expiring")
        // Issued two minutes ago for one minute.
        let issued = try await server.backend.tokens.issue(
            userID: user.id, isAdmin: false, label: "short", lifetime: .seconds(60), actorID: nil, now: Date().addingTimeInterval(-120))
        let refused = try await server.send("GET", "/me", token: issued.secret)
        #expect(refused.status == 401)
        #expect(refused.errorCode == "token_expired")
        #expect(refused.text.contains("expired"))
        let fresh = try await server.backend.tokens.issue(userID: user.id, isAdmin: false, lifetime: .seconds(60), actorID: nil)
        #expect(try await server.send("GET", "/me", token: fresh.secret).status == 200)
        // The request recorded the token's use.
        let used = try #require(try await server.store.tokenHolder(hash: fresh.record.tokenHash)?.token.lastUsedAt)
        #expect(abs(used.timeIntervalSinceNow) < 60)
        let tooLong = try await server.send("POST", "/me/tokens", token: user.token, json: ["expiresInDays": 1000])
        #expect(tooLong.status == 400)
    }

    @Test func aTokenRevokedThroughAnotherConnectionToTheStoreFailsAtOnce() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let user = try await server.createUser("Remote")
        #expect(try await server.send("GET", "/me", token: user.token).status == 200)
        let other = try SQLiteStore(path: server.backend.configuration.databaseURL.path)
        #expect(try await other.revokeTokens(userID: user.id, at: Date()) == 1)
        let refused = try await server.send("GET", "/me", token: user.token)
        #expect(refused.status == 401)
        #expect(refused.errorCode == "token_revoked")
    }

    @Test func tokensOfAnOldTokenFileKeepWorkingOnceMovedIntoTheStore() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let old = try await server.store.createUser(name: "Old timer", email: "old@example.org")
        let secret = "vbt_" + String(repeating: "ab", count: 32)
        let adminSecret = "vbt_" + String(repeating: "cd", count: 32)
        // The file as TokenRegistry wrote it before tokens moved into the store.
        let file = """
            [
              {"createdAt": "2025-03-01T09:00:00Z", "isAdmin": false, "tokenHash": "\(Hashing.sha256Hex(Array(secret.utf8)))", "userID": \(old.id!)},
              {"createdAt": "2025-03-02T09:00:00Z", "isAdmin": true, "tokenHash": "\(Hashing.sha256Hex(Array(adminSecret.utf8)))", "userID": \(old.id!)}
            ]
            """
        let tokensURL = server.backend.configuration.tokensURL
        try Data(file.utf8).write(to: tokensURL)
        #expect(try await server.send("GET", "/me", token: secret).status == 401)

        try await server.backend.migrateTokenFile()
        let me = try await server.send("GET", "/me", token: secret)
        #expect(me.status == 200, "\(me.text)")
        #expect(me.text.contains("\"isAdmin\":false") && me.text.contains("Old timer"))
        #expect(try await server.send("GET", "/me", token: adminSecret).text.contains("\"isAdmin\":true"))
        #expect(!FileManager.default.fileExists(atPath: tokensURL.path))
        #expect(FileManager.default.fileExists(atPath: tokensURL.path + ".migrated"))
        // Once only: a second start finds no file and moves nothing.
        #expect(try await TokenFileMigration(file: tokensURL).run(into: server.store, logger: server.backend.logger) == 0)
        #expect(try await server.store.tokens(userID: old.id!).count == 2)

        // A moved token is revocable like any other.
        let listed = try await server.store.tokens(userID: old.id!)
        let moved = try #require(listed.first { !$0.isAdmin })
        #expect(moved.expiresAt == nil && moved.label == "tokens.json")
        #expect(try await server.send("DELETE", "/me/tokens/\(moved.id!)", token: secret).status == 200)
        #expect(try await server.send("GET", "/me", token: secret).errorCode == "token_revoked")
    }
}

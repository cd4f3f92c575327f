import Foundation
import Service
import Store
import Testing

/// Revoking API tokens through the API and the command line: the very next request is refused.
@Suite("Token revocation")
struct TokenRevocationTests {
    /// What `POST /me/tokens` answers.
    struct Issued: Decodable {
        var token: String
        var info: Info
    }

    /// A token's metadata as the API lists it.
    struct Info: Decodable {
        var id: Int64
        var label: String
        var isAdmin: Bool
        var status: String
        var current: Bool
        var expiresAt: Date?
        var revokedAt: Date?
    }

    /// A media link (for the pages' players, which cannot send a header) dies with the API token
    /// it was issued under, not 15 minutes later.
    @Test func aMediaLinkStopsWithTheTokenItWasIssuedUnder() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let coder = try #require(fixture.tokens["coder"])
        let tablet: Issued = try await server.send("POST", "/me/tokens", token: coder, json: ["label": "tablet"]).json()
        struct Link: Decodable { var url: String }
        let link: Link = try await server.send("POST", "/recordings/\(fixture.recordingID)/media-token", token: tablet.token).json()
        let other: Link = try await server.send("POST", "/recordings/\(fixture.recordingID)/media-token", token: coder).json()
        #expect(try await server.send("GET", link.url, headers: ["Range": "bytes=0-99"]).status == 206)

        #expect(try await server.send("DELETE", "/me/tokens/\(tablet.info.id)", token: coder).status == 200)
        let refused = try await server.send("GET", link.url, headers: ["Range": "bytes=0-99"])
        #expect(refused.status == 401 && refused.errorCode == "invalid_media_token", "\(refused.text)")
        // A link issued under the coder's other token still plays.
        #expect(try await server.send("GET", other.url, headers: ["Range": "bytes=0-99"]).status == 206)
    }

    @Test func aTokenRevokedThroughTheAPIFailsOnTheNextRequest() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let camille = try await server.createUser("Camille")
        let made = try await server.send("POST", "/me/tokens", token: camille.token, json: ["label": "laptop"])
        #expect(made.status == 201, "\(made.text)")
        let laptop: Issued = try made.json()
        #expect(laptop.token.hasPrefix("vbt_") && laptop.token != camille.token)
        #expect(laptop.info.label == "laptop" && !laptop.info.isAdmin)
        // The default lifetime: 90 days.
        let expiry = try #require(laptop.info.expiresAt)
        #expect(abs(expiry.timeIntervalSinceNow - 90 * 86_400) < 120)
        #expect(try await server.send("GET", "/me", token: laptop.token).status == 200)

        let listing = try await server.send("GET", "/me/tokens", token: laptop.token)
        #expect(listing.status == 200)
        let listed: [Info] = try listing.json()
        #expect(listed.count == 2)
        #expect(listed.map(\.status) == ["active", "active"])
        #expect(listed.filter(\.current).map(\.id) == [laptop.info.id])
        // Metadata only: neither the secret nor its hash.
        #expect(!listing.text.contains(laptop.token) && !listing.text.contains(Hashing.sha256Hex(Array(laptop.token.utf8))))

        let revoked = try await server.send("DELETE", "/me/tokens/\(laptop.info.id)", token: camille.token)
        #expect(revoked.status == 200, "\(revoked.text)")
        #expect(try revoked.json(Info.self).status == "revoked")
        let refused = try await server.send("GET", "/me", token: laptop.token)
        #expect(refused.status == 401)
        #expect(refused.errorCode == "token_revoked")
        // The user's other token is untouched.
        #expect(try await server.send("GET", "/me", token: camille.token).status == 200)

        let events = try await server.store.auditEvents(afterID: 0, limit: 1000)
        #expect(events.contains { $0.action == "token.issue" && $0.targetID == laptop.info.id && $0.actorID == camille.id })
        #expect(events.contains { $0.action == "token.revoke" && $0.targetID == laptop.info.id && $0.actorID == camille.id })
        #expect(!events.contains { $0.details.contains(laptop.token) })
    }

    @Test func onlyAnInstallationAdminRevokesSomeoneElsesTokens() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let leaving = try await server.createUser("Leaving")
        let colleague = try await server.createUser("Colleague")
        let second: Issued = try await server.send("POST", "/me/tokens", token: leaving.token, json: ["expiresInDays": 7]).json()
        #expect(abs(try #require(second.info.expiresAt).timeIntervalSinceNow - 7 * 86_400) < 120)

        let notAdmin = try await server.send("DELETE", "/users/\(leaving.id)/tokens", token: colleague.token)
        #expect(notAdmin.status == 403)
        #expect(notAdmin.errorCode == "forbidden")
        #expect(try await server.send("GET", "/users/\(leaving.id)/tokens", token: colleague.token).status == 403)
        // Someone else's token is not found among one's own.
        #expect(try await server.send("DELETE", "/me/tokens/\(second.info.id)", token: colleague.token).status == 404)
        #expect(try await server.send("GET", "/me", token: second.token).status == 200)

        let listed: [Info] = try await server.send("GET", "/users/\(leaving.id)/tokens", token: server.adminToken).json()
        #expect(Set(listed.map(\.id)).contains(second.info.id) && listed.count == 2)
        let all = try await server.send("DELETE", "/users/\(leaving.id)/tokens", token: server.adminToken)
        #expect(all.status == 200, "\(all.text)")
        #expect(all.text.contains("\"revoked\":2"))
        for token in [leaving.token, second.token] {
            let reply = try await server.send("GET", "/studies", token: token)
            #expect(reply.status == 401 && reply.errorCode == "token_revoked")
        }
        #expect(try await server.send("GET", "/me", token: colleague.token).status == 200)
        let events = try await server.store.auditEvents(afterID: 0, limit: 1000)
        #expect(events.contains { $0.action == "token.revoke_all" && $0.targetID == leaving.id && $0.details.contains("\"revoked\":2") })
    }

    @Test func aTokenRevokedByTheCommandLineFailsAtOnce() async throws {
        let executable = TestPaths.verbatimExecutable
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw TestFailure("\(executable.path) is missing: build the `verbatim` product before these tests")
        }
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let leaving = try await server.createUser("Leaving")
        let staying = try await server.createUser("Staying")
        #expect(try await server.send("GET", "/me", token: leaving.token).status == 200)

        // Another process writes the store while the server runs.
        let admin = Process()
        admin.executableURL = executable
        admin.arguments = ["admin", "revoke-tokens", "--data", server.dataDirectory.path, "--user", "\(leaving.id)"]
        let output = Pipe()
        admin.standardOutput = output
        admin.standardError = output
        try admin.run()
        admin.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(admin.terminationStatus == 0, "\(printed)")
        #expect(printed.contains("revoked 1 token(s) of user \(leaving.id)"))

        let refused = try await server.send("GET", "/me", token: leaving.token)
        #expect(refused.status == 401)
        #expect(refused.errorCode == "token_revoked")
        #expect(try await server.send("GET", "/me", token: staying.token).status == 200)
        let events = try await server.store.auditEvents(afterID: 0, limit: 1000)
        #expect(events.contains { $0.action == "token.revoke_all" && $0.targetID == leaving.id && $0.actorID == nil })
    }
}

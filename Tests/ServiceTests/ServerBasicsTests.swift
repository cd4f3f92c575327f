import Foundation
import Service
import Store
import Testing

@Suite("Server basics: health, OpenAPI, authentication, JSON errors")
struct ServerBasicsTests {
    @Test func healthAndOpenAPIArePublic() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let health = try await server.send("GET", "/health")
        #expect(health.status == 200)
        #expect(health.text.contains("\"ok\""))

        let openapi = try await server.send("GET", "/openapi.json")
        #expect(openapi.status == 200)
        let document = try #require(try JSONSerialization.jsonObject(with: openapi.body) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        for path in RoleMatrixTests.documentedPaths {
            #expect(paths[path] != nil, "OpenAPI lacks \(path)")
        }
    }

    @Test func missingOrUnknownTokensAreRefused() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let none = try await server.send("GET", "/studies")
        #expect(none.status == 401)
        #expect(none.errorCode == "unauthenticated")
        #expect(none.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        let wrong = try await server.send("GET", "/studies", token: "vbt_" + String(repeating: "0", count: 64))
        #expect(wrong.status == 401)
        let malformed = try await server.send("GET", "/studies", headers: ["Authorization": "Basic YWRtaW46YWRtaW4="])
        #expect(malformed.status == 401)
        let good = try await server.send("GET", "/me", token: server.adminToken)
        #expect(good.status == 200)
        #expect(good.text.contains("\"isAdmin\":true"))
    }

    @Test func tokensAreStoredHashedOnly() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let holder = try #require(try await server.store.tokenHolder(hash: Hashing.sha256Hex(Array(server.adminToken.utf8))))
        #expect(holder.token.isAdmin && holder.user.email == "admin@example.org")
        #expect(holder.token.tokenHash != server.adminToken)
        let database = try Data(contentsOf: server.backend.configuration.databaseURL)
            + ((try? Data(contentsOf: URL(fileURLWithPath: server.backend.configuration.databaseURL.path + "-wal"))) ?? Data())
        #expect(database.range(of: Data(server.adminToken.utf8)) == nil)
        #expect(!FileManager.default.fileExists(atPath: server.backend.configuration.tokensURL.path))
    }

    @Test func errorsAreJSONWithStableCodes() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let missing = try await server.send("GET", "/studies/999", token: server.adminToken)
        #expect(missing.status == 404)
        #expect(missing.errorCode == "not_found")
        let badJSON = try await server.send("POST", "/studies", token: server.adminToken, body: Data("{name:".utf8))
        #expect(badJSON.status == 400)
        #expect(badJSON.errorCode == "bad_request")
        let missingField = try await server.send("POST", "/studies", token: server.adminToken, json: ["details": "x"])
        #expect(missingField.status == 400)
        #expect(missingField.text.contains("name"))
        let badID = try await server.send("GET", "/studies/abc", token: server.adminToken)
        #expect(badID.status == 400)
        let noRoute = try await server.send("GET", "/no/such/endpoint", token: server.adminToken)
        #expect(noRoute.status == 404)
        #expect(noRoute.errorCode == "not_found")
    }

    @Test func coderDoesNotSeeSensitiveAttributesAndReadsAreAudited() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let before = try await server.store.auditEvents(afterID: 0, limit: 10_000).count

        let asCoder = try await server.send("GET", "/participants/\(fixture.participantID)", token: fixture.tokens["coder"])
        #expect(asCoder.status == 200)
        #expect(asCoder.text.contains("age band"))
        #expect(!asCoder.text.contains("diagnosis"))
        let asResearcher = try await server.send("GET", "/participants/\(fixture.participantID)", token: fixture.tokens["researcher"])
        #expect(asResearcher.text.contains("T2 diabetes"))

        let events = try await server.store.auditEvents(afterID: 0, limit: 10_000)
        let reads = events.dropFirst(before).filter { $0.action == "participant.read" && $0.targetID == fixture.participantID }
        #expect(reads.count == 2)
        #expect(Set(reads.compactMap(\.actorID)).count == 2)
        #expect(try await server.store.verifyAuditLog().isIntact)
    }

    @Test func wearableExportIsImportedAsStreams() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let file = TestPaths.samples.appendingPathComponent("biometrics/apple_health/export6s3sample.xml")
        let reply = try await server.send(
            "POST", "/participants/\(fixture.participantID)/biometrics?filename=export.xml", token: fixture.tokens["researcher"],
            body: try Data(contentsOf: file))
        // The request only queues the import: nothing is stored until a worker reads the file.
        #expect(reply.status == 202, "\(reply.text)")
        let queued: Job = try reply.json()
        #expect(queued.kind == "import-biometrics" && queued.state == .queued)
        #expect(reply.headers["location"] == "/jobs/\(queued.id!)")
        #expect(!queued.payload.contains(server.dataDirectory.path))
        #expect(try await server.store.biometricStreams(participantID: fixture.participantID).isEmpty)

        let jobs = try await server.runImports()
        #expect(jobs.map(\.id) == [queued.id])
        let done = try #require(jobs.first)
        #expect(done.state == .succeeded, "\(done.error ?? "")")
        struct Summary: Decodable {
            var format: String
            var streams: Int
            var samples: Int
        }
        let summary = try JSONDecoder().decode(Summary.self, from: Data(try #require(done.result).utf8))
        #expect(summary.format == "appleHealth")
        let listed: [BiometricStream] = try await server.send(
            "GET", "/participants/\(fixture.participantID)/biometrics", token: fixture.tokens["studyAdmin"]
        ).json()
        #expect(listed.count == summary.streams && summary.streams > 0)
        #expect(listed.allSatisfy { $0.participantID == fixture.participantID && $0.sampleCount > 0 })
        #expect(listed.reduce(0) { $0 + $1.sampleCount * $1.channels } == summary.samples)
        // The uploaded file is gone once imported.
        #expect(try FileManager.default.contentsOfDirectory(atPath: server.backend.configuration.importsDirectory.path).isEmpty)

        let garbage = try await server.send(
            "POST", "/participants/\(fixture.participantID)/biometrics?filename=notes.bin", token: fixture.tokens["researcher"],
            body: Data("not a wearable export".utf8))
        #expect(garbage.status == 422)
        #expect(garbage.errorCode == "unreadable_biometrics")
        #expect(try UploadTests.partFiles(server).isEmpty)
    }
}

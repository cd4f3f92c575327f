import Foundation
import Service
import Store
import Testing

/// Every audit event written while the real server serves a request records the client's address
/// as the trusted-proxy rules resolve it, on every route (a plain audited read, a creation, an
/// erasure that writes its event inside its own transaction), and `GET /audit` shows it.
@Suite("The client's address in the audit log")
struct AuditClientAddressTests {
    struct Listed: Decodable {
        var id: Int64
        var action: String
        var clientAddress: String?
    }

    /// Sends with curl from 127.0.0.1 with the admin token and a forwarded-for claim.
    static func send(_ server: TestServer, _ method: String, _ path: String, json: String? = nil) async throws -> CurlClient.Reply {
        var headers = [("Authorization", "Bearer \(server.adminToken)"), ("X-Forwarded-For", "203.0.113.66, 198.51.100.7")]
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try await CurlClient().send(method, "http://127.0.0.1:\(server.port)\(path)", headers: headers, body: json.map { Data($0.utf8) })
    }

    @Test(
        "from a trusted proxy the forwarded client, from any other peer the peer itself",
        arguments: [("127.0.0.1", "198.51.100.7"), ("192.0.2.1", "127.0.0.1")])
    func everyEventOfARequestRecordsTheResolvedClient(trustedProxy: String, expected: String) async throws {
        let server = try await TestServer.start { $0.trustedProxies = try! TrustedProxies([trustedProxy]) }
        defer { server.shutdown() }
        let before = try #require(try await server.store.auditEvents(afterID: 0, limit: 1000).last)
        #expect(before.clientAddress == nil, "the admin made outside any request has no address: \(before)")

        let study = try await Self.send(server, "POST", "/studies", json: #"{"name":"Audited"}"#)
        #expect(study.status == 201, "\(study.text)")
        let studyID = try #require(try JSONDecoder().decode(StudyID.self, from: study.body).id)
        let created = try await Self.send(server, "POST", "/studies/\(studyID)/participants", json: #"{"pseudonym":"P-031"}"#)
        #expect(created.status == 201, "\(created.text)")
        let participantID = try #require(try JSONDecoder().decode(StudyID.self, from: created.body).id)
        #expect(try await Self.send(server, "GET", "/participants/\(participantID)").status == 200)
        let erased = try await Self.send(server, "DELETE", "/participants/\(participantID)?reason=withdrawn")
        #expect(erased.status == 200, "\(erased.text)")

        let listed = try await Self.send(server, "GET", "/audit?after=\(before.id)")
        #expect(listed.status == 200, "\(listed.text)")
        let events = try JSONDecoder().decode([Listed].self, from: listed.body)
        #expect(
            events.map(\.action) == ["study.create", "participant.create", "participant.read", "participant.erase"],
            "\(events.map(\.action))")
        for event in events { #expect(event.clientAddress == expected, "\(event.action): \(event.clientAddress ?? "none")") }
        let stored = try await server.store.auditEvents(afterID: before.id, limit: 100)
        #expect(stored.map(\.clientAddress) == Array(repeating: expected, count: 4))

        let verified = try await Self.send(server, "GET", "/audit/verify")
        struct Verification: Decodable { var eventCount: Int; var problems: [String] }
        let verification = try JSONDecoder().decode(Verification.self, from: verified.body)
        #expect(verification.problems == [] && verification.eventCount == Int(before.id) + 4, "\(verified.text)")
    }
}

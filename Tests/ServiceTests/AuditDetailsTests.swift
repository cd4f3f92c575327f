import Foundation
import Service
import Store
import Testing

/// Audit events carry request values as JSON strings: a hostile header cannot add fields.
@Suite("Audit details")
struct AuditDetailsTests {
    @Test func aHostileRangeHeaderStaysOneString() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let hostile = #"bytes=0-1","actorOverride":1,"action":"nothing\u0000"#
        let reply = try await server.send(
            "GET", "/recordings/\(fixture.recordingID)/media", token: server.adminToken, headers: ["Range": hostile])
        #expect(reply.status != 500)
        let events = try await server.store.auditEvents(afterID: 0, limit: 1000).filter { $0.action == "recording.media.read" }
        let event = try #require(events.last)
        let details = try #require(try JSONSerialization.jsonObject(with: Data(event.details.utf8)) as? [String: Any], "\(event.details)")
        #expect(Array(details.keys) == ["range"], "\(event.details)")
        #expect(details["range"] as? String == hostile)
        #expect(try await server.store.verifyAuditLog().isIntact)
    }
}

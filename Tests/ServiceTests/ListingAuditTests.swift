import Foundation
import Store
import Testing

/// Every read of participant data writes an audit event, listings and codebook changes included
/// (SECURITY.md): a study's recordings, a recording's speakers and clock, a transcript's codings.
@Suite("Audit of listings", .serialized)
struct ListingAuditTests {
    @Test func listingsAndCodebookChangesAreAudited() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let token = fixture.tokens["studyAdmin"]
        let before = try await server.store.auditEvents(afterID: 0, limit: 100_000).last?.id ?? 0
        let requests: [(method: String, path: String, json: [String: String]?, action: String)] = [
            ("GET", "/studies/\(fixture.studyID)/recordings", nil, "recording.list"),
            ("GET", "/recordings/\(fixture.recordingID)/speakers", nil, "speaker.list"),
            ("GET", "/transcripts/\(fixture.transcriptID)/codings", nil, "coding.list"),
            ("GET", "/recordings/\(fixture.recordingID)/clock", nil, "clock.read"),
            ("POST", "/studies/\(fixture.studyID)/codes", ["name": "worry", "color": "#aa3300"], "code.create"),
        ]
        for request in requests {
            let reply = try await server.send(request.method, request.path, token: token, json: request.json)
            #expect((200..<300).contains(reply.status), "\(request.path): \(reply.status) \(reply.text)")
        }
        let events = try await server.store.auditEvents(afterID: before, limit: 1000)
        for request in requests {
            #expect(events.contains { $0.action == request.action && $0.studyID == fixture.studyID }, "no \(request.action) event")
        }
    }
}

/// Exports respect the caller's role: a coder, who may not list the members, gets no e-mails.
@Suite("Exports by role", .serialized)
struct ExportRoleTests {
    @Test func aCodersExportHasNoEmailAddresses() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let members = try await server.send("GET", "/studies/\(fixture.studyID)/members", token: fixture.tokens["coder"])
        #expect(members.status == 403)
        let coder = try await server.send("GET", "/studies/\(fixture.studyID)/export?format=json", token: fixture.tokens["coder"])
        #expect(coder.status == 200, "\(coder.text)")
        #expect(!coder.text.contains("@"), "a coder's export holds e-mail addresses")
        let admin = try await server.send("GET", "/studies/\(fixture.studyID)/export?format=json", token: fixture.tokens["studyAdmin"])
        #expect(admin.status == 200 && admin.text.contains("@"), "the study admin's export keeps the members' addresses")
    }
}

import Foundation
import Service
import Store
import Testing

/// `DELETE /studies/{studyID}/members/{userID}`: the removed member is refused at once, the others
/// keep access, and a study keeps at least one administrator.
@Suite("Membership removal")
struct MembershipRemovalTests {
    /// A member as `GET /studies/{studyID}/members` lists them.
    struct Member: Decodable {
        var userID: Int64
        var role: StudyRole
        var name: String
    }

    @Test func aRemovedMemberIsRefusedAtOnceWhileOthersKeepAccess() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let s = fixture.studyID
        let members: [Member] = try await server.send("GET", "/studies/\(s)/members", token: fixture.tokens["studyAdmin"]).json()
        let coder = try #require(members.first { $0.name == "coder" })
        #expect(coder.role == .coder)
        #expect(try await server.send("GET", "/recordings/\(fixture.recordingID)/transcript", token: fixture.tokens["coder"]).status == 200)

        // A researcher may not change members; the study's admin may.
        let byResearcher = try await server.send("DELETE", "/studies/\(s)/members/\(coder.userID)", token: fixture.tokens["researcher"])
        #expect(byResearcher.status == 403)
        let removed = try await server.send("DELETE", "/studies/\(s)/members/\(coder.userID)", token: fixture.tokens["studyAdmin"])
        #expect(removed.status == 204, "\(removed.text)")

        for path in ["/studies/\(s)", "/recordings/\(fixture.recordingID)/transcript", "/transcripts/\(fixture.transcriptID)/codings"] {
            let reply = try await server.send("GET", path, token: fixture.tokens["coder"])
            #expect(reply.status == 403, "\(path) answered \(reply.status) to the removed member")
            #expect(reply.errorCode == "not_a_member")
            #expect(try await server.send("GET", path, token: fixture.tokens["researcher"]).status == 200, "\(path)")
        }
        let after: [Member] = try await server.send("GET", "/studies/\(s)/members", token: fixture.tokens["studyAdmin"]).json()
        #expect(!after.contains { $0.userID == coder.userID } && after.count == members.count - 1)
        #expect(try await server.send("DELETE", "/studies/\(s)/members/\(coder.userID)", token: fixture.tokens["studyAdmin"]).status == 404)
        let events = try await server.store.auditEvents(afterID: 0, limit: 1000)
        #expect(events.contains { $0.action == "membership.remove" && $0.studyID == s && $0.targetID == coder.userID })
    }

    @Test func theLastAdministratorOfAStudyStays() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let s = fixture.studyID
        let members: [Member] = try await server.send("GET", "/studies/\(s)/members", token: fixture.tokens["studyAdmin"]).json()
        // The installation admin created the study (its first admin); the fixture added `studyAdmin`.
        let admins = members.filter { $0.role == .admin }
        #expect(admins.count == 2)
        let creator = try #require(admins.first { $0.name == "Admin" })
        let studyAdmin = try #require(admins.first { $0.name == "studyAdmin" })
        #expect(try await server.send("DELETE", "/studies/\(s)/members/\(creator.userID)", token: fixture.tokens["studyAdmin"]).status == 204)

        let last = try await server.send("DELETE", "/studies/\(s)/members/\(studyAdmin.userID)", token: fixture.tokens["studyAdmin"])
        #expect(last.status == 409)
        #expect(last.errorCode == "last_study_admin")
        #expect(last.text.contains("last administrator"))
        // Demoting the last admin is refused the same way.
        let demoted = try await server.send(
            "PUT", "/studies/\(s)/members/\(studyAdmin.userID)", token: server.adminToken, json: ["role": "researcher"])
        #expect(demoted.status == 409)
        #expect(demoted.errorCode == "last_study_admin")
        let still: [Member] = try await server.send("GET", "/studies/\(s)/members", token: fixture.tokens["studyAdmin"]).json()
        #expect(still.filter { $0.role == .admin }.map(\.userID) == [studyAdmin.userID])
    }
}

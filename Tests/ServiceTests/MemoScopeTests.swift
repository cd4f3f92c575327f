import Foundation
import Service
import Store
import Testing

/// A memo may only be attached to objects of its own study.
@Suite("Memo scope")
struct MemoScopeTests {
    @Test func memosRefuseAnotherStudysObjects() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let store = server.store
        let other = try await store.createStudy(name: "Other", details: "")
        let otherCoding = try await store.addCoding(
            transcriptID: fixture.transcriptID, codeID: fixture.codeID, coderID: fixture.spareUserID, charStart: 0, charEnd: 7)
        let attachments: [(String, Int64)] = [
            ("participantID", fixture.participantID), ("recordingID", fixture.recordingID), ("transcriptID", fixture.transcriptID),
            ("codeID", fixture.codeID), ("codingID", otherCoding.id!),
        ]
        for (field, id) in attachments {
            let body = "{\"title\":\"probe\",\"text\":\"x\",\"\(field)\":\(id)}"
            let probe = try await server.send(
                "POST", "/studies/\(other.id!)/memos", token: server.adminToken, body: Data(body.utf8),
                headers: ["Content-Type": "application/json"])
            #expect(probe.status == 404, "\(field): \(probe.text)")
        }
        #expect(try await store.memos(studyID: other.id!).isEmpty)
        // The same ids in their own study are accepted.
        let own = "{\"title\":\"ok\",\"text\":\"x\",\"recordingID\":\(fixture.recordingID),\"codingID\":\(otherCoding.id!)}"
        let accepted = try await server.send(
            "POST", "/studies/\(fixture.studyID)/memos", token: server.adminToken, body: Data(own.utf8),
            headers: ["Content-Type": "application/json"])
        #expect(accepted.status == 201, "\(accepted.text)")
    }
}

import Foundation
import Service
import Store
import Testing

/// Participants' case variables and recordings edited through the API: removing an attribute,
/// deleting a recording (an erasure request per interview), and the duration a recording lists.
@Suite("Recordings and case variables through the API")
struct RecordingDeletionRouteTests {
    /// What `GET /participants/{id}` answers.
    struct ParticipantDetail: Decodable {
        var participant: Participant
        var attributes: [ParticipantAttribute]
    }

    @Test func attributesAreAddedChangedAndRemovedAndCodersNeverSeeSensitiveOnes() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let researcher = try #require(fixture.tokens["researcher"])
        let p = fixture.participantID
        let set = try await server.send("PUT", "/participants/\(p)/attributes/sexe", token: researcher, json: ["value": "F"])
        #expect(set.status == 200, "\(set.text)")
        let changed = try await server.send(
            "PUT", "/participants/\(p)/attributes/age%20band", token: researcher, json: AttributeBody(value: "40-49", sensitive: true))
        #expect(changed.status == 200, "\(changed.text)")
        let detail: ParticipantDetail = try changed.json()
        #expect(detail.attributes.map { "\($0.name)=\($0.value)\($0.isSensitive ? "*" : "")" } == ["age band=40-49*", "diagnosis=T2 diabetes*", "sexe=F"])
        let coderView: ParticipantDetail = try await server.send("GET", "/participants/\(p)", token: fixture.tokens["coder"]).json()
        #expect(coderView.attributes.map(\.name) == ["sexe"])
        let removed = try await server.send("DELETE", "/participants/\(p)/attributes/age%20band", token: researcher)
        #expect(removed.status == 200, "\(removed.text)")
        #expect(try removed.json(ParticipantDetail.self).attributes.map(\.name) == ["diagnosis", "sexe"])
        let again = try await server.send(
            "DELETE", "/participants/\(p)/attributes/age%20band", token: researcher, headers: ["Accept-Language": "fr"])
        #expect(again.status == 404)
        #expect(RetrievalRouteTests.message(again).contains("n’a pas d’attribut « age band »"))
        #expect(try await server.send("DELETE", "/participants/\(p)/attributes/sexe", token: fixture.tokens["coder"]).status == 403)
    }

    struct AttributeBody: Encodable {
        var value: String
        var sensitive: Bool
    }

    @Test func deletingARecordingPreviewsThenRemovesItsMediaAndWork() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let admin = try #require(fixture.tokens["studyAdmin"])
        let r = fixture.recordingID
        let media = try #require(try await server.store.recording(id: r)).mediaPath
        #expect(FileManager.default.fileExists(atPath: media))
        _ = try await server.store.addCoding(
            transcriptID: fixture.transcriptID, codeID: fixture.codeID, coderID: 1, charStart: 0, charEnd: 7)
        for role in ["researcher", "coder"] {
            #expect(try await server.send("DELETE", "/recordings/\(r)", token: fixture.tokens[role]).status == 403, "\(role)")
        }
        let preview = try await server.send("GET", "/recordings/\(r)/deletion", token: admin)
        #expect(preview.status == 200, "\(preview.text)")
        let plan: RecordingDeletion = try preview.json()
        #expect(plan.transcripts == 1 && plan.segments == 2 && plan.speakers == 2 && plan.codings == 1 && plan.jobs == 1)
        let check = try await OpenAPISchemaCheck.served(by: server)
        let schema = try #require(check.schema(path: "/recordings/{recordingID}/deletion", method: "get", status: "200"))
        #expect(check.problems(try JSONSerialization.jsonObject(with: preview.body), schema, at: "deletion") == [])

        let reply = try await server.send("DELETE", "/recordings/\(r)?reason=demande%20du%20participant", token: admin)
        #expect(reply.status == 200, "\(reply.text)")
        let report: RecordingDeletion = try reply.json()
        #expect(report.codings == 1)
        #expect(report.removedFiles == [URL(fileURLWithPath: media).lastPathComponent])
        #expect(!FileManager.default.fileExists(atPath: media))
        let deleteSchema = try #require(check.schema(path: "/recordings/{recordingID}", method: "delete", status: "200"))
        #expect(check.problems(try JSONSerialization.jsonObject(with: reply.body), deleteSchema, at: "delete") == [])
        #expect(try await server.send("GET", "/recordings/\(r)", token: admin).status == 404)
        #expect(try await server.send("GET", "/transcripts/\(fixture.transcriptID)", token: admin).status == 404)
        #expect(try await server.store.participant(id: fixture.participantID) != nil)
        let event = try #require(try await server.store.auditEvents(afterID: 0, limit: 1000).last { $0.action == "recording.delete" })
        #expect(event.details.contains("demande du participant"))
        #expect(!event.details.contains("Interview P-001"))
        #expect(try await server.send("DELETE", "/recordings/\(r)", token: admin).status == 404)
    }

    /// Defect: a video's listed duration was the container's (16.6 s, a subtitle track runs on)
    /// while its sound, the part that is transcribed, lasts 13.1 s.
    @Test func aVideoListsTheDurationOfItsSound() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let upload = try await server.send(
            "POST", "/studies/\(fixture.studyID)/recordings?title=NASA", token: fixture.tokens["researcher"],
            body: try Data(contentsOf: TestPaths.speech("video_nasa_13013.mp4")))
        #expect(upload.status == 201, "\(upload.text)")
        let recording: Recording = try upload.json()
        #expect(recording.hasVideo)
        let duration = try #require(recording.duration)
        #expect(abs(duration - 13.056) < 0.05, "listed \(duration) s")
        let listed: [Recording] = try await server.send("GET", "/studies/\(fixture.studyID)/recordings", token: fixture.tokens["coder"]).json()
        #expect(abs((listed.first { $0.id == recording.id }?.duration ?? 0) - 13.056) < 0.05)
    }
}

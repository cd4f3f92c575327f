import Foundation
import Service
import Store
import Testing

/// Editing through the API as the transcript page does: the working draft changes in place, with
/// a history, validation, typed errors in the caller's language, and roles.
@Suite("Transcript edits through the API")
struct TranscriptEditRouteTests {
    struct Amendment: Decodable {
        struct Detail: Decodable {
            var transcript: Transcript
            var segments: [Segment]
        }
        var detail: Detail
        var isNewVersion: Bool
        var codingsLeftBehind: [Int64]
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable { var code: String; var message: String }
        var error: Detail
    }

    @Test func editsValidationAndHistory() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let researcher = fixture.tokens["researcher"]
        let path = "/transcripts/\(fixture.transcriptID)/edits"

        // Split then correct, in one request, on the hand-typed draft: changed in place (200).
        func edit(_ operations: String, token: String?, headers: [String: String] = [:]) async throws -> TestServer.Reply {
            try await server.send(
                "POST", path, token: token, body: Data(#"{"operations": \#(operations)}"#.utf8),
                headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a })
        }
        let split = try await edit(#"[{"op": "split", "index": 0, "at": 8}]"#, token: researcher)
        #expect(split.status == 200, "\(split.text)")
        let result: Amendment = try split.json()
        #expect(!result.isNewVersion && result.detail.transcript.id == fixture.transcriptID)
        #expect(result.detail.segments.map(\.text) == ["Bonjour,", "comment allez-vous ?", "Très bien, merci beaucoup."])

        // The history lists the split with its editor; a coder may read it but not edit or validate.
        let history: [TranscriptEdit] = try await server.send("GET", path, token: fixture.tokens["coder"]).json()
        #expect(history.map(\.kind) == ["split"] && history.first?.position == 0)
        let coderEdit = try await edit(#"[{"op": "merge", "index": 0}]"#, token: fixture.tokens["coder"])
        #expect(coderEdit.status == 403)
        let coderValidate = try await server.send(
            "PUT", "/transcripts/\(fixture.transcriptID)/status", token: fixture.tokens["coder"], json: ["status": "reviewed"])
        #expect(coderValidate.status == 403)

        // Bad operations: a typed error, in French when the page is in French, and nothing changed.
        let refused = try await edit(
            #"[{"op": "boundary", "index": 0, "time": 99.0}]"#, token: researcher, headers: ["Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"])
        #expect(refused.status == 422, "\(refused.text)")
        let french = try refused.json(ErrorBody.self).error
        #expect(french.code == "invalid_input" && french.message.hasPrefix("La frontière doit tomber"), "\(french.message)")
        let unknown = try await edit(#"[{"op": "shuffle", "index": 0}]"#, token: researcher)
        #expect(unknown.status == 400 && unknown.errorCode == "bad_request")
        let segments = try await server.store.segments(transcriptID: fixture.transcriptID)
        #expect(segments.count == 3)

        // Validation, then an edit of the validated version makes a new version (201).
        let validated = try await server.send(
            "PUT", "/transcripts/\(fixture.transcriptID)/status", token: researcher, json: ["status": "reviewed"])
        #expect(validated.status == 200, "\(validated.text)")
        #expect(try validated.json(Transcript.self).status == .reviewed)
        let merged = try await edit(#"[{"op": "merge", "index": 0}]"#, token: researcher)
        #expect(merged.status == 201, "\(merged.text)")
        let next: Amendment = try merged.json()
        #expect(next.isNewVersion && next.detail.transcript.basedOnID == fixture.transcriptID)
        #expect(next.detail.segments.first?.text == "Bonjour, comment allez-vous ?")
        let events = try await server.store.auditEvents(afterID: 0, limit: 10_000).map(\.action)
        #expect(events.filter { $0 == "transcript.edit" }.count == 2 && events.contains("transcript.status"))
    }
}

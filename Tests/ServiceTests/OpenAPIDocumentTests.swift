import Foundation
import Hummingbird
import Service
import Store
import Testing

/// The OpenAPI document against the server it describes: the router's operations, and the
/// shapes of real responses. (`tools/schemathesis/run` checks far more, against a running server.)
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// The document at `/openapi.json` names exactly the router's operations: no route left out,
    /// none described that the server does not have (the web pages, `/` and `/web/**`, are not API).
    @Test func openAPIDescribesExactlyTheRoutes() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let pages: Set = ["GET /", "GET /web/**"]
        let routed = Set(VerbatimServer.router(backend: server.backend).routes.map { "\($0.method.rawValue) \($0.path)" })
            .subtracting(pages)
        #expect(routed.count > 40, "the router lists \(routed.count) routes")
        let check = try await OpenAPISchemaCheck.served(by: server)
        let paths = try #require(check.document["paths"] as? [String: [String: Any]])
        let methods: Set = ["get", "put", "post", "delete", "patch", "head", "options"]
        let described = Set(paths.flatMap { path, item in item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } })
        #expect(routed.subtracting(described).sorted() == [], "routes missing from the OpenAPI document")
        #expect(described.subtracting(routed).sorted() == [], "operations in the OpenAPI document that the router lacks")
    }

    /// Real responses of the main objects have exactly the properties their schema names, and every
    /// required one (checked through `$ref`s, arrays and nested objects).
    @Test func responsesMatchTheirSchemas() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let check = try await OpenAPISchemaCheck.served(by: server)
        let s = f.studyID, r = f.recordingID, t = f.transcriptID, p = f.participantID
        let calls: [(template: String, path: String)] = [
            ("/me", "/me"), ("/studies", "/studies"), ("/studies/{studyID}", "/studies/\(s)"),
            ("/studies/{studyID}/members", "/studies/\(s)/members"), ("/studies/{studyID}/participants", "/studies/\(s)/participants"),
            ("/participants/{participantID}", "/participants/\(p)"), ("/studies/{studyID}/recordings", "/studies/\(s)/recordings"),
            ("/recordings/{recordingID}", "/recordings/\(r)"), ("/recordings/{recordingID}/transcript", "/recordings/\(r)/transcript"),
            ("/recordings/{recordingID}/transcripts", "/recordings/\(r)/transcripts"), ("/transcripts/{transcriptID}", "/transcripts/\(t)"),
            ("/recordings/{recordingID}/speakers", "/recordings/\(r)/speakers"), ("/studies/{studyID}/codes", "/studies/\(s)/codes"),
            ("/transcripts/{transcriptID}/codings", "/transcripts/\(t)/codings"), ("/studies/{studyID}/jobs", "/studies/\(s)/jobs"),
            ("/jobs/{jobID}", "/jobs/\(f.jobID)"), ("/audit", "/audit"), ("/audit/verify", "/audit/verify"),
        ]
        for call in calls {
            let response = try await server.send("GET", call.path, token: server.adminToken)
            #expect(response.status == 200, "\(call.path): \(response.text)")
            let schema = try #require(check.schema(path: call.template, method: "get", status: "200"), "no schema for \(call.template)")
            let value = try JSONSerialization.jsonObject(with: response.body, options: .fragmentsAllowed)
            #expect(check.problems(value, schema, at: call.template) == [])
        }
    }

    /// The content types the server sends are the document's: each export format's, the media
    /// file's (whole, and a byte range with 206), and the job events' `text/event-stream`.
    @Test func contentTypesAreDocumented() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let check = try await OpenAPISchemaCheck.served(by: server)
        var calls: [(template: String, path: String, headers: [String: String], status: Int)] = [
            ("/recordings/{recordingID}/media", "/recordings/\(f.recordingID)/media", [:], 200),
            ("/recordings/{recordingID}/media", "/recordings/\(f.recordingID)/media", ["Range": "bytes=0-99"], 206),
            ("/recordings/{recordingID}/media", "/recordings/\(f.recordingID)/media", ["Range": "bytes=99999999-"], 416),
            ("/jobs/{jobID}/events", "/jobs/\(f.jobID)/events", [:], 200),
        ]
        for format in ["txt", "srt", "vtt", "json", "eaf", "qdpx", "csv", "docx", "eaf-media"] {
            calls.append(("/studies/{studyID}/export", "/studies/\(f.studyID)/export?format=\(format)", [:], 200))
        }
        for call in calls {
            let response = try await server.send("GET", call.path, token: server.adminToken, headers: call.headers)
            #expect(response.status == call.status, "\(call.path) \(call.headers): \(response.text.prefix(200))")
            let type = try #require(response.headers["content-type"]).split(separator: ";")[0].trimmingCharacters(in: .whitespaces)
            let documented = check.contentTypes(path: call.template, method: "get", status: String(call.status))
            #expect(documented.contains(type), "\(call.path) sends \(type); the document lists \(documented.sorted())")
        }
    }
}

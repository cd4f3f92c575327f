import Foundation
import Service
import Store
import Testing

/// Hostile or careless input is refused at once with a 4xx that says what to send.
@Suite("Input limits")
struct InputLimitTests {
    @Test func aJSONBodyOverTheLimitIs413() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let body = Data("{\"name\":\"".utf8) + Data(repeating: UInt8(ascii: "a"), count: 5 << 20) + Data("\"}".utf8)
        let reply = try await server.send(
            "POST", "/studies", token: server.adminToken, body: body, headers: ["Content-Type": "application/json"])
        #expect(reply.status == 413, "\(reply.text)")
        #expect(reply.errorCode == "too_large")
    }

    @Test func anUnknownLanguageIsRefusedAtJobCreation() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        for language in ["NUL", "xx", "FR"] {
            let reply = try await server.send(
                "POST", "/recordings/\(fixture.recordingID)/jobs", token: server.adminToken, json: ["language": language])
            #expect(reply.status == 422, "\(language): \(reply.text)")
            #expect(reply.errorCode == "invalid_language")
        }
        let french = try await server.send(
            "POST", "/recordings/\(fixture.recordingID)/jobs", token: server.adminToken, json: ["language": "fr"])
        #expect(french.status == 202, "\(french.text)")
    }

    @Test func aGarbageRecordedAtIsRefused() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let studyID = try await UploadTests.study(on: server)
        let bytes = try Data(contentsOf: TestPaths.speech("en_commonvoice_651325.mp3"))
        let garbage = try await server.send(
            "POST", "/studies/\(studyID)/recordings?recordedAt=last%20tuesday", token: server.adminToken, body: bytes)
        #expect(garbage.status == 400, "\(garbage.text)")
        #expect(garbage.text.contains("recordedAt"))
        #expect(try await server.store.recordings(studyID: studyID).isEmpty)
        #expect(try UploadTests.partFiles(server).isEmpty)
        let dated = try await server.send(
            "POST", "/studies/\(studyID)/recordings?recordedAt=2026-03-14T09:30:00Z", token: server.adminToken, body: bytes)
        #expect(dated.status == 201, "\(dated.text)")
        #expect(try dated.json(Recording.self).recordedAt == Date(timeIntervalSince1970: 1_773_480_600))
    }

    @Test func titlesAndAttributesHaveLengthLimits() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let long = String(repeating: "é", count: 5000)
        let study = try await server.send("POST", "/studies", token: server.adminToken, json: ["name": long])
        #expect(study.status == 422, "\(study.text.prefix(200))")
        let memo = try await server.send(
            "POST", "/studies/\(fixture.studyID)/memos", token: server.adminToken, json: ["title": long, "text": "x"])
        #expect(memo.status == 422, "\(memo.text.prefix(200))")
        let code = try await server.send("POST", "/studies/\(fixture.studyID)/codes", token: server.adminToken, json: ["name": long])
        #expect(code.status == 422, "\(code.text.prefix(200))")
        let value = try await server.send(
            "PUT", "/participants/\(fixture.participantID)/attributes/site", token: server.adminToken,
            json: ["value": String(repeating: "v", count: 3_000_000)])
        #expect(value.status == 422, "\(value.text.prefix(200))")
        let name = try await server.send(
            "PUT", "/participants/\(fixture.participantID)/attributes/\(String(repeating: "n", count: 500))", token: server.adminToken,
            json: ["value": "ok"])
        #expect(name.status == 422, "\(name.text.prefix(200))")
        let bytes = try Data(contentsOf: TestPaths.speech("en_commonvoice_651325.mp3"))
        let recording = try await server.send(
            "POST", "/studies/\(fixture.studyID)/recordings?title=\(String(repeating: "t", count: 5000))", token: server.adminToken,
            body: bytes)
        #expect(recording.status == 422, "\(recording.text.prefix(200))")
        #expect(try UploadTests.partFiles(server).isEmpty)
        let fine = try await server.send(
            "PUT", "/participants/\(fixture.participantID)/attributes/site", token: server.adminToken, json: ["value": "Lyon"])
        #expect(fine.status == 200, "\(fine.text)")
    }
}

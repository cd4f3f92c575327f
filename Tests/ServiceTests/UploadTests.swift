import Foundation
import Service
import Store
import Testing

@Suite("Uploads and playback")
struct UploadTests {
    static func study(on server: TestServer) async throws -> Int64 {
        let reply = try await server.send("POST", "/studies", token: server.adminToken, json: ["name": "Uploads"])
        #expect(reply.status == 201)
        return try reply.json(Study.self).id!
    }

    @Test func uploadHashesProbesAndRefusesDuplicates() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let studyID = try await Self.study(on: server)
        let sample = TestPaths.speech("derived_nasa_13013_audio.m4a")
        let bytes = try Data(contentsOf: sample)

        let first = try await server.send("POST", "/studies/\(studyID)/recordings?title=NASA%20clip", token: server.adminToken, body: bytes)
        #expect(first.status == 201, "\(first.text)")
        let recording: Recording = try first.json()
        #expect(recording.fileHash == Hashing.sha256Hex(bytes))
        #expect(recording.title == "NASA clip")
        #expect(recording.container.contains("mp4"))
        #expect(recording.audioChannels != nil)
        #expect((recording.duration ?? 0) > 1)
        // The API names the file, never the server's folders; the store knows where it is.
        #expect(!recording.mediaPath.contains("/") && !first.text.contains(server.dataDirectory.path))
        let stored = try #require(try await server.store.recording(id: recording.id!))
        #expect(stored.mediaPath.hasSuffix("/" + recording.mediaPath))
        #expect(try Data(contentsOf: URL(fileURLWithPath: stored.mediaPath)) == bytes)
        let listed = try await server.send("GET", "/studies/\(studyID)/recordings", token: server.adminToken)
        #expect(listed.status == 200 && !listed.text.contains(server.dataDirectory.path))

        let again = try await server.send("POST", "/studies/\(studyID)/recordings", token: server.adminToken, body: bytes)
        #expect(again.status == 409)
        #expect(again.errorCode == "duplicate_recording")
        #expect(again.text.contains("recording \(recording.id!)"))
        #expect(try await server.store.recordings(studyID: studyID).count == 1)
        #expect(try Self.partFiles(server).isEmpty)
    }

    @Test func damagedUploadIsRefusedWithoutLeavingAnything() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let studyID = try await Self.study(on: server)
        let bytes = try Data(contentsOf: TestPaths.speech("damaged_truncated_video_nasa_13013.mp4"))
        let reply = try await server.send("POST", "/studies/\(studyID)/recordings", token: server.adminToken, body: bytes)
        #expect(reply.status == 422)
        #expect(reply.errorCode == "unreadable_media")
        #expect(reply.text.contains("incomplete"))
        #expect(!reply.text.contains(".part"))
        #expect(try await server.store.recordings(studyID: studyID).isEmpty)
        #expect(try Self.partFiles(server).isEmpty)
        let empty = try await server.send("POST", "/studies/\(studyID)/recordings", token: server.adminToken, body: Data())
        #expect(empty.status == 400)
    }

    @Test func uploadsOverTheLimitAreRefused() async throws {
        let server = try await TestServer.start { $0.maxUploadBytes = 100_000 }
        defer { server.shutdown() }
        let studyID = try await Self.study(on: server)
        let bytes = try Data(contentsOf: TestPaths.speech("en_diar_pyannote_sample.wav"))
        let reply = try await server.send("POST", "/studies/\(studyID)/recordings", token: server.adminToken, body: bytes)
        #expect(reply.status == 413)
        #expect(reply.errorCode == "too_large")
        #expect(try await server.store.recordings(studyID: studyID).isEmpty)
        #expect(try Self.partFiles(server).isEmpty)
    }

    @Test func mediaIsServedWithByteRanges() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let studyID = try await Self.study(on: server)
        let bytes = try Data(contentsOf: TestPaths.speech("en_commonvoice_651325.mp3"))
        let upload = try await server.send("POST", "/studies/\(studyID)/recordings", token: server.adminToken, body: bytes)
        let id = try upload.json(Recording.self).id!

        let whole = try await server.send("GET", "/recordings/\(id)/media", token: server.adminToken)
        #expect(whole.status == 200)
        #expect(whole.body == bytes)
        #expect(whole.headers["accept-ranges"] == "bytes")
        #expect(whole.headers["content-type"] == "audio/mpeg")

        let head = try await server.send("GET", "/recordings/\(id)/media", token: server.adminToken, headers: ["Range": "bytes=100-1099"])
        #expect(head.status == 206)
        #expect(head.body == bytes[100..<1100])
        #expect(head.headers["content-range"] == "bytes 100-1099/\(bytes.count)")

        let tail = try await server.send("GET", "/recordings/\(id)/media", token: server.adminToken, headers: ["Range": "bytes=-500"])
        #expect(tail.status == 206)
        #expect(tail.body == bytes.suffix(500))

        let open = try await server.send("GET", "/recordings/\(id)/media", token: server.adminToken, headers: ["Range": "bytes=19000-"])
        #expect(open.body == bytes[19000...])

        let outside = try await server.send("GET", "/recordings/\(id)/media", token: server.adminToken, headers: ["Range": "bytes=999999-"])
        #expect(outside.status == 416)
        #expect(outside.headers["content-range"] == "bytes */\(bytes.count)")

        let audited = try await server.store.auditEvents(afterID: 0, limit: 1000).filter { $0.action == "recording.media.read" }
        #expect(audited.count == 5)
    }

    static func partFiles(_ server: TestServer) throws -> [String] {
        let media = server.backend.configuration.mediaDirectory
        let names = try FileManager.default.subpathsOfDirectory(atPath: media.path)
        return names.filter { $0.hasSuffix(".part") }
    }
}

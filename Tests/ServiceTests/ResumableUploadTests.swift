import Crypto
import Foundation
import Logging
import Store
import Testing

@testable import Service

/// Resumable uploads with tus 1.0.0 against a real server on loopback: the protocol's paths and
/// refusals, cut connections, two PATCHes at once, a restart in the middle, expiry.
@Suite("Resumable uploads (tus)")
struct ResumableUploadTests {
    static let sample = TestPaths.speech("derived_nasa_13013_audio.m4a")

    static func study(on server: TestServer) async throws -> Int64 {
        let reply = try await server.send("POST", "/studies", token: server.adminToken, json: ["name": "Resumable"])
        #expect(reply.status == 201)
        return try reply.json(Study.self).id!
    }

    /// Files left in the resumable uploads' folder (none when the folder was never made; an
    /// unreadable folder is an error, not an empty list).
    static func leftovers(_ server: TestServer) throws -> [String] {
        let folder = server.backend.configuration.resumableUploadsDirectory.path
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder)
    }

    /// `OPTIONS /uploads` tells a tus client what the server speaks, without credentials.
    @Test func optionsAnnouncesTheProtocol() async throws {
        let server = try await TestServer.start { $0.maxUploadBytes = 123_456_789 }
        defer { server.shutdown() }
        let reply = try await server.send("OPTIONS", "/uploads")
        #expect(reply.status == 204)
        #expect(reply.headers["tus-resumable"] == "1.0.0")
        #expect(reply.headers["tus-version"] == "1.0.0")
        #expect(reply.headers["tus-max-size"] == "123456789")
        #expect(reply.headers["tus-checksum-algorithm"] == "sha256")
        let extensions = Set((reply.headers["tus-extension"] ?? "").split(separator: ",").map(String.init))
        #expect(extensions == ["creation", "termination", "checksum", "expiration"])
    }

    /// An upload in three PATCHes (one with its checksum) ends as a recording whose hash is the
    /// file's, with the metadata's title and name; HEAD tells the offset between them.
    @Test func anUploadInPartsBecomesTheRecording() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let studyID = try await Self.study(on: server)
        let bytes = try Data(contentsOf: Self.sample)
        let tus = TusClient(server: server, token: server.adminToken)
        let created = try await tus.create(
            length: bytes.count,
            metadata: ["studyId": "\(studyID)", "filename": "entretien-07.m4a", "title": "Entretien 7", "recordedAt": "2026-03-14T09:30:00Z"])
        #expect(created.status == 201, "\(created.text)")
        #expect(created.headers["tus-resumable"] == "1.0.0")
        #expect(created.headers["upload-expires"]?.hasSuffix(" GMT") == true)
        let path = try #require(created.headers["location"])
        #expect(path.hasPrefix("/uploads/") && path.count == "/uploads/".count + 32)

        let head = try await tus.head(path)
        #expect(head.status == 200)
        #expect(head.headers["upload-offset"] == "0")
        #expect(head.headers["upload-length"] == "\(bytes.count)")
        #expect(head.headers["cache-control"] == "no-store")

        let cuts = [0, bytes.count / 3, 2 * bytes.count / 3, bytes.count]
        var last: TestServer.Reply?
        for index in 0..<3 {
            let part = bytes.subdata(in: cuts[index]..<cuts[index + 1])
            let reply = try await tus.patch(path, offset: cuts[index], part, checksum: index == 1)
            #expect(reply.status == 204, "\(reply.text)")
            #expect(reply.headers["upload-offset"] == "\(cuts[index + 1])")
            if index < 2 { #expect(try await tus.head(path).headers["upload-offset"] == "\(cuts[index + 1])") }
            last = reply
        }
        let recordingID = try #require(last?.headers["verbatim-recording"].flatMap { Int64($0) })
        let recording = try #require(try await server.store.recording(id: recordingID))
        #expect(recording.fileHash == Hashing.sha256Hex(bytes))
        #expect(recording.studyID == studyID)
        #expect(recording.title == "Entretien 7")
        #expect(recording.originalName == "entretien-07.m4a")
        #expect(recording.recordedAt == Date(timeIntervalSince1970: 1_773_480_600))
        #expect(try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath)) == bytes)
        // The upload is over: nothing left, and its URL is gone.
        #expect(try Self.leftovers(server) == [])
        #expect(try await tus.head(path).status == 404)
        let events = try await server.store.auditEvents(afterID: 0, limit: 1000)
        #expect(events.contains { $0.action == "recording.upload" && $0.targetID == recordingID })
        #expect(events.contains { $0.action == "upload.create" && $0.studyID == studyID })
    }

    /// Every refusal of the protocol, with its status and the upload unchanged.
    @Test func protocolRefusals() async throws {
        let server = try await TestServer.start { $0.maxUploadBytes = 10_000_000 }
        defer { server.shutdown() }
        let studyID = try await Self.study(on: server)
        let bytes = try Data(contentsOf: Self.sample)
        let tus = TusClient(server: server, token: server.adminToken)
        let path = try await tus.create(bytes, studyID: studyID)

        let noVersion = try await server.send(
            "PATCH", path, token: server.adminToken, body: bytes.prefix(10),
            headers: ["Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"])
        #expect(noVersion.status == 412)
        #expect(noVersion.headers["tus-version"] == "1.0.0")
        #expect(noVersion.errorCode == "tus_version")
        let wrongType = try await tus.patch(path, offset: 0, bytes.prefix(10), contentType: "application/octet-stream")
        #expect(wrongType.status == 415)
        let wrongOffset = try await tus.patch(path, offset: 5, bytes.prefix(10))
        #expect(wrongOffset.status == 409)
        #expect(wrongOffset.errorCode == "offset_mismatch")
        let badSum = try await tus.patch(
            path, offset: 0, bytes.prefix(1000), checksumHeader: "sha256 \(Data(SHA256.hash(data: Data("other".utf8))).base64EncodedString())")
        #expect(badSum.status == 460)
        #expect(badSum.errorCode == "checksum_mismatch")
        let md5 = try await tus.patch(path, offset: 0, bytes.prefix(10), checksumHeader: "md5 1B2M2Y8AsgTpgAmY7PhCfg==")
        #expect(md5.status == 400)
        let tooLong = try await tus.patch(path, offset: 0, bytes + Data([0]))
        #expect(tooLong.status == 400)
        #expect(tooLong.errorCode == "upload_too_long")
        // None of these kept a byte.
        #expect(try await tus.head(path).headers["upload-offset"] == "0")
        let size = try FileManager.default.attributesOfItem(atPath: server.backend.uploads.dataFile(String(path.dropFirst(9))).path)[.size]
        #expect((size as? NSNumber)?.intValue == 0)

        // Creation refusals.
        #expect(try await tus.create(length: 20_000_000, metadata: ["studyId": "\(studyID)"]).status == 413)
        #expect(try await tus.create(length: 0, metadata: ["studyId": "\(studyID)"]).status == 400)
        #expect(try await tus.create(length: 100, metadata: ["filename": "a.wav"]).status == 400)
        #expect(try await tus.create(length: 100, metadata: ["studyId": "999"]).status == 404)
        #expect(try await tus.create(length: 100, metadata: [:], headers: ["Upload-Metadata": "studyId !!!"]).status == 400)
        #expect(try await tus.create(length: 100, metadata: ["studyId": "\(studyID)", "sha256": "abc"]).status == 400)
        #expect(try await tus.create(length: 100, metadata: ["studyId": "\(studyID)", "recordedAt": "yesterday"]).status == 400)
        let french = try await server.send(
            "POST", "/uploads", token: server.adminToken,
            headers: ["Tus-Resumable": "1.0.0", "Upload-Length": "x", "Accept-Language": "fr"])
        #expect(french.status == 400 && french.text.contains("entier"))

        // Only managers create; only the creator continues.
        let coder = try await server.createUser("Coder")
        let outsider = try await server.createUser("Outsider")
        let member = try await server.send(
            "PUT", "/studies/\(studyID)/members/\(coder.id)", token: server.adminToken, json: ["role": "coder"])
        #expect(member.status < 300, "\(member.text)")
        let byCoder = try await TusClient(server: server, token: coder.token).create(length: 100, metadata: ["studyId": "\(studyID)"])
        #expect(byCoder.status == 403)
        let stranger = TusClient(server: server, token: outsider.token)
        #expect(try await stranger.create(length: 100, metadata: ["studyId": "\(studyID)"]).status == 403)
        #expect(try await stranger.head(path).status == 404)
        #expect(try await stranger.patch(path, offset: 0, bytes.prefix(10)).status == 404)
        #expect(try await server.send("DELETE", path, token: outsider.token, headers: ["Tus-Resumable": "1.0.0"]).status == 404)
        #expect(try await tus.head("/uploads/../../verbatim.sqlite").status == 404)

        // Termination removes the upload and its files.
        let deleted = try await server.send("DELETE", path, token: server.adminToken, headers: ["Tus-Resumable": "1.0.0"])
        #expect(deleted.status == 204)
        #expect(try await tus.head(path).status == 404)
        #expect(try Self.leftovers(server) == [])
    }

    /// A PATCH cut in the middle keeps the bytes that arrived (the client resumes from them); one
    /// with Upload-Checksum keeps none. While a PATCH is open, a second one is refused.
    @Test func aCutPatchKeepsWhatArrivedAndASecondPatchWaits() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let studyID = try await Self.study(on: server)
        let bytes = try Data(contentsOf: Self.sample)
        let tus = TusClient(server: server, token: server.adminToken)
        let path = try await tus.create(bytes, studyID: studyID)

        let half = bytes.count / 2
        let open = try tus.partialPatch(path, offset: 0, bytes, sending: half)
        // The server holds the upload for the open PATCH: a second one is refused, not interleaved.
        let second = try await tus.waitUntilLocked(path)
        #expect(second.status == 423, "\(second.text)")
        #expect(second.errorCode == "upload_busy")
        #expect(try await server.send("DELETE", path, token: server.adminToken, headers: ["Tus-Resumable": "1.0.0"]).status == 423)
        open.close()
        let kept = try #require(try await tus.settledOffset(path))
        #expect(kept == half, "the server kept \(kept) of the \(half) bytes sent")

        // Cut again, with a checksum: nothing of it is kept.
        let checked = try tus.partialPatch(path, offset: kept, bytes.subdata(in: kept..<bytes.count), sending: 1000, checksum: true)
        #expect(try await tus.waitUntilLocked(path).status == 423)
        checked.close()
        #expect(try await tus.settledOffset(path) == kept)

        let rest = try await tus.patch(path, offset: kept, bytes.subdata(in: kept..<bytes.count))
        #expect(rest.status == 204, "\(rest.text)")
        let recordingID = try #require(rest.headers["verbatim-recording"].flatMap { Int64($0) })
        #expect(try await server.store.recording(id: recordingID)?.fileHash == Hashing.sha256Hex(bytes))
    }

    /// The whole file's SHA-256 is checked against the metadata's at the end: a mismatch removes the upload.
    @Test func aWholeFileMismatchRemovesTheUpload() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let studyID = try await Self.study(on: server)
        let bytes = try Data(contentsOf: Self.sample)
        let tus = TusClient(server: server, token: server.adminToken)
        var damaged = bytes
        damaged[damaged.count / 2] ^= 0xFF
        let path = try await tus.create(bytes, studyID: studyID)
        let reply = try await tus.patch(path, offset: 0, damaged)
        #expect(reply.status == 460)
        #expect(reply.errorCode == "checksum_mismatch")
        #expect(reply.text.contains(Hashing.sha256Hex(damaged)))
        #expect(try await server.store.recordings(studyID: studyID).isEmpty)
        #expect(try await tus.head(path).status == 404)
        #expect(try Self.leftovers(server) == [])

        // A file already in the study is refused at its last byte as a one-request upload is.
        let first = try await server.send("POST", "/studies/\(studyID)/recordings", token: server.adminToken, body: bytes)
        #expect(first.status == 201)
        let again = try await tus.create(bytes, studyID: studyID)
        let duplicate = try await tus.patch(again, offset: 0, bytes)
        #expect(duplicate.status == 409)
        #expect(duplicate.errorCode == "duplicate_recording")
        #expect(try Self.leftovers(server) == [])
    }

    /// A new server on the same data folder takes an upload up where the old one left it, and
    /// recomputes the hash of the bytes already there.
    @Test func anUploadSurvivesARestart() async throws {
        let first = try await TestServer.start()
        let studyID = try await Self.study(on: first)
        let researcher = try await first.createUser("Researcher")
        let member = try await first.send(
            "PUT", "/studies/\(studyID)/members/\(researcher.id)", token: first.adminToken, json: ["role": "researcher"])
        #expect(member.status < 300, "\(member.text)")
        let bytes = try Data(contentsOf: Self.sample)
        let path = try await TusClient(server: first, token: researcher.token).create(bytes, studyID: studyID)
        let third = bytes.count / 3
        #expect(try await TusClient(server: first, token: researcher.token).patch(path, offset: 0, bytes.prefix(third)).status == 204)
        await first.stopKeepingData()

        let second = try await TestServer.start(dataDirectory: first.dataDirectory)
        defer { second.shutdown() }
        let tus = TusClient(server: second, token: researcher.token)
        let head = try await tus.head(path)
        #expect(head.status == 200)
        #expect(head.headers["upload-offset"] == "\(third)")
        #expect(head.headers["upload-length"] == "\(bytes.count)")
        #expect(try await TusClient(server: second, token: second.adminToken).head(path).status == 404)
        let rest = try await tus.patch(path, offset: third, bytes.subdata(in: third..<bytes.count))
        #expect(rest.status == 204, "\(rest.text)")
        let recordingID = try #require(rest.headers["verbatim-recording"].flatMap { Int64($0) })
        #expect(try await second.store.recording(id: recordingID)?.fileHash == Hashing.sha256Hex(bytes))
    }

    /// An upload left alone longer than the expiry is removed by the sweep; a fresh one stays.
    @Test func abandonedUploadsExpire() async throws {
        let clock = ServiceClock.adjustable()
        let server = try await TestServer.start {
            $0.clock = clock
            $0.uploadExpiry = 3600
        }
        defer { server.shutdown() }
        let studyID = try await Self.study(on: server)
        let bytes = try Data(contentsOf: Self.sample)
        let tus = TusClient(server: server, token: server.adminToken)
        let old = try await tus.create(bytes, studyID: studyID)
        #expect(try await tus.patch(old, offset: 0, bytes.prefix(1000)).status == 204)
        clock.advance(by: 3000)
        let fresh = try await tus.create(bytes.prefix(5000), studyID: studyID)
        clock.advance(by: 700)
        let removed = await server.backend.uploads.sweep(logger: Logger(label: "test"))
        #expect(removed.map { "/uploads/\($0.id)" } == [old])
        #expect(try await tus.head(old).status == 404)
        #expect(try await tus.head(fresh).status == 200)
        #expect(Set(try Self.leftovers(server)) == [String(fresh.dropFirst(9)) + ".bin", String(fresh.dropFirst(9)) + ".json"])
        // Bytes move the expiry on: an hour after its last PATCH, not after its creation.
        clock.advance(by: 2000)
        #expect(try await tus.patch(fresh, offset: 0, bytes.prefix(10)).status == 204)
        clock.advance(by: 3000)
        #expect(await server.backend.uploads.sweep(logger: Logger(label: "test")).isEmpty)
        #expect(try await tus.head(fresh).status == 200)
    }
}

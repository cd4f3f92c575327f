import Foundation
import ZIPFoundation
import Logging
import Testing

@testable import Service
@testable import Store

/// Recordings still arriving, with media encrypted at rest, through the real server: a resumable
/// upload and a capture's parts are sealed on disk from their first byte (no window of the
/// recording in clear), survive cut PATCHes, a killed process and a restart, and become the same
/// recording as in clear; the live transcript hears sealed parts.
@Suite("Sealed recordings in progress")
struct SealedPartialMediaTests {
    typealias KeyFile = EncryptedMediaTests.KeyFile

    /// Files the server left in its `tmp/` folder (decrypted copies must all be gone).
    static func temporaryLeftovers(_ server: TestServer) throws -> [String] {
        let folder = server.backend.configuration.temporaryDirectory.path
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder)
    }

    /// An in-process worker of `kind` on the server's store and media (with their keys).
    static func worker(_ server: TestServer, kind: String) -> Worker {
        var worker = Worker(
            source: LocalJobSource(store: server.store, media: server.backend.media), configuration: server.backend.configuration,
            logger: Logger(label: "test.worker"))
        worker.kinds = [kind]
        return worker
    }

    /// Every name seen in the server's `tmp/` folder (made now if missing) every 20 ms until the
    /// task is cancelled.
    static func watchTemporaryFolder(_ server: TestServer) throws -> Task<Set<String>, any Error> {
        let path = server.backend.configuration.temporaryDirectory.path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return Task {
            var seen = Set<String>()
            while !Task.isCancelled {
                seen.formUnion(try FileManager.default.contentsOfDirectory(atPath: path))
                do { try await Task.sleep(for: .milliseconds(20)) } catch { break }
            }
            return seen
        }
    }

    /// The plain bytes of stored media (decrypted in memory when encrypted).
    static func plainBytes(_ server: TestServer, _ reference: String) throws -> Data {
        switch try server.backend.media.contents(of: reference) {
        case .file(let url): return try Data(contentsOf: url)
        case .encrypted(_, let size, let open): return try open().read(offset: 0, count: Int(size))
        }
    }

    /// Checks that `file` is sealed and holds no 64-byte window of `plain`.
    static func expectSealed(_ file: URL, against plain: Data, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let stored = try Data(contentsOf: file)
        #expect(stored.prefix(8) == SealedAppendFile.magic, "\(file.lastPathComponent) is not sealed", sourceLocation: sourceLocation)
        #expect(EncryptedMediaTests.sharedWindows(plain, stored) == 0, sourceLocation: sourceLocation)
    }

    @Test func aResumableUploadIsSealedThroughCutsAKillAndARestart() async throws {
        let keyFile = try KeyFile()
        defer { keyFile.cleanUp() }
        let first = try await TestServer.start(masterKey: keyFile.key)
        let studyID = try await ResumableUploadTests.study(on: first)
        // A researcher's upload (the admin of the restarted test server is another user).
        let researcher = try await first.createUser("Researcher")
        let member = try await first.send(
            "PUT", "/studies/\(studyID)/members/\(researcher.id)", token: first.adminToken, json: ["role": "researcher"])
        #expect(member.status < 300, "\(member.text)")
        let bytes = try Data(contentsOf: TestPaths.speech("en_jfk_inaugural.flac"))
        let tus = TusClient(server: first, token: researcher.token)
        let path = try await tus.create(bytes, studyID: studyID, filename: "entretien.flac")
        let id = String(path.dropFirst("/uploads/".count))
        let file = first.backend.configuration.resumableUploadsDirectory.appendingPathComponent("\(id).bin")

        let third = bytes.count / 3
        #expect(try await tus.patch(path, offset: 0, bytes.prefix(third)).status == 204)
        try Self.expectSealed(file, against: bytes)
        // A PATCH cut in the middle keeps what arrived, sealed too.
        let cut = try tus.partialPatch(path, offset: third, bytes.subdata(in: third..<bytes.count), sending: 200_000)
        _ = try await tus.waitUntilLocked(path)
        cut.close()
        let kept = try #require(try await tus.settledOffset(path))
        #expect(kept == third + 200_000, "the server kept \(kept - third) of the 200000 bytes sent")
        // A checksummed PATCH cut short keeps nothing: the sealed file is cut back to where it was.
        let checked = try tus.partialPatch(path, offset: kept, bytes.subdata(in: kept..<bytes.count), sending: 70_000, checksum: true)
        _ = try await tus.waitUntilLocked(path)
        checked.close()
        #expect(try await tus.settledOffset(path) == kept)
        try Self.expectSealed(file, against: bytes)
        let sealedSize = try Data(contentsOf: file).count
        #expect(sealedSize > kept && sealedSize < kept + 2_000, "sealed size \(sealedSize) for \(kept) plain bytes")
        await first.stopKeepingData()

        // The process was killed while writing: a record the state never counted, and half of another.
        let files = first.backend.partialFiles
        let appender = try files.appender(file, studyID: studyID, at: Int64(kept))
        try appender.append(bytes.subdata(in: kept..<kept + 10_000))
        try appender.flush()
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 3_000))
        try handle.close()

        let second = try await TestServer.start(dataDirectory: first.dataDirectory, masterKey: keyFile.key)
        defer { second.shutdown() }
        let again = TusClient(server: second, token: researcher.token)
        #expect(try await again.head(path).headers["upload-offset"] == "\(kept)")
        let rest = try await again.patch(path, offset: kept, bytes.subdata(in: kept..<bytes.count))
        #expect(rest.status == 204, "\(rest.text)")
        let recordingID = try #require(rest.headers["verbatim-recording"].flatMap { Int64($0) })
        let recording = try #require(try await second.store.recording(id: recordingID))
        #expect(recording.fileHash == Hashing.sha256Hex(bytes))
        let stored = URL(fileURLWithPath: recording.mediaPath)
        #expect(EncryptedFileFormat.isEncrypted(stored))
        #expect(try Self.plainBytes(second, recording.mediaPath) == bytes)
        #expect(try ResumableUploadTests.leftovers(second) == [])
        #expect(try Self.temporaryLeftovers(second) == [])
    }

    @Test func aOneRequestUploadIsSealedWhileItArrives() async throws {
        let keyFile = try KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start(masterKey: keyFile.key)
        defer { server.shutdown() }
        let study = try await EncryptedMediaTests.study(server)
        let bytes = try Data(contentsOf: TestPaths.speech("en_jfk_inaugural.flac"))
        // A slow client: 300 kB of the body, then nothing for a while.
        let socket = try RawSocket(port: server.port)
        var head = "POST /studies/\(study)/recordings?title=Lent HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"
        head += "Authorization: Bearer \(server.adminToken)\r\nContent-Length: \(bytes.count)\r\n\r\n"
        try socket.send(Data(head.utf8) + bytes.prefix(300_000))
        let media = server.backend.configuration.mediaDirectory
        func partials() throws -> [URL] {
            try FileManager.default.contentsOfDirectory(atPath: media.path)
                .filter { $0.hasPrefix("upload-") && $0.hasSuffix(".part") }.map { media.appendingPathComponent($0) }
        }
        var arriving: URL?
        for _ in 0..<200 {
            if let file = try partials().first, try Data(contentsOf: file).count > 200_000 {
                arriving = file
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let file = try #require(arriving, "no partial upload of 200 kB appeared in the media folder")
        try Self.expectSealed(file, against: bytes)
        // Cut: nothing stays.
        socket.close()
        var left = try partials()
        for _ in 0..<100 where !left.isEmpty {
            try await Task.sleep(for: .milliseconds(50))
            left = try partials()
        }
        #expect(left == [])
        #expect(try await server.store.recordings(studyID: study).isEmpty)
        // Whole, it is stored encrypted from its sealed records, with the plain bytes' hash.
        let (recording, plain) = try await EncryptedMediaTests.upload(server, study: study, "en_jfk_inaugural.flac")
        #expect(recording.fileHash == Hashing.sha256Hex(plain))
        #expect(EncryptedFileFormat.isEncrypted(URL(fileURLWithPath: recording.mediaPath)))
        #expect(try Self.plainBytes(server, recording.mediaPath) == plain)
        // A cut MP4 read through its sealed records is still told apart (its index is missing).
        let cut = try Data(contentsOf: TestPaths.speech("damaged_truncated_video_nasa_13013.mp4"))
        let refused = try await server.send("POST", "/studies/\(study)/recordings", token: server.adminToken, body: cut)
        #expect(refused.status == 422 && refused.errorCode == "unreadable_media")
        #expect(refused.text.contains("incomplete") && !refused.text.contains(".part"), "\(refused.text)")
        #expect(try partials() == [])
    }

    @Test func captureChunksAreSealedAndJoinIntoTheRecording() async throws {
        let keyFile = try KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start(masterKey: keyFile.key)
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let routes = CaptureRouteTests()
        let id = try await routes.start(server, f).id!
        let chunks = try CaptureRouteTests.chunks()
        let folder = server.dataDirectory.appendingPathComponent("media/captures/capture-\(id)")
        for (index, chunk) in chunks.enumerated() {
            let reply = try await routes.put(server, f, id, index, part: chunk.part, chunk.bytes)
            #expect(reply.status == 200, "chunk \(index): \(reply.text)")
            if index == 2 {
                // Killed after writing a chunk but before the store counted it: the torn write is cut off.
                let part = folder.appendingPathComponent("part-000.webm")
                let appender = try server.backend.partialFiles.appender(part, studyID: f.studyID, at: Int64.max)
                try appender.append(chunks[3].bytes.prefix(1_000))
                try appender.flush()
                let handle = try FileHandle(forWritingTo: part)
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(repeating: 0x11, count: 700))
                try handle.close()
            }
        }
        for (part, source) in CaptureRouteTests.partFiles.enumerated() {
            let file = folder.appendingPathComponent(String(format: "part-%03d.webm", part))
            let plain = try Data(contentsOf: source)
            try Self.expectSealed(file, against: plain)
            var read = Data()
            try server.backend.partialFiles.read(file, upTo: .max) { read.append($0) }
            #expect(read == plain, "part \(part) reads back as sent")
        }
        let reply = try await server.send(
            "POST", "/captures/\(id)/finish", token: f.tokens["researcher"], json: CaptureRoutes.Finish(chunkCount: chunks.count))
        #expect(reply.status == 200, "\(reply.text)")
        let recording = try #require(try await server.store.recordings(studyID: f.studyID).first { $0.consentBy != nil })
        #expect(EncryptedFileFormat.isEncrypted(URL(fileURLWithPath: recording.mediaPath)))
        #expect(try Self.temporaryLeftovers(server) == [], "the decrypted parts and their join are gone")
        let joined = server.dataDirectory.appendingPathComponent("joined.webm")
        try Self.plainBytes(server, recording.mediaPath).write(to: joined)
        let expected = try CaptureRouteTests.partFiles.map(CaptureRouteTests.seconds).reduce(0, +)
        #expect(abs(try CaptureRouteTests.seconds(joined) - expected) < 0.1)
        #expect(abs((recording.duration ?? 0) - expected) < 0.1, "stored \(recording.duration ?? 0) s, recorded \(expected) s")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func theLiveTranscriptHearsSealedParts() async throws {
        let keyFile = try KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start(masterKey: keyFile.key)
        defer { server.shutdown() }
        let (id, folder) = try await LiveTranscriptionJobTests.capture(server)
        let capture = try #require(try await server.store.capture(id: id))
        let ogg = server.dataDirectory.appendingPathComponent("source.ogg")
        try LiveTranscriptionJobTests.oggPart("fr_commonvoice_picovoice_test_fr.wav", pad: 2, to: ogg)
        let plain = try Data(contentsOf: ogg)
        let parts = server.backend.captureFolder(capture)
        try parts.write(plain, part: 0, at: 0)
        try Self.expectSealed(parts.part(0), against: plain)

        _ = try #require(try await server.backend.requestLiveTranscription(captureID: id, folder: folder, language: "fr"))
        let worker = Self.worker(server, kind: LiveTranscriptionRequest.kind)
        // The step reads the sealed part through a decrypting reader: nothing appears in `tmp/` (watched every 20 ms).
        let watcher = try Self.watchTemporaryFolder(server)
        #expect(try await worker.runOnce())
        watcher.cancel()
        #expect(try await watcher.value.isEmpty)
        let live = try await server.store.liveTranscript(captureID: id)
        #expect(live.text.lowercased().contains("consulat"), "\(live.text)")
    }
}

/// Exports with media encrypted at rest: sealed as soon as they are built, so one waiting for
/// its download (or left by a dropped client) is ciphertext; the download is the same archive.
@Suite("Sealed exports")
struct SealedExportTests {
    @Test func aBuiltExportIsSealedUnderItsStudyKey() async throws {
        let keyFile = try EncryptedMediaTests.KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start(masterKey: keyFile.key)
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let keyring = try #require(server.backend.partialFiles.keyring)
        let wav = try Data(contentsOf: TestPaths.speech("fr_commonvoice_picovoice_test_fr.wav"))
        let folder = server.backend.configuration.temporaryDirectory
        let file = try await TemporaryExportFile.build(in: folder, fileExtension: "zip", sealing: (keyring, f.studyID)) { url in
            try wav.write(to: url)
        }
        defer { file.remove() }
        #expect(file.url.lastPathComponent.hasSuffix(".sealed.zip"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [file.url.lastPathComponent], "the clear file is gone")
        let stored = try Data(contentsOf: file.url)
        #expect(stored.prefix(8) == EncryptedFileFormat.magic)
        #expect(EncryptedMediaTests.sharedWindows(wav, stored) == 0)
        let reader = try EncryptedFileReader(url: file.url, key: keyring.key(id:))
        #expect(try reader.read(offset: 0, count: wav.count + 1) == wav)
        #expect(reader.keyID == (try keyring.key(forStudy: f.studyID)).id)
    }

    /// `verbatim export` puts encrypted media in an archive in clear with the master key, and
    /// says what to do without it.
    @Test func theCommandLineExportsEncryptedMediaWithTheMasterKey() async throws {
        let keyFile = try EncryptedMediaTests.KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start(masterKey: keyFile.key)
        defer { server.shutdown() }
        let study = try await EncryptedMediaTests.study(server)
        let (recording, plain) = try await EncryptedMediaTests.upload(server, study: study, "en_commonvoice_651325.mp3")
        #expect(EncryptedFileFormat.isEncrypted(URL(fileURLWithPath: recording.mediaPath)))
        _ = try await server.store.addTranscript(
            recordingID: recording.id!,
            TranscriptInput(engine: "human", model: "", language: "en", segments: [SegmentInput(start: 0, end: 3, text: "A purchase.")]))
        let output = server.dataDirectory.deletingLastPathComponent().appendingPathComponent("export-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: output) }
        let arguments = [
            "export", "--store", server.backend.configuration.databaseURL.path, "--study", "\(study)", "--recording", "\(recording.id!)",
            "--format", "eaf-media", "-o", output.path,
        ]
        let verbatim = TestPaths.verbatimExecutable.path
        let refused = try await CommandLineRun.run(verbatim, arguments)
        #expect(refused.status != 0 && refused.errors.contains("master key"), "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let run = try await CommandLineRun.run(verbatim, arguments + ["--master-key-file", keyFile.url.path])
        #expect(run.status == 0, "\(run.errors)")
        let archive = try Archive(url: output, accessMode: .read)
        let entry = try #require(archive.first { $0.path.hasSuffix(".mp3") }, "\(archive.map(\.path))")
        var extracted = Data()
        _ = try archive.extract(entry) { extracted.append($0) }
        #expect(extracted == plain)
    }

    @Test func anExportDownloadsWholeAndLeavesNothing() async throws {
        let keyFile = try EncryptedMediaTests.KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start(masterKey: keyFile.key)
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let reply = try await server.send(
            "GET", "/studies/\(f.studyID)/export?format=eaf-media&recording=\(f.recordingID)", token: f.tokens["researcher"])
        #expect(reply.status == 200 && reply.headers["content-type"] == "application/zip", "\(reply.text.prefix(300))")
        #expect(reply.headers["content-length"] == "\(reply.body.count)")
        let archive = try Archive(data: reply.body, accessMode: .read)
        let entry = try #require(archive.first { $0.path.hasSuffix(".wav") })
        var extracted = Data()
        _ = try archive.extract(entry) { extracted.append($0) }
        #expect(extracted == (try Data(contentsOf: TestPaths.speech("fr_commonvoice_picovoice_test_fr.wav"))))
        // Deleted once the body is written (just after the client has it: waited for up to 5 s).
        var left = try SealedPartialMediaTests.temporaryLeftovers(server).filter { $0.hasPrefix("export-") }
        for _ in 0..<100 where !left.isEmpty {
            try await Task.sleep(for: .milliseconds(50))
            left = try SealedPartialMediaTests.temporaryLeftovers(server).filter { $0.hasPrefix("export-") }
        }
        #expect(left == [])
    }
}

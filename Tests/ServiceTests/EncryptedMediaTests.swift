import Crypto
import Foundation
import Service
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Media encrypted at rest through the real server: nothing of the recording on disk, playback by
/// byte ranges still exact, a worker process transcribing it, a wrong master key refused, plain
/// installations converted by `verbatim admin encrypt-media` even when killed, backups kept.
@Suite("Encrypted media")
struct EncryptedMediaTests {
    /// A master key file outside any data folder (removed by `cleanUp`).
    struct KeyFile {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-key-\(UUID().uuidString)")
        var url: URL { folder.appendingPathComponent("master.key") }
        let key: MasterKey

        init() throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            key = try MasterKey.create(at: folder.appendingPathComponent("master.key"))
        }

        func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    }

    static let samples = [
        "en_commonvoice_651325.mp3", "en_jfk_inaugural.flac", "derived_nasa_13013_audio.m4a", "en_librispeech_5703-47212-0000.ogg",
        "fr_commonvoice_picovoice_test_fr.wav",
    ]

    static func upload(_ server: TestServer, study: Int64, _ sample: String) async throws -> (Recording, Data) {
        let bytes = try Data(contentsOf: TestPaths.speech(sample))
        let reply = try await server.send("POST", "/studies/\(study)/recordings?title=\(sample)", token: server.adminToken, body: bytes)
        #expect(reply.status == 201, "\(reply.text)")
        let shown: Recording = try reply.json()
        return (try #require(try await server.store.recording(id: shown.id!)), bytes)
    }

    static func study(_ server: TestServer) async throws -> Int64 {
        let reply = try await server.send("POST", "/studies", token: server.adminToken, json: ["name": "Encrypted"])
        return try reply.json(Study.self).id!
    }

    /// Container signatures a stored media file must not start with.
    static let magics = ["ID3", "fLaC", "RIFF", "OggS", "\u{1A}\u{45}\u{DF}\u{A3}"].map { Data($0.utf8) }

    @Test func uploadedMediaIsEncryptedAndPlaysByRanges() async throws {
        let keyFile = try KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start(masterKey: keyFile.key)
        defer { server.shutdown() }
        let study = try await Self.study(server)
        for sample in ["en_jfk_inaugural.flac", "derived_nasa_13013_audio.m4a"] {
            let (recording, plain) = try await Self.upload(server, study: study, sample)
            #expect(recording.fileHash == Hashing.sha256Hex(plain), "the hash stays the plain media's")
            let stored = try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath))
            #expect(stored.prefix(8) == EncryptedFileFormat.magic)
            #expect(!Self.magics.contains { stored.prefix($0.count) == $0 } && stored.subdata(in: 4..<8) != Data("ftyp".utf8))
            #expect(Self.sharedWindows(plain, stored) == 0, "\(sample): a 64-byte window of the recording is on disk")
            // Playback through the server: whole, and by ranges (random, the first and the last byte).
            let path = "/recordings/\(recording.id!)/media"
            let whole = try await server.send("GET", path, token: server.adminToken)
            #expect(whole.status == 200 && whole.body == plain)
            #expect(whole.headers["accept-ranges"] == "bytes")
            let size = plain.count
            var ranges = ["bytes=0-0": 0..<1, "bytes=\(size - 1)-": size - 1..<size, "bytes=-100": size - 100..<size]
            for _ in 0..<12 {
                let start = Int.random(in: 0..<size), end = min(size - 1, start + Int.random(in: 0..<200_000))
                ranges["bytes=\(start)-\(end)"] = start..<end + 1
            }
            for (header, range) in ranges {
                let reply = try await server.send("GET", path, token: server.adminToken, headers: ["Range": header])
                #expect(reply.status == 206, "\(header)")
                #expect(reply.headers["content-range"] == "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(size)", "\(header)")
                #expect(reply.body == plain.subdata(in: range), "\(header)")
            }
            let outside = try await server.send("GET", path, token: server.adminToken, headers: ["Range": "bytes=\(size)-"])
            #expect(outside.status == 416 && outside.headers["content-range"] == "bytes */\(size)")
        }
        // A REFI-QDA export embeds the plain media (decrypted into the archive), not the encrypted files.
        let export = try await server.send("GET", "/studies/\(study)/export?format=qdpx", token: server.adminToken)
        #expect(export.status == 200, "\(export.text.prefix(300))")
        for sample in ["en_jfk_inaugural.flac", "derived_nasa_13013_audio.m4a"] {
            #expect(export.body.range(of: try Data(contentsOf: TestPaths.speech(sample))) != nil, "\(sample) in the export")
        }
        #expect(export.body.range(of: EncryptedFileFormat.magic) == nil)
        // A damaged stored file is refused with a typed error, not served.
        let (damaged, _) = try await Self.upload(server, study: study, "en_librispeech_5703-47212-0000.ogg")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: damaged.mediaPath))
        bytes[bytes.count - 5] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: damaged.mediaPath))
        let refused = try await server.send("GET", "/recordings/\(damaged.id!)/media", token: server.adminToken)
        #expect(refused.status == 500 && refused.errorCode == "media_unreadable")
        let french = try await server.send(
            "GET", "/recordings/\(damaged.id!)/media", token: server.adminToken, headers: ["Accept-Language": "fr"])
        #expect(french.text.contains("échoue"))
    }

    @Test func aWorkerProcessTranscribesAnEncryptedRecording() async throws {
        let keyFile = try KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start(masterKey: keyFile.key)
        defer { server.shutdown() }
        let study = try await Self.study(server)
        let (recording, _) = try await Self.upload(server, study: study, "en_commonvoice_651325.mp3")
        let jobID = try await WorkerProcessTests.enqueue(server, recordingID: recording.id!)
        try FileManager.default.createDirectory(at: server.backend.configuration.temporaryDirectory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = TestPaths.verbatimExecutable
        process.arguments = [
            "worker", "--data", server.dataDirectory.path, "--models", TestPaths.models.path, "--once",
            "--master-key-file", keyFile.url.path,
        ]
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        try await WorkerProcessTests.waitForExit(process, timeout: 300)
        #expect(process.terminationStatus == 0)
        let job = try #require(try await server.store.job(id: jobID))
        #expect(job.state == .succeeded, "\(job.error ?? "")")
        let transcript = try #require(try await server.store.transcripts(recordingID: recording.id!).first)
        #expect(transcript.text.lowercased().contains("purchase"), "\(transcript.text)")
        // The worker decoded through a decrypting reader: no clear copy was made (the folder exists, made before).
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: server.backend.configuration.temporaryDirectory.path)
        #expect(leftovers.filter { $0.hasPrefix("plain-") }.isEmpty)
    }

    /// A transcription job reads encrypted media through a decrypting reader: no clear copy of the
    /// recording appears in the data folder while it runs (watched every 20 ms).
    @Test func aJobDecodesEncryptedMediaWithoutAClearCopy() async throws {
        let keyFile = try KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start(masterKey: keyFile.key)
        defer { server.shutdown() }
        let study = try await Self.study(server)
        let (recording, _) = try await Self.upload(server, study: study, "en_commonvoice_651325.mp3")
        let jobID = try await WorkerProcessTests.enqueue(server, recordingID: recording.id!)
        let worker = SealedPartialMediaTests.worker(server, kind: TranscriptionRequest.kind)
        let watcher = try SealedPartialMediaTests.watchTemporaryFolder(server)
        #expect(try await worker.runOnce())
        watcher.cancel()
        let seen = try await watcher.value
        #expect(seen.filter { $0.hasPrefix("plain-") }.isEmpty, "clear copies seen: \(seen)")
        let job = try #require(try await server.store.job(id: jobID))
        #expect(job.state == .succeeded, "\(job.error ?? "")")
        let transcript = try #require(try await server.store.transcripts(recordingID: recording.id!).first)
        #expect(transcript.text.lowercased().contains("purchase"), "\(transcript.text)")
    }

    @Test func aWrongMasterKeyIsRefusedAtStartWithoutTouchingData() async throws {
        let keyFile = try KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start(masterKey: keyFile.key)
        let study = try await Self.study(server)
        let (recording, plain) = try await Self.upload(server, study: study, "en_jfk_inaugural.flac")
        await server.stopKeepingData()
        defer { try? FileManager.default.removeItem(at: server.dataDirectory) }
        let before = try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath))
        let sqlite = try #require(server.store as? SQLiteStore)
        let keys = try sqlite.studyKeyMasterIDs()
        #expect(keys == [keyFile.key.id])
        do {
            _ = try await TestServer.start(dataDirectory: server.dataDirectory, masterKey: MasterKey.generate())
            Issue.record("a wrong master key must be refused")
        } catch let error as EncryptionError {
            #expect(error.reason == .masterKey && error.message.contains("not the one") && error.french.contains("n’est pas celle"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath)) == before)
        #expect(try sqlite.studyKeyMasterIDs() == keys)
        #expect(try sqlite.wrappedStudyKey(studyID: study) != nil)
        // The right key opens it again and plays the recording.
        let again = try await TestServer.start(dataDirectory: server.dataDirectory, masterKey: keyFile.key)
        defer { again.shutdown() }
        let reply = try await again.send("GET", "/recordings/\(recording.id!)/media", token: again.adminToken)
        #expect(reply.body == plain)
        // Without a key, the encrypted file is never served as if it were media.
        await again.stopKeepingData()
        let keyless = try await TestServer.start(dataDirectory: server.dataDirectory)
        defer { keyless.shutdown() }
        let refused = try await keyless.send("GET", "/recordings/\(recording.id!)/media", token: keyless.adminToken)
        #expect(refused.status == 503 && refused.errorCode == "media_encrypted" && refused.body != before)
    }

    @Test func encryptMediaConvertsAPlainFolderEvenWhenKilled() async throws {
        let keyFile = try KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start()
        let study = try await Self.study(server)
        var plain: [(Recording, Data)] = []
        for sample in Self.samples { plain.append(try await Self.upload(server, study: study, sample)) }
        await server.stopKeepingData()
        defer { try? FileManager.default.removeItem(at: server.dataDirectory) }
        for (recording, bytes) in plain { #expect(try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath)) == bytes) }
        // A run killed (SIGKILL) at several moments, then one to the end.
        for delay in [0.05, 0.2, 0.4] {
            let process = try Self.encryptMedia(server.dataDirectory, keyFile)
            try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Every file is whole: plain and identical, or encrypted.
            for (recording, bytes) in plain {
                let stored = try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath))
                #expect(stored == bytes || stored.prefix(8) == EncryptedFileFormat.magic)
            }
        }
        // The state a kill between the write and the rename leaves, whatever the timing above:
        // a half-written encrypted copy beside a file.
        let (first, firstBytes) = plain[0]
        let partial = URL(fileURLWithPath: first.mediaPath + ".encrypting")
        try (EncryptedFileFormat.magic + firstBytes.prefix(1000)).write(to: partial)
        let last = try Self.encryptMedia(server.dataDirectory, keyFile)
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        let restarted = try await TestServer.start(dataDirectory: server.dataDirectory, masterKey: keyFile.key)
        defer { restarted.shutdown() }
        for (recording, bytes) in plain {
            let stored = try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath))
            #expect(stored.prefix(8) == EncryptedFileFormat.magic)
            #expect(Self.sharedWindows(bytes, stored) == 0)
            let played = try await restarted.send("GET", "/recordings/\(recording.id!)/media", token: restarted.adminToken)
            #expect(played.body == bytes)
        }
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: server.dataDirectory.appendingPathComponent("media").path)
        #expect(leftovers.filter { $0.hasSuffix(".encrypting") }.isEmpty)
        let events = try await restarted.store.auditEvents(afterID: 0, limit: 10_000).filter { $0.action == "media.encrypt" }
        #expect(!events.isEmpty)

        // A backup copies the encrypted files and the wrapped keys, never the master key, and restores.
        let backup = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-backup-\(UUID().uuidString)")
        let restored = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-restored-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: backup)
            try? FileManager.default.removeItem(at: restored)
        }
        let sqlite = try #require(restarted.store as? SQLiteStore)
        let manifest = try await DataBackup.make(store: sqlite, dataFolder: server.dataDirectory, to: backup)
        #expect(manifest.files.filter { $0.path.hasPrefix("media/") }.count == Self.samples.count)
        let everything = try FileManager.default.subpathsOfDirectory(atPath: backup.path)
        let keyText = try String(contentsOf: keyFile.url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        for path in everything {
            let data = (try? Data(contentsOf: backup.appendingPathComponent(path))) ?? Data()
            #expect(data.range(of: Data(keyText.utf8)) == nil, "\(path)")
            #expect(data.range(of: keyFile.key.key.withUnsafeBytes { Data($0) }) == nil, "\(path)")
        }
        _ = try await DataBackup.restore(from: backup, into: restored)
        await restarted.stopKeepingData()
        let fromBackup = try await TestServer.start(dataDirectory: restored, masterKey: keyFile.key)
        defer { fromBackup.shutdown() }
        for (recording, bytes) in plain {
            let played = try await fromBackup.send("GET", "/recordings/\(recording.id!)/media", token: fromBackup.adminToken)
            #expect(played.body == bytes)
        }
    }

    static func encryptMedia(_ data: URL, _ keyFile: KeyFile) throws -> Process {
        let process = Process()
        process.executableURL = TestPaths.verbatimExecutable
        process.arguments = ["admin", "encrypt-media", "--data", data.path, "--master-key-file", keyFile.url.path]
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        return process
    }

    /// How many 64-byte windows of `plain` (every 64 bytes) occur anywhere in `stored`.
    static func sharedWindows(_ plain: Data, _ stored: Data, width: Int = 64) -> Int {
        var windows = Set<Data>()
        var offset = 0
        while offset + width <= plain.count {
            windows.insert(plain.subdata(in: offset..<offset + width))
            offset += width
        }
        let bytes = [UInt8](stored)
        var found = 0, index = 0
        while index + width <= bytes.count {
            if windows.contains(Data(bytes[index..<index + width])) { found += 1 }
            index += 1
        }
        return found
    }
}

import Foundation
import PostgresNIO
import Store
import Testing

@testable import PostgresStore

/// The whole service on PostgreSQL, as a team runs it: `admin`, `serve` with its worker child,
/// `export`, `backup` while the server runs and `restore` into an empty database, all with
/// `--database postgres://…`, and nothing written to the SQLite file of the data folder.
@Suite("The service on PostgreSQL", .serialized)
struct PostgresServeTests {
    /// The test cluster's URL with a new schema, and its location; `nil` (skipped) without a
    /// cluster outside CI.
    static func freshDatabase(function: String = #function) throws -> (url: String, location: PostgresLocation)? {
        let environment = ProcessInfo.processInfo.environment
        guard let base = environment["VERBATIM_TEST_POSTGRES_URL"], !base.isEmpty else {
            if environment["CI"] == "true" { throw TestFailure("VERBATIM_TEST_POSTGRES_URL is not set under CI (scripts/test sets it)") }
            print("\(function): skipped, VERBATIM_TEST_POSTGRES_URL is not set (run scripts/postgres start and export its URL)")
            return nil
        }
        let schema = "serve_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        return (base + (base.contains("?") ? "&" : "?") + "schema=\(schema)", try PostgresLocation(url: base, schema: schema))
    }

    struct Identified: Decodable { var id: Int64 }

    @Test func serveExportBackupAndRestoreOnPostgreSQL() async throws {
        guard let (database, location) = try Self.freshDatabase() else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-pg-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let verbatim = TestPaths.verbatimExecutable.path
        let data = folder.appendingPathComponent("data"), backup = folder.appendingPathComponent("backup")
        let restored = folder.appendingPathComponent("restored")

        let created = try await CommandLineRun.run(
            verbatim, ["admin", "create-user", "--data", data.path, "--database", database, "--name", "Admin", "--admin"])
        let tokenLine = try #require(
            created.output.split(separator: "\n").first { $0.hasPrefix("token ") }, "\(created.status) \(created.errors)")
        let auth = [("Authorization", "Bearer \(tokenLine.dropFirst(6))")]

        // The worker child finds the same database through its environment, not its arguments.
        let serve = try await ServeProcess.start(
            ["--data", data.path, "--database", database, "--models", TestPaths.models.path, "--workers", "1", "--lease", "5"],
            log: folder.appendingPathComponent("serve.log"))
        var stopped = false
        defer { if !stopped { serve.process.terminate() } }
        #expect(serve.logText.contains("store on PostgreSQL"), "\(serve.logText)")
        let base = "http://127.0.0.1:\(serve.port)"
        let study = try await CurlClient().send(
            "POST", "\(base)/studies", headers: auth + [("Content-Type", "application/json")], body: Data(#"{"name":"Cohorte PG"}"#.utf8))
        let studyID = try #require(try JSONDecoder().decode(StudyID.self, from: study.body).id, "\(study.text)")
        let upload = try await CurlClient().send(
            "POST", "\(base)/studies/\(studyID)/recordings", headers: auth,
            body: try Data(contentsOf: TestPaths.speech("en_librispeech_1272-128104-0000_picovoice.wav")))
        #expect(upload.status == 201, "\(upload.text)")
        let recordingID = try JSONDecoder().decode(Identified.self, from: upload.body).id
        let job = try await CurlClient().send(
            "POST", "\(base)/recordings/\(recordingID)/jobs", headers: auth + [("Content-Type", "application/json")],
            body: Data(#"{"model":"whisper-tiny.en"}"#.utf8))
        #expect(job.status == 202, "\(job.text)")
        let jobID = try JSONDecoder().decode(Identified.self, from: job.body).id

        let live = try await PostgresStore.open(location)
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, let state = try await live.job(id: jobID)?.state, state != .succeeded, state != .failed {
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        let finished = try #require(try await live.job(id: jobID))
        #expect(finished.state == .succeeded, "\(finished.error ?? "") \(serve.logText.suffix(2000))")
        let transcript = try #require(try await live.latestTranscript(recordingID: recordingID))
        #expect(transcript.text.lowercased().contains("quilter"), "\(transcript.text)")
        #expect(
            !FileManager.default.fileExists(atPath: data.appendingPathComponent("verbatim.sqlite").path),
            "neither the server nor its worker opened the SQLite store")

        let exported = try await CommandLineRun.run(
            verbatim, ["export", "--database", database, "--study", "\(studyID)", "--recording", "\(recordingID)", "--format", "txt"])
        #expect(exported.status == 0 && exported.output.lowercased().contains("quilter"), "\(exported.errors)")

        // A backup while the server runs: pg_dump of one snapshot, and the media.
        let made = try await CommandLineRun.run(
            verbatim, ["backup", "--to", backup.path, "--data", data.path, "--database", database], timeout: 300)
        #expect(made.status == 0, "\(made.errors)")
        #expect(FileManager.default.fileExists(atPath: backup.appendingPathComponent("verbatim.pgdump").path))
        #expect(!FileManager.default.fileExists(atPath: backup.appendingPathComponent("verbatim.sqlite").path))
        #expect(try await serve.stop() == 0)
        stopped = true
        let before = try await live.contents()

        // The database is lost (its schema dropped); the backup brings it back.
        try await live.withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(location.schema!) CASCADE"), logger: live.logger)
        }
        live.close()
        let asSQLite = try await CommandLineRun.run(
            verbatim, ["restore", "--from", backup.path, "--data", folder.appendingPathComponent("elsewhere").path])
        #expect(asSQLite.status != 0 && asSQLite.errors.contains("verbatim.pgdump"), "\(asSQLite.errors)")
        let back = try await CommandLineRun.run(
            verbatim, ["restore", "--from", backup.path, "--data", restored.path, "--database", database], timeout: 300)
        #expect(back.status == 0, "\(back.errors)")
        #expect(back.output.contains("audit events intact"), "\(back.output)")

        let copy = try await PostgresStore.open(location)
        defer { copy.close() }
        let after = try await copy.contents()
        #expect(after.audit.isIntact)
        for table in ["recording", "transcript", "segment", "job", "study", "app_user"] {
            #expect(after.rows[table] == before.rows[table] && (after.rows[table] ?? 0) > 0, "\(table)")
        }
        // One event more before the restore: the backup's own, written after its snapshot.
        #expect(after.audit.eventCount == before.audit.eventCount - 1, "\(after.audit.eventCount) \(before.audit.eventCount)")
        let recording = try #require(try await copy.recording(id: recordingID))
        #expect(recording.mediaPath.hasPrefix(restored.path), "media paths point into the restored folder")
        #expect(Hashing.sha256Hex(try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath))) == recording.fileHash)
        #expect(try await copy.latestTranscript(recordingID: recordingID)?.text == transcript.text)

        // A second restore into the same, now full, database is refused and changes nothing.
        let again = try await CommandLineRun.run(
            verbatim, ["restore", "--from", backup.path, "--data", folder.appendingPathComponent("again").path, "--database", database],
            timeout: 300)
        #expect(again.status != 0 && again.errors.contains("already holds a Verbatim store"), "\(again.errors)")
        #expect(try await copy.contents() == after)
    }

    @Test func anUnknownDatabaseAddressIsRefusedBeforeAnythingIsCreated() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-pg-address-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        let refused = try await CommandLineRun.run(
            TestPaths.verbatimExecutable.path, ["serve", "--database", "mysql://db.example/verbatim", "--port", "0", "--data", data.path])
        #expect(refused.status != 0 && refused.errors.contains("postgres://USER:PASSWORD@HOST:PORT/DATABASE"), "\(refused.errors)")
        let noName = try await CommandLineRun.run(
            TestPaths.verbatimExecutable.path, ["study", "list", "--database", "postgres://127.0.0.1:5432"])
        #expect(noName.status != 0 && noName.errors.contains("names no database"), "\(noName.errors)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }
}

import Foundation
import Store
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The whole path with the built binaries only: `verbatim admin` makes the administrator and a
/// worker token, `verbatim serve` (no worker of its own) serves the API, and a `verbatim worker
/// --server` process transcribes a real sample through it.
@Suite("Remote worker against verbatim serve", .serialized)
struct RemoteWorkerServeTests {
    /// Runs `verbatim ARGS` to its end (60 s at most) and returns its standard output.
    static func verbatim(_ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = TestPaths.verbatimExecutable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        try await WorkerProcessTests.waitForExit(process, timeout: 60)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else { throw TestFailure("verbatim \(arguments.joined(separator: " ")) failed: \(text)") }
        return text
    }

    /// One HTTP exchange with the served API.
    static func send(_ base: URL, _ method: String, _ path: String, token: String, body: Data? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        request.timeoutInterval = 60
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    @Test func aRemoteWorkerTranscribesForTheServeBinary() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        try PrivateFiles.createFolder(folder)

        let created = try await Self.verbatim(["admin", "create-user", "--data", data.path, "--name", "Admin", "--admin"])
        let adminToken = try #require(created.split(separator: "\n").first { $0.hasPrefix("token ") }).dropFirst(6)
        let userID = try #require(created.split(separator: " ").dropFirst().first.flatMap { Int64($0) })
        let tokenFile = folder.appendingPathComponent("worker.token")
        _ = try await Self.verbatim([
            "admin", "create-worker-token", "--data", data.path, "--user", "\(userID)", "--label", "gpu-1", "--output", tokenFile.path,
        ])
        let mode = try FileManager.default.attributesOfItem(atPath: tokenFile.path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the token file is readable by its owner only")
        let workerToken = try String(contentsOf: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(workerToken.hasPrefix("vbt_"))

        let log = folder.appendingPathComponent("serve.log")
        try PrivateFiles.createFile(log)
        let serve = Process()
        serve.executableURL = TestPaths.verbatimExecutable
        serve.arguments = ["serve", "--data", data.path, "--models", TestPaths.models.path, "--port", "0", "--workers", "0"]
        serve.standardError = try FileHandle(forWritingTo: log)
        try serve.run()
        defer {
            serve.terminate()
            serve.waitUntilExit()
        }
        var port: Int?
        let deadline = Date().addingTimeInterval(60)
        while port == nil, Date() < deadline, serve.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            port = text.range(of: "port=").flatMap { Int(text[$0.upperBound...].prefix { $0.isNumber }) }
            if port == nil { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        let bound = try #require(port, "verbatim serve did not say its port")
        let base = URL(string: "http://127.0.0.1:\(bound)")!
        let token = String(adminToken)

        let (studyStatus, studyBody) = try await Self.send(base, "POST", "/studies", token: token, body: Data(#"{"name":"Served"}"#.utf8))
        #expect(studyStatus == 201, "\(String(decoding: studyBody, as: UTF8.self))")
        let studyID = try #require(try JSONSerialization.jsonObject(with: studyBody) as? [String: Any])["id"] as? Int
        let (uploadStatus, uploadBody) = try await Self.send(
            base, "POST", "/studies/\(studyID ?? 0)/recordings?title=LibriSpeech", token: token,
            body: try Data(contentsOf: TestPaths.speech("en_librispeech_1272-128104-0000_picovoice.wav")))
        #expect(uploadStatus == 201, "\(String(decoding: uploadBody, as: UTF8.self))")
        let recordingID = try #require(try JSONSerialization.jsonObject(with: uploadBody) as? [String: Any])["id"] as? Int
        let (jobStatus, jobBody) = try await Self.send(
            base, "POST", "/recordings/\(recordingID ?? 0)/jobs", token: token, body: Data(#"{"model":"whisper-tiny.en","language":"en"}"#.utf8))
        #expect(jobStatus == 202, "\(String(decoding: jobBody, as: UTF8.self))")
        let jobID = try #require(try JSONSerialization.jsonObject(with: jobBody) as? [String: Any])["id"] as? Int

        // The worker token opens nothing but the worker API of the served binary either.
        #expect(try await Self.send(base, "GET", "/studies", token: workerToken).0 == 403)

        let (worker, workerFolder) = try RemoteWorkerProcessTests.startRemoteWorker(server: base, token: workerToken, lease: 10, once: true)
        defer { try? FileManager.default.removeItem(at: workerFolder) }
        try await WorkerProcessTests.waitForExit(worker, timeout: 600)
        #expect(worker.terminationStatus == 0)
        let (_, finished) = try await Self.send(base, "GET", "/jobs/\(jobID ?? 0)", token: token)
        let job = try #require(try JSONSerialization.jsonObject(with: finished) as? [String: Any])
        #expect(job["state"] as? String == "succeeded", "\(job)")
        let (_, transcript) = try await Self.send(base, "GET", "/recordings/\(recordingID ?? 0)/transcript", token: token)
        #expect(String(decoding: transcript, as: UTF8.self).lowercased().contains("quilter"))
    }
}

import Foundation
import Service
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `verbatim worker --server URL` as a real process against a real server on loopback: it has no
/// access to the server's data folder, only to the worker API.
@Suite("Remote worker processes", .serialized)
struct RemoteWorkerProcessTests {
    /// Starts `verbatim worker --server` with the token in a private file (not in `ps`).
    static func startRemoteWorker(
        server: URL, token: String, lease: Double, once: Bool = false, namespace: String? = nil
    ) throws -> (Process, URL) {
        let executable = TestPaths.verbatimExecutable
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw TestFailure("\(executable.path) is missing: build the `verbatim` product before these tests")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-remote-\(UUID().uuidString)")
        try PrivateFiles.createFolder(folder)
        let tokenFile = folder.appendingPathComponent("token")
        try PrivateFiles.createFile(tokenFile)
        try Data(token.utf8).write(to: tokenFile)
        let process = Process()
        // In a network namespace, `ip netns exec` replaces itself with the worker: the process is the worker's.
        process.executableURL = namespace == nil ? executable : URL(fileURLWithPath: NetworkNamespace.ip)
        // The working folder is empty: the worker finds no data folder of the server's, only its models.
        process.currentDirectoryURL = folder
        process.arguments =
            [
                "worker", "--server", server.absoluteString, "--token-file", tokenFile.path, "--models", TestPaths.models.path,
                "--lease", "\(lease)", "--grace", "0",
            ] + (once ? ["--once"] : [])
        if let namespace { process.arguments = ["netns", "exec", namespace, executable.path] + process.arguments! }
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        return (process, folder)
    }

    @Test func aRemoteWorkerTranscribesAndAKilledOnesJobCompletesElsewhere() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let token = try await WorkerAPITests.workerToken(server).token
        let (recording, jobID) = try await WorkerAPITests.queuedJob(server)

        // A remote worker transcribes a real sample through the API.
        let (first, firstFolder) = try Self.startRemoteWorker(server: server.baseURL, token: token, lease: 6)
        defer { try? FileManager.default.removeItem(at: firstFolder) }
        let done = try await WorkerProcessTests.waitForJob(server, jobID, timeout: 600) { [.succeeded, .failed].contains($0.state) }
        #expect(done.state == .succeeded, "\(done.error ?? "")")
        #expect(done.progress == 1)
        let transcript = try #require(try await server.store.latestTranscript(recordingID: recording.id!))
        #expect(transcript.text.lowercased().contains("quilter"), "\(transcript.text)")
        #expect(transcript.model == "whisper-tiny.en")
        #expect(!(try await server.store.words(transcriptID: transcript.id!)).isEmpty)
        // Its download is gone once the job ended.
        let left = try FileManager.default.contentsOfDirectory(atPath: firstFolder.path).filter { $0 != "token" }
        #expect(left == [], "the worker's working folder holds \(left)")

        // Killed in the middle of a second job: the job stays leased to it until the lease lapses,
        // then another remote worker takes it and completes it.
        let (second, jobID2) = try await WorkerAPITests.queuedJob(server, sample: "en_jfk_inaugural.flac")
        let running = try await WorkerProcessTests.waitForJob(server, jobID2, timeout: 120) { $0.state == .running }
        #expect(running.leaseOwner?.hasSuffix("-\(first.processIdentifier)") == true, "\(running.leaseOwner ?? "")")
        kill(first.processIdentifier, SIGKILL)
        try await WorkerProcessTests.waitForExit(first)
        #expect(first.terminationReason == .uncaughtSignal)
        #expect(try await server.store.job(id: jobID2)?.state == .running)
        #expect(try await server.store.latestTranscript(recordingID: second.id!) == nil)

        let (rescuer, rescuerFolder) = try Self.startRemoteWorker(server: server.baseURL, token: token, lease: 10)
        defer { try? FileManager.default.removeItem(at: rescuerFolder) }
        let finished = try await WorkerProcessTests.waitForJob(server, jobID2, timeout: 900) { [.succeeded, .failed].contains($0.state) }
        #expect(finished.state == .succeeded, "\(finished.error ?? "")")
        #expect(finished.attempts == 2)
        let versions = try await server.store.transcripts(recordingID: second.id!)
        #expect(versions.count == 1, "one transcript, written once, by the second worker")
        #expect(versions.first?.text.lowercased().contains("your country") == true, "\(versions.first?.text ?? "")")

        rescuer.terminate()
        try await WorkerProcessTests.waitForExit(rescuer, timeout: 30)
        #expect(rescuer.terminationStatus == 0, "SIGTERM stops an idle remote worker cleanly")
    }

    /// Whether this process may make network namespaces (root, with `ip`).
    static let canMakeNamespaces =
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: NetworkNamespace.ip) && NetworkNamespace.allowed()

    /// A second host on this machine: the worker runs in a network namespace of its own, joined to
    /// the server's only by a veth pair on a private /30; the server listens on its veth address.
    @Test(.enabled(if: RemoteWorkerProcessTests.canMakeNamespaces, "needs root, `ip` (iproute2) and a kernel that lets this machine make network namespaces; skipped"))
    func aRemoteWorkerInAnotherNetworkNamespaceTranscribes() async throws {
        let namespace = try NetworkNamespace.make()
        defer { namespace.remove() }
        let server = try await TestServer.start { $0.host = namespace.hostAddress }
        defer { server.shutdown() }
        // The test talks to the store directly: the server listens on the veth address only.
        let admin = try #require(try await server.store.users().first)
        let token = try await server.backend.tokens.issue(
            userID: admin.id!, isAdmin: false, label: "worker:netns", lifetime: .seconds(3600), actorID: nil
        ).secret
        let study = try await server.store.createStudy(name: "Namespace", details: "")
        let recording = try await WorkerProcessTests.addRecording(
            server, studyID: study.id!, file: TestPaths.speech("en_librispeech_1272-128104-0000_picovoice.wav"), title: "LibriSpeech")
        let job = try await server.store.enqueue(
            kind: TranscriptionRequest.kind,
            payload: try TranscriptionRequest(recordingID: recording.id!, model: "whisper-tiny.en", language: "en").payload(),
            studyID: study.id!, priority: 0, maxAttempts: 3)

        let url = URL(string: "http://\(namespace.hostAddress):\(server.port)")!
        let (worker, folder) = try Self.startRemoteWorker(server: url, token: token, lease: 10, once: true, namespace: namespace.name)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await WorkerProcessTests.waitForExit(worker, timeout: 600)
        #expect(worker.terminationStatus == 0)
        let done = try #require(try await server.store.job(id: job.id!))
        #expect(done.state == .succeeded, "\(done.error ?? "")")
        #expect(done.leaseOwner == nil || done.leaseOwner?.hasPrefix("token-") == true)
        #expect(try await server.store.latestTranscript(recordingID: recording.id!)?.text.lowercased().contains("quilter") == true)
        // The media went through the signed link, and was audited.
        let audit = try await server.store.auditEvents(afterID: 0, limit: 10_000).filter { $0.action == "worker.media.read" }
        #expect(!audit.isEmpty && audit.allSatisfy { $0.targetID == recording.id })
    }
}

/// A network namespace joined to this one by a veth pair with a private /30 (tests only).
struct NetworkNamespace {
    static let ip = "/usr/sbin/ip"
    let name: String
    let hostLink: String
    let hostAddress: String
    let workerAddress: String

    /// Makes the namespace, the veth pair and their addresses; undoes what it made on failure.
    static func make() throws -> NetworkNamespace {
        let tag = Int(getpid()) % 10_000
        let subnet = 64 + Int(getpid()) % 128
        let namespace = NetworkNamespace(
            name: "vbt-test-\(tag)", hostLink: "vbt\(tag)h", hostAddress: "10.203.\(subnet).1", workerAddress: "10.203.\(subnet).2")
        do {
            try run(["netns", "add", namespace.name])
            try run(["link", "add", namespace.hostLink, "type", "veth", "peer", "name", "vbt\(tag)w"])
            try run(["link", "set", "vbt\(tag)w", "netns", namespace.name])
            try run(["addr", "add", "\(namespace.hostAddress)/30", "dev", namespace.hostLink])
            try run(["link", "set", namespace.hostLink, "up"])
            try run(["netns", "exec", namespace.name, ip, "addr", "add", "\(namespace.workerAddress)/30", "dev", "vbt\(tag)w"])
            try run(["netns", "exec", namespace.name, ip, "link", "set", "vbt\(tag)w", "up"])
            try run(["netns", "exec", namespace.name, ip, "link", "set", "lo", "up"])
        } catch {
            namespace.remove()
            throw error
        }
        return namespace
    }

    /// Whether a network namespace can be made here (a container may forbid it even to root).
    static func allowed() -> Bool {
        let probe = "vbt-probe-\(getpid())"
        guard (try? run(["netns", "add", probe])) != nil else { return false }
        try? run(["netns", "delete", probe])
        return true
    }

    /// Removes the veth pair (both ends) and the namespace.
    func remove() {
        try? Self.run(["link", "delete", hostLink])
        try? Self.run(["netns", "delete", name])
    }

    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ip)
        process.arguments = arguments
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("ip \(arguments.joined(separator: " ")) failed") }
    }
}

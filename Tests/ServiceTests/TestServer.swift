import Foundation
import Hummingbird
import Logging
import Service
import Store
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real Verbatim server on a loopback port, with a fresh data directory and an admin token.
final class TestServer: Sendable {
    let dataDirectory: URL
    let backend: ServiceBackend
    let port: Int
    let adminToken: String
    private let task: Task<Void, any Error>

    var store: any Store { backend.store }
    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Starts a server; `configure` may change limits before it starts. With `dataDirectory`, the
    /// server opens an existing data folder (a restart) and adds an admin of its own. With `log`,
    /// everything the server logs is kept there (else only critical lines are written, nowhere).
    static func start(
        dataDirectory: URL? = nil, masterKey: MasterKey? = nil, log: CapturedLog? = nil,
        _ configure: (inout ServiceConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        let directory = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-service-\(UUID().uuidString)")
        var configuration = ServiceConfiguration(dataDirectory: directory, modelsDirectory: TestPaths.models, port: 0, workerCount: 0)
        // The whole suite runs its servers in one process on two cores: an upload can wait longer
        // than the production idle timeout for a thread; the timeout test sets its own.
        configuration.idleTimeout = 600
        configure(&configuration)
        var logger = Logger(label: "test.server")
        logger.logLevel = .critical
        if let log { logger = log.logger(label: "test.server") }
        let backend = try ServiceBackend.open(configuration: configuration, masterKey: masterKey, logger: logger)
        let admin = try await UserProvisioning(store: backend.store, tokens: backend.tokens)
            .createUser(
                name: "Admin", email: dataDirectory == nil ? "admin@example.org" : "admin-\(UUID().uuidString.prefix(8))@example.org",
                isAdmin: true, lifetime: .unlimited, actorID: nil)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = VerbatimServer.application(backend: backend) { port in continuation.yield(port) }
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the server did not start") }
        return TestServer(dataDirectory: directory, backend: backend, port: port, adminToken: admin.token, task: task)
    }

    private init(dataDirectory: URL, backend: ServiceBackend, port: Int, adminToken: String, task: Task<Void, any Error>) {
        self.dataDirectory = dataDirectory
        self.backend = backend
        self.port = port
        self.adminToken = adminToken
        self.task = task
    }

    /// Runs the queued wearable imports with a worker in this process (test servers start no
    /// worker processes); returns the jobs as they ended.
    func runImports() async throws -> [Job] {
        var worker = Worker(store: store, configuration: backend.configuration, logger: Logger(label: "test.worker"))
        worker.kinds = [BiometricImportRequest.kind]
        var ran: [Int64] = []
        while let job = try await store.jobs(state: .queued).first(where: { $0.kind == BiometricImportRequest.kind }) {
            // A job put back for a later retry cannot be claimed now: stop there.
            guard try await worker.runOnce() else { break }
            ran.append(job.id!)
        }
        var jobs: [Job] = []
        for id in ran { if let job = try await store.job(id: id) { jobs.append(job) } }
        return jobs
    }

    /// Stops the server and removes its data directory.
    func stop() async {
        task.cancel()
        _ = await task.result
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// Stops the server and keeps its data directory (for a restart on it).
    func stopKeepingData() async {
        task.cancel()
        _ = await task.result
    }

    /// Stops the server without waiting and removes its data directory at once (for `defer`).
    func shutdown() {
        task.cancel()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// An HTTP exchange's outcome.
    struct Reply: Sendable {
        var status: Int
        var body: Data
        var headers: [String: String]

        /// The body decoded as JSON `T` (ISO-8601 dates).
        func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: body)
        }

        /// The `error.code` of a JSON error body.
        var errorCode: String? {
            struct Body: Decodable {
                struct Detail: Decodable { var code: String; var message: String }
                var error: Detail
            }
            return (try? JSONDecoder().decode(Body.self, from: body))?.error.code
        }

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends a request; `json` is encoded as the body unless `body` is given.
    func send(
        _ method: String, _ path: String, token: String? = nil, json: (any Encodable)? = nil, body: Data? = nil,
        headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
        request.httpMethod = method
        request.timeoutInterval = 120
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONEncoder().encode(json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let body { request.httpBody = body }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)".lowercased()] = "\(value)" }
        return Reply(status: http.statusCode, body: data, headers: fields)
    }

    /// Creates a user through the API and returns its id and token.
    func createUser(_ name: String) async throws -> (id: Int64, token: String) {
        struct Created: Decodable {
            var user: User
            var token: String
        }
        let reply = try await send("POST", "/users", token: adminToken, json: ["name": name, "email": "\(name.lowercased())@example.org"])
        #expect(reply.status == 201, "\(reply.text)")
        let created: Created = try reply.json()
        return (created.user.id!, created.token)
    }
}

/// A failure of the test fixture itself.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Paths of the repository's samples and models.
enum TestPaths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let samples = repository.appendingPathComponent("samples")
    static let models = repository.appendingPathComponent("models")

    static func speech(_ name: String) -> URL { samples.appendingPathComponent("speech").appendingPathComponent(name) }

    /// The `verbatim` executable built beside the test bundle.
    static var verbatimExecutable: URL {
        let runner = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("verbatim")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return runner.deletingLastPathComponent().appendingPathComponent("verbatim")
    }
}

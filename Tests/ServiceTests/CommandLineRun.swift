import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program run to its end: its exit status, standard output and standard error (both through
/// files, so that neither can fill a pipe and block the program).
struct CommandLineRun: Sendable {
    var status: Int32
    var output: String
    var errors: String

    /// Runs `executable` with `arguments`, feeding it `input`; kills it after `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], input: String? = nil, timeout: Double = 120) async throws -> CommandLineRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
        guard FileManager.default.createFile(atPath: out.path, contents: nil), FileManager.default.createFile(atPath: err.path, contents: nil)
        else { throw TestFailure("cannot create files in \(folder.path)") }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let pipe = Pipe()
        process.standardInput = input == nil ? FileHandle(forReadingAtPath: "/dev/null") : pipe
        try process.run()
        if let input {
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestFailure("\(executable) \(arguments.joined(separator: " ")) did not end within \(timeout) s")
        }
        return CommandLineRun(
            status: process.terminationStatus, output: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            errors: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// The first of `names` found in `PATH` (or `/usr/sbin`, `/sbin`), if any.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin"] {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// `verbatim serve` running as its own process, its standard error in a log file.
final class ServeProcess: Sendable {
    let process: Process
    let log: URL
    let port: Int

    /// Starts `verbatim serve ARGUMENTS --port 0` and waits until it says which port it bound.
    static func start(_ arguments: [String], log: URL, environment: [String: String] = [:]) async throws -> ServeProcess {
        guard FileManager.default.isExecutableFile(atPath: TestPaths.verbatimExecutable.path) else {
            throw TestFailure("\(TestPaths.verbatimExecutable.path) is missing: build the `verbatim` product before these tests")
        }
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw TestFailure("cannot create \(log.path)") }
        let process = Process()
        process.executableURL = TestPaths.verbatimExecutable
        process.arguments = ["serve"] + arguments + ["--port", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var port: Int?
        let deadline = Date().addingTimeInterval(60)
        while port == nil, Date() < deadline, process.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            port = text.range(of: "port=").flatMap { Int(text[$0.upperBound...].prefix { $0.isNumber }) }
            if port == nil { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        guard let port else {
            if process.isRunning { process.terminate() }
            throw TestFailure("verbatim serve did not say its port: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        return ServeProcess(process: process, log: log, port: port)
    }

    private init(process: Process, log: URL, port: Int) {
        self.process = process
        self.log = log
        self.port = port
    }

    /// Sends SIGTERM and waits for the exit (`timeout` seconds at most, then SIGKILL); returns the exit status.
    @discardableResult
    func stop(timeout: Double = 90) async throws -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestFailure("verbatim serve did not stop within \(timeout) s of SIGTERM")
        }
        return process.terminationStatus
    }

    /// What the server logged so far.
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
}

extension ServeProcess {
    /// `verbatim admin create-user --admin` on `folder/data`, then `verbatim serve --data folder/data
    /// --models ... ARGUMENTS`; returns the server, the administrator's token and the data folder.
    static func startWithAdmin(in folder: URL, _ arguments: [String]) async throws -> (serve: ServeProcess, token: String, data: URL) {
        let data = folder.appendingPathComponent("data")
        let created = try await CommandLineRun.run(
            TestPaths.verbatimExecutable.path, ["admin", "create-user", "--data", data.path, "--name", "Admin", "--admin"])
        guard created.status == 0, let line = created.output.split(separator: "\n").first(where: { $0.hasPrefix("token ") }) else {
            throw TestFailure("verbatim admin create-user failed: \(created.errors)")
        }
        let serve = try await ServeProcess.start(
            ["--data", data.path, "--models", TestPaths.models.path] + arguments, log: folder.appendingPathComponent("serve.log"))
        return (serve, String(line.dropFirst(6)), data)
    }
}

/// The identifier of an object the API answered with (its dates are not decoded).
struct StudyID: Decodable {
    var id: Int64?
}

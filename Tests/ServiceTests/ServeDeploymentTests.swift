import Foundation
import Service
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What an IT department checks before hosting `verbatim serve`: plain HTTP is refused off
/// loopback unless allowed, and the shipped systemd unit is valid, stops the server before its
/// workers' timeout runs out, and its hardening suits the binary.
@Suite("Serving for a team", .serialized)
struct ServeDeploymentTests {
    static let unit = TestPaths.repository.appendingPathComponent("deploy/systemd/verbatim.service")

    @Test func loopbackNamesAndAddresses() {
        for host in ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1"] {
            #expect(PlainHTTPPolicy.isLoopback(host), "\(host)")
        }
        for host in ["0.0.0.0", "::", "192.0.2.10", "verbatim.example.org", "128.0.0.1", "::ffff:8.8.8.8", ""] {
            #expect(!PlainHTTPPolicy.isLoopback(host), "\(host)")
        }
    }

    @Test func aNonLoopbackHostIsRefusedWithoutAllowPlainHTTP() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-plain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        let refused = try await CommandLineRun.run(
            TestPaths.verbatimExecutable.path, ["serve", "--host", "0.0.0.0", "--port", "0", "--workers", "0", "--data", data.path], timeout: 60)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("Refusing to serve plain HTTP on 0.0.0.0"), "\(refused.errors)")
        #expect(refused.errors.contains("Refus de servir en HTTP non chiffré sur 0.0.0.0"), "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: data.path), "nothing is created before the refusal")

        let badProxy = try await CommandLineRun.run(
            TestPaths.verbatimExecutable.path, ["serve", "--trusted-proxy", "proxy.example", "--port", "0", "--data", data.path], timeout: 60)
        #expect(badProxy.status != 0 && badProxy.errors.contains("--trusted-proxy proxy.example is not an IP address"), "\(badProxy.errors)")

        // Explicitly allowed (a proxy on another host), it serves.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let serve = try await ServeProcess.start(
            ["--host", "0.0.0.0", "--allow-plain-http", "--workers", "0", "--data", data.path, "--models", TestPaths.models.path],
            log: folder.appendingPathComponent("serve.log"))
        let health = try await CurlClient().send("GET", "http://127.0.0.1:\(serve.port)/health")
        #expect(health.status == 200 || health.status == 503, "\(health.text)")
        #expect(try await serve.stop() == 0)
    }

    /// The unit's `Key=value` lines.
    static func settings() throws -> [(key: String, value: String)] {
        try String(contentsOf: unit, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let equal = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equal]), String(line[line.index(after: equal)...]))
        }
    }

    @Test func theSystemdUnitIsValidAndStopsGracefully() async throws {
        let settings = try Self.settings()
        func value(_ key: String) -> String? { settings.last { $0.key == key }?.value }
        #expect(value("User") == "verbatim" && value("KillMode") == "mixed" && value("Restart") == "on-failure")
        #expect(value("ProtectSystem") == "strict" && value("ReadWritePaths") == "/var/lib/verbatim" && value("NoNewPrivileges") == "yes")
        #expect(value("PrivateTmp") == "yes" && value("ProtectHome") == "yes" && value("PrivateDevices") == "yes" && value("UMask") == "0077")
        #expect(value("RestrictAddressFamilies") == "AF_UNIX AF_INET AF_INET6")
        let stop = try #require(value("TimeoutStopSec").flatMap { Double($0) })
        #expect(stop > WorkerPool.defaultStopTimeout, "systemd must wait longer than the server waits for its workers")
        let start = try #require(value("ExecStart"))
        #expect(start.contains(" serve ") && start.contains("--data /var/lib/verbatim") && start.contains("--host 127.0.0.1"))

        guard let analyze = CommandLineRun.find("systemd-analyze") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("systemd-analyze is missing (apt-get install systemd)") }
            print("ServeDeploymentTests: systemd-analyze is not installed; the unit was checked as text only")
            return
        }
        // `verify` needs the ExecStart program to exist: point it at the built binary.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("verbatim.service")
        try String(contentsOf: Self.unit, encoding: .utf8)
            .replacingOccurrences(of: "/opt/verbatim/verbatim ", with: TestPaths.verbatimExecutable.path + " ")
            .write(to: copy, atomically: true, encoding: .utf8)
        let verified = try await CommandLineRun.run(analyze, ["verify", copy.path], timeout: 60)
        // systemd-analyze exits 0 on an unknown or misspelt setting: any word from it is a finding.
        #expect(verified.status == 0 && (verified.errors + verified.output).isEmpty, "\(verified.errors)\(verified.output)")
    }

    /// `MemoryDenyWriteExecute=yes`: the binary must never map memory writable and executable.
    /// The kernel's PR_SET_MDWE (Linux 6.3+) enforces the same rule on a process and its children.
    @Test func theServerRunsWithMemoryDenyWriteExecute() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-mdwe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let python = CommandLineRun.find("python3") else {
            Issue.record("python3 is needed to set PR_SET_MDWE before running the binary")
            return
        }
        let wrapper = "import ctypes, os, sys\nif ctypes.CDLL(None, use_errno=True).prctl(65, 1, 0, 0, 0) != 0: sys.exit(77)\nos.execv(sys.argv[1], sys.argv[1:])\n"
        let decoded = folder.appendingPathComponent("decoded.wav")
        let run = try await CommandLineRun.run(
            python, ["-c", wrapper, TestPaths.verbatimExecutable.path, "decode", TestPaths.speech("en_commonvoice_651325.mp3").path, "-o", decoded.path])
        if run.status == 77 {
            print("ServeDeploymentTests: this kernel has no PR_SET_MDWE (Linux < 6.3); MemoryDenyWriteExecute not checked")
            return
        }
        #expect(run.status == 0, "verbatim decode under PR_SET_MDWE: \(run.errors)")
        #expect(((try? FileManager.default.attributesOfItem(atPath: decoded.path)[.size] as? Int) ?? 0) > 44)
    }
}

import Foundation
import Service
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What `kill -9` of `verbatim serve` leaves behind: no orphan worker, and no partial upload
/// after the next start.
@Suite("Server crash leftovers", .serialized)
struct ServerCrashTests {
    /// The process ids whose parent is `parent`, read from `/proc`.
    static func children(of parent: Int32) throws -> [Int32] {
        let entries = try FileManager.default.contentsOfDirectory(atPath: "/proc")
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    /// Whether `pid` is alive (a zombie waiting for a reaper counts as gone).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    static func wait(timeout: Double, until condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return try condition()
    }

    @Test func killedServerLeavesNoOrphanWorkerAndStalePartialsAreSwept() async throws {
        let executable = TestPaths.verbatimExecutable
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw TestFailure("\(executable.path) is missing: build the `verbatim` product before these tests")
        }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let media = data.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        // What an upload cut short by a crash leaves: a partial file outside any recording.
        let partial = media.appendingPathComponent("upload-\(UUID().uuidString).part")
        try Data(repeating: 7, count: 1 << 20).write(to: partial)

        let server = Process()
        server.executableURL = executable
        server.arguments = ["serve", "--data", data.path, "--models", TestPaths.models.path, "--port", "0", "--workers", "1"]
        server.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try server.run()
        var workers: [Int32] = []
        let started = try await Self.wait(timeout: 60) {
            workers = try Self.children(of: server.processIdentifier)
            return !workers.isEmpty
        }
        guard started else {
            server.terminate()
            throw TestFailure("verbatim serve started no worker within 60 s")
        }
        #expect(!FileManager.default.fileExists(atPath: partial.path), "the partial upload survived the start")

        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        let gone = try await Self.wait(timeout: 20) { !workers.contains(where: Self.isAlive) }
        #expect(gone, "worker \(workers) outlived its killed server")
        for pid in workers where Self.isAlive(pid) { kill(pid, SIGKILL) }
    }
}

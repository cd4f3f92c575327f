import Foundation
import Store

/// PostgreSQL's client programs (`pg_dump`, `pg_restore`) from Debian's packages, run as child
/// processes for backups; the password goes through the environment, never the arguments.
struct PostgresTool: Sendable {
    /// The program's path.
    let executable: URL

    /// Finds `name` on `PATH` or in `/usr/lib/postgresql/*/bin` (the newest version first).
    static func locate(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError)
        -> PostgresTool
    {
        var folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        folders += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
            return PostgresTool(executable: URL(fileURLWithPath: folder + "/" + name))
        }
        throw StoreError(
            .database, "\(name) was not found: install PostgreSQL's client programs (Debian's postgresql-client).",
            fr: "\(name) est introuvable : installez les programmes clients de PostgreSQL (paquet Debian postgresql-client).")
    }

    /// Runs the program with `arguments` against `location` and waits for it without blocking a
    /// thread of the cooperative pool; a non-zero exit is a `StoreError` carrying its messages.
    func run(_ arguments: [String], location: PostgresLocation) async throws {
        let process = Process()
        process.executableURL = executable
        process.arguments =
            ["--host", location.host, "--port", "\(location.port)", "--username", location.username, "--no-password"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = location.password
        environment["PGSSLMODE"] = location.requiresTLS ? "require" : "disable"
        if let schema = location.schema { environment["PGOPTIONS"] = "-c search_path=\(schema),public" }
        process.environment = environment
        // Messages go to a file, not a pipe, so a talkative program never blocks on a full pipe.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil), let errors = FileHandle(forWritingAtPath: log.path) else {
            throw StoreError(
                .file, "Cannot write in the temporary folder \(log.deletingLastPathComponent().path).",
                fr: "Impossible d’écrire dans le dossier temporaire \(log.deletingLastPathComponent().path).")
        }
        defer {
            try? errors.close()
            try? FileManager.default.removeItem(at: log)
        }
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let name = executable.lastPathComponent
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let message = String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard status == 0 else {
            throw StoreError(
                .database, "\(name) failed (exit \(status)): \(message.suffix(600))",
                fr: "\(name) a échoué (code \(status)) : \(message.suffix(600))")
        }
    }
}

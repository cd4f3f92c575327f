import Foundation

/// HTTP through the `curl` program: it sends what URLSession cannot (a header field twice, a
/// chosen source address) and speaks HTTPS with a CA file of our choosing.
struct CurlClient: Sendable {
    /// One exchange's outcome: status, the last response head's fields (lower-cased names; a
    /// repeated name keeps every value) and the body.
    struct Reply: Sendable {
        var status: Int
        var fields: [(name: String, value: String)]
        var body: Data

        /// The values of header `name`.
        func values(_ name: String) -> [String] { fields.filter { $0.name == name.lowercased() }.map(\.value) }
        /// The body as text.
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Extra `curl` options used for every request (`--cacert`, `--interface`...).
    var options: [String] = []

    /// Sends `method` to `url` with `headers` (each pair one field, repeats allowed) and `body`.
    func send(_ method: String, _ url: String, headers: [(String, String)] = [], body: Data? = nil) async throws -> Reply {
        guard let curl = CommandLineRun.find("curl") else { throw TestFailure("curl is not installed (apt-get install curl)") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let head = folder.appendingPathComponent("head"), out = folder.appendingPathComponent("body")
        var arguments = options + ["-sS", "-X", method, "-D", head.path, "-o", out.path, "-w", "%{http_code}", "-H", "Expect:"]
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        if let body {
            let file = folder.appendingPathComponent("request")
            try body.write(to: file)
            arguments += ["--data-binary", "@\(file.path)"]
        }
        arguments.append(url)
        let run = try await CommandLineRun.run(curl, arguments)
        guard run.status == 0, let status = Int(run.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestFailure("curl \(method) \(url) failed (\(run.status)): \(run.errors)")
        }
        let heads = String(decoding: try Data(contentsOf: head), as: UTF8.self).components(separatedBy: "\r\n\r\n")
        let last = heads.last { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ?? ""
        let fields = last.components(separatedBy: "\r\n").dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Reply(status: status, fields: fields, body: (try? Data(contentsOf: out)) ?? Data())
    }
}

import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// TLS through the shipped nginx site (deploy/nginx/verbatim.conf) in front of the real
/// `verbatim serve`: a self-signed certificate, sign-in over HTTPS with a Secure cookie, an
/// upload and a Range read through the proxy, the client's address in the audit log and the
/// request log, plain HTTP redirected.
@Suite("TLS through nginx", .serialized)
struct NginxProxyTests {
    static let deployFolder = TestPaths.repository.appendingPathComponent("deploy")
    static let password = "correct horse battery"

    /// A free TCP port on 127.0.0.1 (the kernel's choice, released at once).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestFailure("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The shipped site with test ports, certificate and upstream; fails if a line it replaces has changed.
    static func site(httpPort: Int, httpsPort: Int, upstream: Int, certificate: URL, key: URL) throws -> String {
        var text = try String(contentsOf: deployFolder.appendingPathComponent("nginx/verbatim.conf"), encoding: .utf8)
        let replacements = [
            ("listen 80;", "listen 127.0.0.1:\(httpPort);"), ("listen [::]:80;", ""),
            ("listen 443 ssl http2;", "listen 127.0.0.1:\(httpsPort) ssl http2;"), ("listen [::]:443 ssl http2;", ""),
            ("/etc/ssl/verbatim/fullchain.pem", certificate.path), ("/etc/ssl/verbatim/privkey.pem", key.path),
            ("proxy_pass http://127.0.0.1:8080;", "proxy_pass http://127.0.0.1:\(upstream);"),
        ]
        for (old, new) in replacements {
            guard text.components(separatedBy: old).count == 2 else { throw TestFailure("deploy/nginx/verbatim.conf no longer has `\(old)` once") }
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    @Test func signInUploadAndRangeReadOverHTTPSThroughNginx() async throws {
        guard let nginx = CommandLineRun.find("nginx") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("nginx is not installed, and CI must run this test (scripts/setup installs nginx)")
            } else {
                print("NginxProxyTests skipped: nginx is not installed (apt-get install nginx, or run scripts/setup)")
            }
            return
        }
        let openssl = try #require(CommandLineRun.find("openssl"), "openssl is needed to make the test certificate")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")

        // The certificate.
        let certificate = folder.appendingPathComponent("cert.pem"), key = folder.appendingPathComponent("key.pem")
        let made = try await CommandLineRun.run(openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost", "-keyout", key.path, "-out", certificate.path,
        ])
        #expect(made.status == 0, "\(made.errors)")

        // An administrator with a password, as the README tells an IT person.
        let verbatim = TestPaths.verbatimExecutable.path
        let created = try await CommandLineRun.run(verbatim, ["admin", "create-user", "--data", data.path, "--name", "IT", "--email", "it@example.org", "--admin"])
        #expect(created.status == 0, "\(created.errors)")
        let password = try await CommandLineRun.run(
            verbatim, ["admin", "set-password", "--data", data.path, "--user", "it@example.org", "--bcrypt-cost", "4"], input: Self.password + "\n")
        #expect(password.status == 0, "\(password.errors)")

        let serve = try await ServeProcess.start(
            ["--data", data.path, "--models", TestPaths.models.path, "--workers", "0", "--trusted-proxy", "127.0.0.1", "--bcrypt-cost", "4"],
            log: folder.appendingPathComponent("serve.log"))
        var stopped = false
        defer { if !stopped { serve.process.terminate() } }

        // nginx in the foreground, everything it writes in the test folder.
        let httpPort = try Self.freePort(), httpsPort = try Self.freePort()
        let prefix = folder.appendingPathComponent("nginx")
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("temp"), withIntermediateDirectories: true)
        let site = prefix.appendingPathComponent("verbatim.conf")
        try Self.site(httpPort: httpPort, httpsPort: httpsPort, upstream: serve.port, certificate: certificate, key: key)
            .write(to: site, atomically: true, encoding: .utf8)
        let main = prefix.appendingPathComponent("nginx.conf")
        let temp = prefix.appendingPathComponent("temp").path
        try """
        daemon off;
        master_process off;
        pid \(prefix.path)/nginx.pid;
        error_log \(prefix.path)/error.log info;
        events { worker_connections 64; }
        http {
            access_log \(prefix.path)/access.log;
            client_body_temp_path \(temp)/body;
            proxy_temp_path \(temp)/proxy;
            fastcgi_temp_path \(temp)/fastcgi;
            uwsgi_temp_path \(temp)/uwsgi;
            scgi_temp_path \(temp)/scgi;
            include \(site.path);
        }
        """.write(to: main, atomically: true, encoding: .utf8)
        let checked = try await CommandLineRun.run(nginx, ["-t", "-c", main.path, "-p", prefix.path, "-e", prefix.appendingPathComponent("error.log").path])
        #expect(checked.status == 0, "nginx -t refuses the shipped site: \(checked.errors)")
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: nginx)
        proxy.arguments = ["-c", main.path, "-p", prefix.path, "-e", prefix.appendingPathComponent("error.log").path]
        proxy.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try proxy.run()
        defer {
            // nginx without a master process may linger on SIGTERM with open connections: SIGKILL, then reap.
            kill(proxy.processIdentifier, SIGKILL)
            proxy.waitUntilExit()
        }

        // The client connects from 127.0.0.2, so that its address differs from the proxy's (127.0.0.1).
        let base = "https://localhost:\(httpsPort)"
        let client = CurlClient(options: ["--cacert", certificate.path, "--resolve", "localhost:\(httpsPort):127.0.0.1", "--interface", "127.0.0.2", "-4"])
        var health: CurlClient.Reply? = nil
        for _ in 0..<100 where health == nil {
            health = try? await client.send("GET", "\(base)/health")
            if health == nil { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        #expect(health?.status == 200, "nginx did not answer over HTTPS: \((try? String(contentsOf: prefix.appendingPathComponent("error.log"), encoding: .utf8)) ?? "")")

        // Plain HTTP is only a redirect.
        let plain = try await CurlClient().send("GET", "http://127.0.0.1:\(httpPort)/studies")
        #expect(plain.status == 301 && plain.values("location").first?.hasPrefix("https://") == true, "\(plain.fields)")

        // Sign in over HTTPS, claiming another address: nginx replaces the claim with the one it saw.
        let signIn = try await client.send(
            "POST", "\(base)/sessions",
            headers: [("Content-Type", "application/json"), ("Origin", base), ("X-Forwarded-For", "203.0.113.66")],
            body: try JSONEncoder().encode(["email": "it@example.org", "password": Self.password]))
        #expect(signIn.status == 201, "\(signIn.text)")
        let setCookie = try #require(signIn.values("set-cookie").first)
        let attributes = setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        #expect(attributes.contains("secure") && attributes.contains("httponly"), "the cookie over HTTPS is Secure: \(setCookie)")
        let cookie = try #require(SessionClient.cookieValue(setCookie))
        struct Me: Decodable { var csrfToken: String? }
        let csrf = try #require(try JSONDecoder().decode(Me.self, from: signIn.body).csrfToken)
        let session = [("Cookie", "verbatim_session=\(cookie)"), ("X-CSRF-Token", csrf), ("Origin", base)]

        // Upload a sample and read part of it back.
        let study = try await client.send("POST", "\(base)/studies", headers: session + [("Content-Type", "application/json")], body: Data(#"{"name":"Behind nginx"}"#.utf8))
        #expect(study.status == 201, "\(study.text)")
        let studyID = try #require(try JSONDecoder().decode(StudyID.self, from: study.body).id)
        let bytes = try Data(contentsOf: TestPaths.speech("en_commonvoice_651325.mp3"))
        let upload = try await client.send("POST", "\(base)/studies/\(studyID)/recordings?title=Proxied", headers: session + [("Content-Type", "audio/mpeg")], body: bytes)
        #expect(upload.status == 201, "\(upload.text)")
        struct Uploaded: Decodable { var id: Int64; var fileHash: String }
        let recording = try JSONDecoder().decode(Uploaded.self, from: upload.body)
        #expect(recording.fileHash == Hashing.sha256Hex(bytes))
        let range = try await client.send("GET", "\(base)/recordings/\(recording.id)/media", headers: session + [("Range", "bytes=100-1123")])
        #expect(range.status == 206, "\(range.text.prefix(200))")
        #expect(range.body == bytes[100..<1124], "the Range read returns the file's bytes 100 to 1123")
        #expect(range.values("content-range").first == "bytes 100-1123/\(bytes.count)")

        let status = try await serve.stop()
        stopped = true
        #expect(status == 0, "verbatim serve exits 0 on SIGTERM")
        // The client's address, as nginx saw it, in the audit log and the request log.
        let store = try SQLiteStore(path: data.appendingPathComponent("verbatim.sqlite").path)
        let signedIn = try #require(try await store.auditEvents(afterID: 0, limit: 1000).last { $0.action == "session.sign_in" })
        #expect(signedIn.details == #"{"client":"127.0.0.2"}"#, "\(signedIn.details)")
        // Every event of the requests through nginx carries that address in its own column.
        let proxied = try await store.auditEvents(afterID: signedIn.id - 1, limit: 1000)
        #expect(proxied.map(\.action).starts(with: ["session.sign_in", "study.create"]), "\(proxied.map(\.action))")
        #expect(proxied.contains { $0.action == "recording.upload" } && proxied.contains { $0.action == "recording.media.read" }, "\(proxied.map(\.action))")
        for event in proxied { #expect(event.clientAddress == "127.0.0.2", "\(event.action): \(event.clientAddress ?? "none")") }
        #expect(serve.logText.contains("client=127.0.0.2") && !serve.logText.contains("203.0.113.66"), "\(serve.logText.suffix(2000))")
    }
}

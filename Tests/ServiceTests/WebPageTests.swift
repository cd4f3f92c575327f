import Foundation
@testable import Service
import Store
import Testing

/// The web pages served at `/` and the short-lived media links their players use.
@Suite("Web pages and media links")
struct WebPageTests {
    static let webDirectory = TestPaths.repository.appendingPathComponent("Sources/Service/Web", isDirectory: true)

    @Test func pagesAreServedWithAStrictContentSecurityPolicy() async throws {
        let server = try await TestServer.start { $0.webDirectory = Self.webDirectory }
        defer { server.shutdown() }
        let index = try await server.send("GET", "/")
        #expect(index.status == 200)
        #expect(index.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(index.headers["content-security-policy"]?.hasPrefix("default-src 'self'") == true)
        #expect(index.headers["x-content-type-options"] == "nosniff")
        #expect(index.text.contains(#"<script type="module" src="/web/app.js">"#))
        // No inline script or style: the policy would block them.
        #expect(!index.text.contains("<script>") && !index.text.contains("style="))
        let script = try await server.send("GET", "/web/transcript/player.js")
        #expect(script.status == 200)
        #expect(script.headers["content-type"]?.hasPrefix("text/javascript") == true)
        #expect(script.headers["content-security-policy"] != nil)
        // The API keeps its paths and its authentication.
        #expect(try await server.send("GET", "/studies").status == 401)
        #expect(try await server.send("GET", "/health").status == 200)
    }

    @Test func everyModuleImportResolvesToAServedFile() async throws {
        let server = try await TestServer.start { $0.webDirectory = Self.webDirectory }
        defer { server.shutdown() }
        let files = try #require(FileManager.default.enumerator(at: Self.webDirectory, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "js" }
        #expect(files.count >= 10)
        let pattern = try NSRegularExpression(pattern: #"(?:from|import)\s+'(\.{1,2}/[^']+)'"#)
        var imports = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for sink in [".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write"] {
                #expect(!text.contains(sink), "\(file.lastPathComponent) writes markup from strings (\(sink))")
            }
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let relative = String(text[Range(match.range(at: 1), in: text)!])
                let target = file.deletingLastPathComponent().appendingPathComponent(relative).standardizedFileURL
                let served = "/web/" + target.path.dropFirst(Self.webDirectory.standardizedFileURL.path.count + 1)
                let reply = try await server.send("GET", served)
                #expect(reply.status == 200, "\(file.lastPathComponent) imports \(relative), and \(served) answers \(reply.status)")
                imports += 1
            }
        }
        #expect(imports >= 30)
    }

    @Test func nothingOutsideThePagesFolderIsServed() async throws {
        let server = try await TestServer.start { $0.webDirectory = Self.webDirectory }
        defer { server.shutdown() }
        for path in [
            "/web/..%2F..%2FPackage.swift", "/web/%2e%2e/Pages/WebPageRoutes.swift", "/web/.gitignore", "/web/missing.js",
            "/web/index.swift", "/web/", "/web/pages",
        ] {
            let reply = try await server.send("GET", path)
            #expect(reply.status == 404, "\(path) answered \(reply.status)")
        }
        // The token file sits in the data directory, never under the pages.
        #expect(try await server.send("GET", "/web/../tokens.json").status != 200)
    }

    @Test func withoutAPagesFolderOnlyTheAPIIsServed() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        #expect(try await server.send("GET", "/").status == 404)
        #expect(try await server.send("GET", "/web/app.js").status == 404)
        #expect(WebDirectory.bundled(beside: URL(fileURLWithPath: "/nonexistent/verbatim")) == nil)
        #expect(throws: ServiceSetupError.self) { try WebDirectory.validate(URL(fileURLWithPath: "/nonexistent")) }
        #expect(try WebDirectory.validate(Self.webDirectory).path == Self.webDirectory.standardizedFileURL.path)
    }

    @Test func mediaLinksOpenOneRecordingForOneMemberAndAreAudited() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let r = fixture.recordingID
        struct Link: Decodable {
            var token: String
            var expiresAt: Date
            var url: String
        }
        let issued = try await server.send("POST", "/recordings/\(r)/media-token", token: fixture.tokens["coder"])
        #expect(issued.status == 201, "\(issued.text)")
        let link: Link = try issued.json()
        #expect(link.url == "/recordings/\(r)/media?access=\(link.token)")
        #expect(link.expiresAt > Date().addingTimeInterval(60) && link.expiresAt < Date().addingTimeInterval(16 * 60))
        #expect(!link.token.contains(try #require(fixture.tokens["coder"])))

        let whole = try await server.send("GET", link.url)
        #expect(whole.status == 200)
        #expect(whole.headers["content-type"] == "audio/wav")
        let original = try Data(contentsOf: TestPaths.speech("fr_commonvoice_picovoice_test_fr.wav"))
        #expect(whole.body == original)
        let part = try await server.send("GET", link.url, headers: ["Range": "bytes=100-199"])
        #expect(part.status == 206)
        #expect(part.body == original.subdata(in: 100..<200))

        // Another recording, a tampered signature, garbage: refused.
        #expect(try await server.send("GET", "/recordings/\(r + 1)/media?access=\(link.token)").status == 401)
        var tampered = Array(link.token)
        tampered[tampered.count - 1] = tampered.last == "0" ? "1" : "0"
        let refused = try await server.send("GET", "/recordings/\(r)/media?access=\(String(tampered))")
        #expect(refused.status == 401)
        #expect(refused.errorCode == "invalid_media_token")
        #expect(try await server.send("GET", "/recordings/\(r)/media?access=nonsense").status == 401)
        // A user outside the study gets no link.
        #expect(try await server.send("POST", "/recordings/\(r)/media-token", token: fixture.tokens["outsider"]).status == 403)

        // The playback is audited as the coder's.
        let coder = try #require(try await server.send("GET", "/me", token: fixture.tokens["coder"]).json(MeReply.self).user.id)
        let events = try await server.store.auditEvents(afterID: 0, limit: 1000)
        #expect(events.contains { $0.action == "recording.media.read" && $0.actorID == coder && $0.targetID == r })
    }

    struct MeReply: Decodable {
        var user: User
    }

    @Test func mediaTokensExpireAndAreBoundToTheirKey() throws {
        let signer = MediaAccessSigner(lifetime: 900)
        let user = AuthenticatedUser(userID: 7, name: "Coder", isAdmin: false, tokenID: 12)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let issued = signer.issue(recordingID: 3, user: user, now: now)
        #expect(issued.expiresAt == now.addingTimeInterval(900))
        let grant = try #require(signer.verify(issued.token, recordingID: 3, now: now.addingTimeInterval(899)))
        #expect(grant.userID == 7 && grant.recordingID == 3 && !grant.isAdmin && grant.apiTokenID == 12)
        #expect(signer.verify(issued.token, recordingID: 3, now: now.addingTimeInterval(900)) == nil)
        #expect(signer.verify(issued.token, recordingID: 4, now: now) == nil)
        // Another server (another key) does not accept it; neither does an edited payload.
        #expect(MediaAccessSigner(lifetime: 900).verify(issued.token, recordingID: 3, now: now) == nil)
        let forged = issued.token.replacingOccurrences(of: "3.7.0.12.", with: "3.7.1.12.")
        #expect(forged != issued.token)
        #expect(signer.verify(forged, recordingID: 3, now: now) == nil)
    }
}

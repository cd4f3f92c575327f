import Foundation
import Service
import Store
import Testing

/// `--trusted-proxy`: only a trusted peer's `X-Forwarded-For` and `X-Forwarded-Proto` are
/// believed; the resolved client address is what sign-in's audit events record, and a request
/// forwarded from HTTPS gets a Secure cookie.
@Suite("Forwarded headers from trusted proxies")
struct ForwardedHeadersTests {
    static let password = "correct horse battery"

    // MARK: the resolution rules, on values

    @Test func anUntrustedPeerKeepsItsOwnAddressWhateverItForwards() throws {
        let proxies = try TrustedProxies(["10.0.0.5"])
        let origin = proxies.resolve(peer: "192.0.2.44", forwardedFor: ["198.51.100.7"], forwardedProto: ["https"])
        #expect(origin == ClientOrigin(address: "192.0.2.44", isHTTPS: false))
        #expect(TrustedProxies.none.resolve(peer: "127.0.0.1", forwardedFor: ["198.51.100.7"], forwardedProto: ["https"])
            == ClientOrigin(address: "127.0.0.1", isHTTPS: false))
    }

    @Test func theRightMostUntrustedAddressIsTheClient() throws {
        let proxies = try TrustedProxies(["10.0.0.5", "10.0.0.6"])
        // What the client wrote itself (left) proves nothing; hops through trusted proxies are skipped.
        #expect(proxies.resolve(peer: "10.0.0.5", forwardedFor: ["203.0.113.66, 198.51.100.7"], forwardedProto: []).address == "198.51.100.7")
        #expect(
            proxies.resolve(peer: "10.0.0.5", forwardedFor: ["203.0.113.66, 198.51.100.7, 10.0.0.6"], forwardedProto: ["https"])
                == ClientOrigin(address: "198.51.100.7", isHTTPS: true))
        // IPv6 spellings are compared in canonical form.
        let v6 = try TrustedProxies(["::1"])
        #expect(v6.resolve(peer: "0:0:0:0:0:0:0:1", forwardedFor: ["2001:DB8::7"], forwardedProto: []).address == "2001:db8::7")
        #expect(!v6.contains("::ffff:127.0.0.1"))
        let v4 = try TrustedProxies(["127.0.0.1"])
        #expect(v4.contains("::ffff:127.0.0.1"), "an IPv4-mapped peer is the IPv4 proxy")
    }

    @Test func hostileForwardedHeadersAreIgnored() throws {
        let proxies = try TrustedProxies(["127.0.0.1"])
        let peer = "127.0.0.1"
        // Two fields: which one a proxy wrote cannot be told.
        #expect(proxies.resolve(peer: peer, forwardedFor: ["198.51.100.7", "203.0.113.66"], forwardedProto: []).address == peer)
        #expect(!proxies.resolve(peer: peer, forwardedFor: [], forwardedProto: ["https", "https"]).isHTTPS)
        // Garbage where the walk reaches it: host names, ports, empty entries, scoped or over-long text.
        for garbage in ["evil.example", "198.51.100.7:8080", "198.51.100.7,", "", "fe80::1%eth0", "1.2.3", "<script>", String(repeating: "1", count: 60)] {
            #expect(proxies.resolve(peer: peer, forwardedFor: [garbage], forwardedProto: []).address == peer, "\(garbage)")
        }
        // Only "https" says TLS.
        #expect(!proxies.resolve(peer: peer, forwardedFor: [], forwardedProto: ["http"]).isHTTPS)
        #expect(!proxies.resolve(peer: peer, forwardedFor: [], forwardedProto: ["https, http"]).isHTTPS)
        #expect(proxies.resolve(peer: peer, forwardedFor: [], forwardedProto: ["HTTPS"]).isHTTPS)
    }

    @Test func aTrustedProxyMustBeAnIPAddress() {
        for bad in ["proxy.example", "127.0.0.1:80", "10.0.0.0/8", ""] {
            #expect(throws: TrustedProxyError.self) { _ = try TrustedProxies([bad]) }
        }
        let error = #expect(throws: TrustedProxyError.self) { _ = try TrustedProxies(["127.0.0.1", "proxy.example"]) }
        #expect(error?.value == "proxy.example")
        #expect(error?.description.contains("is not an IP address") == true && error?.description.contains("n’est pas une adresse IP") == true)
    }

    // MARK: through the real server

    /// Signs in with curl, sending `headers`; returns the reply and the address the sign-in's audit event recorded.
    static func signIn(_ server: TestServer, headers: [(String, String)]) async throws -> (reply: CurlClient.Reply, client: String?) {
        let before = try await server.store.auditEvents(afterID: 0, limit: 10_000).last?.id ?? 0
        let body = try JSONEncoder().encode(["email": "camille@example.org", "password": Self.password])
        let reply = try await CurlClient().send(
            "POST", "http://127.0.0.1:\(server.port)/sessions", headers: [("Content-Type", "application/json")] + headers, body: body)
        #expect(reply.status == 201, "\(reply.text)")
        let events = try await server.store.auditEvents(afterID: before, limit: 100).filter { $0.action == "session.sign_in" }
        let event = try #require(events.first, "no session.sign_in event")
        struct Details: Decodable { var client: String? }
        return (reply, try JSONDecoder().decode(Details.self, from: Data(event.details.utf8)).client)
    }

    static func isSecure(_ reply: CurlClient.Reply) throws -> Bool {
        let cookie = try #require(reply.values("set-cookie").first)
        return cookie.split(separator: ";").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "secure" }
    }

    @Test func aTrustedProxysForwardedAddressAndSchemeAreBelieved() async throws {
        let server = try await TestServer.start {
            $0.bcryptCost = 4
            $0.trustedProxies = try! TrustedProxies(["127.0.0.1"])
        }
        defer { server.shutdown() }
        _ = try await server.createPerson("Camille", password: Self.password)

        let forwarded = try await Self.signIn(server, headers: [("X-Forwarded-For", "203.0.113.66, 198.51.100.7"), ("X-Forwarded-Proto", "https")])
        #expect(forwarded.client == "198.51.100.7")
        #expect(try Self.isSecure(forwarded.reply), "a request forwarded from HTTPS gets a Secure cookie")

        let direct = try await Self.signIn(server, headers: [])
        #expect(direct.client == "127.0.0.1")
        #expect(try !Self.isSecure(direct.reply))

        let doubled = try await Self.signIn(
            server, headers: [("X-Forwarded-For", "198.51.100.7"), ("X-Forwarded-For", "203.0.113.66"), ("X-Forwarded-Proto", "http")])
        #expect(doubled.client == "127.0.0.1", "two X-Forwarded-For fields are ignored")
        #expect(try !Self.isSecure(doubled.reply))

        let garbage = try await Self.signIn(server, headers: [("X-Forwarded-For", "evil.example, 127.0.0.1")])
        #expect(garbage.client == "127.0.0.1", "a header with a host name where the walk reaches it is ignored")
    }

    @Test func anUntrustedPeersForwardedHeadersAreIgnored() async throws {
        let server = try await TestServer.start {
            $0.bcryptCost = 4
            $0.trustedProxies = try! TrustedProxies(["192.0.2.1"])
        }
        defer { server.shutdown() }
        _ = try await server.createPerson("Camille", password: Self.password)
        let forged = try await Self.signIn(server, headers: [("X-Forwarded-For", "198.51.100.7"), ("X-Forwarded-Proto", "https")])
        #expect(forged.client == "127.0.0.1", "a client cannot choose the address in the audit log")
        #expect(try !Self.isSecure(forged.reply), "nor earn a Secure cookie over plain HTTP")

        // A failed sign-in records the same resolved address.
        let body = try JSONEncoder().encode(["email": "camille@example.org", "password": "wrong password!"])
        let refused = try await CurlClient().send(
            "POST", "http://127.0.0.1:\(server.port)/sessions",
            headers: [("Content-Type", "application/json"), ("X-Forwarded-For", "198.51.100.7")], body: body)
        #expect(refused.status == 401)
        let failed = try #require(try await server.store.auditEvents(afterID: 0, limit: 1000).last { $0.action == "session.sign_in_failed" })
        #expect(failed.details.contains(#""client":"127.0.0.1""#) && failed.details.contains(#""reason":"wrong_password""#), "\(failed.details)")
    }
}

import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A browser as the pages use it: it signs in with a password, then sends the session cookie (and,
/// for unsafe methods, the CSRF token) itself. Its URL session keeps no cookie jar, so nothing
/// leaks between test servers that share 127.0.0.1.
struct SessionClient: Sendable {
    let server: TestServer
    /// The `verbatim_session` cookie's value, once signed in.
    var cookie: String?
    /// The session's CSRF token, once signed in.
    var csrfToken: String?

    nonisolated(unsafe) static let urlSession: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration)
    }()

    init(_ server: TestServer) {
        self.server = server
    }

    /// What `POST /sessions` and `GET /me` answer.
    struct Me: Decodable {
        struct Person: Decodable {
            var id: Int64
            var name: String
            var email: String
        }
        var user: Person
        var isAdmin: Bool
        var authMethod: String
        var csrfToken: String?
        var mustChangePassword: Bool
    }

    /// Signs in; keeps the cookie and CSRF token when it worked; returns the reply.
    @discardableResult
    mutating func signIn(_ email: String, _ password: String, headers: [String: String] = [:]) async throws -> TestServer.Reply {
        let reply = try await send("POST", "/sessions", json: ["email": email, "password": password], csrf: false, headers: headers)
        if reply.status == 201 {
            cookie = try #require(Self.cookieValue(reply.headers["set-cookie"]))
            csrfToken = try reply.json(Me.self).csrfToken
        }
        return reply
    }

    /// The value of `verbatim_session` in a `Set-Cookie` header.
    static func cookieValue(_ header: String?) -> String? {
        guard let header, let pair = header.split(separator: ";").first else { return nil }
        let parts = pair.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "verbatim_session" else { return nil }
        return String(parts[1])
    }

    /// Sends a request with the session cookie, and the CSRF token when `csrf` (and one is known).
    func send(
        _ method: String, _ path: String, json: (any Encodable)? = nil, csrf: Bool = true, token: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> TestServer.Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: server.baseURL)!)
        request.httpMethod = method
        request.timeoutInterval = 120
        if let cookie { request.setValue("verbatim_session=\(cookie)", forHTTPHeaderField: "Cookie") }
        if csrf, let csrfToken { request.setValue(csrfToken, forHTTPHeaderField: "X-CSRF-Token") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONEncoder().encode(json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.urlSession.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)".lowercased()] = "\(value)" }
        return TestServer.Reply(status: http.statusCode, body: data, headers: fields)
    }
}

extension TestServer {
    /// Creates a user with a password through the API (as the installation admin); returns the id.
    func createPerson(_ name: String, password: String, isAdmin: Bool = false) async throws -> Int64 {
        struct Created: Decodable {
            struct Person: Decodable { var id: Int64 }
            var user: Person
        }
        let reply = try await send(
            "POST", "/users", token: adminToken,
            json: PersonBody(name: name, email: "\(name.lowercased())@example.org", isAdmin: isAdmin, password: password))
        #expect(reply.status == 201, "\(reply.text)")
        return try reply.json(Created.self).user.id
    }

    struct PersonBody: Encodable {
        var name: String
        var email: String
        var isAdmin: Bool
        var password: String
    }
}

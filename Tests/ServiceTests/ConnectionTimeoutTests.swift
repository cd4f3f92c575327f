import Foundation
import Service
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A client that opens a connection and sends half a request (slowloris) is cut off.
@Suite("Connection timeouts")
struct ConnectionTimeoutTests {
    /// Connects to the server on loopback, sends `bytes`, and returns how long until the server
    /// closes the connection (`nil` if still open after `limit` seconds).
    static func secondsUntilClosed(port: Int, sending bytes: String, limit: Double) throws -> Double? {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestFailure("socket() failed: errno \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("connect() failed: errno \(errno)") }
        var timeout = timeval(tv_sec: Int(limit.rounded(.up)), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let start = Date()
        _ = bytes.withCString { send(socket, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { return Date().timeIntervalSince(start) }
            if count < 0 { return errno == EAGAIN || errno == EWOULDBLOCK ? nil : Date().timeIntervalSince(start) }
        }
    }

    @Test func aHalfSentRequestIsCutOff() async throws {
        let server = try await TestServer.start { $0.idleTimeout = 1 }
        defer { server.shutdown() }
        let port = server.port
        let closedAfter = try await Task.detached {
            try Self.secondsUntilClosed(port: port, sending: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", limit: 10)
        }.value
        let seconds = try #require(closedAfter, "the server kept a half-sent request open for 10 s")
        #expect(seconds < 5)
        // A complete request is still answered.
        #expect(try await server.send("GET", "/health").status == 200)
    }
}

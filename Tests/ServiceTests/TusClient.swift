import Crypto
import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The tus requests of the tests, sent to a real server over loopback.
struct TusClient {
    let server: TestServer
    let token: String

    /// `Upload-Metadata` with every value base64-encoded.
    static func metadata(_ pairs: [String: String]) -> String {
        pairs.sorted { $0.key < $1.key }.map { "\($0.key) \(Data($0.value.utf8).base64EncodedString())" }.joined(separator: ",")
    }

    /// `POST /uploads`; returns the reply.
    func create(length: Int, metadata: [String: String], headers: [String: String] = [:]) async throws -> TestServer.Reply {
        var all = ["Tus-Resumable": "1.0.0", "Upload-Length": "\(length)", "Upload-Metadata": Self.metadata(metadata)]
        all.merge(headers) { $1 }
        return try await server.send("POST", "/uploads", token: token, headers: all)
    }

    /// Creates an upload of `bytes` into `studyID` (with its SHA-256 announced) and returns its path.
    func create(_ bytes: Data, studyID: Int64, filename: String = "interview.m4a", title: String? = nil) async throws -> String {
        var metadata = ["studyId": "\(studyID)", "filename": filename, "sha256": Hashing.sha256Hex(bytes)]
        if let title { metadata["title"] = title }
        let reply = try await create(length: bytes.count, metadata: metadata)
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply.headers["location"])
    }

    /// `PATCH` of `bytes` at `offset`, with their `Upload-Checksum` when `checksum` is set (or the given one).
    func patch(
        _ path: String, offset: Int, _ bytes: Data, checksum: Bool = false, checksumHeader: String? = nil,
        contentType: String = "application/offset+octet-stream"
    ) async throws -> TestServer.Reply {
        var headers = ["Tus-Resumable": "1.0.0", "Upload-Offset": "\(offset)", "Content-Type": contentType]
        if checksum { headers["Upload-Checksum"] = "sha256 \(Data(SHA256.hash(data: bytes)).base64EncodedString())" }
        if let checksumHeader { headers["Upload-Checksum"] = checksumHeader }
        return try await server.send("PATCH", path, token: token, body: bytes, headers: headers)
    }

    /// `HEAD`; returns the reply.
    func head(_ path: String) async throws -> TestServer.Reply {
        try await server.send("HEAD", path, token: token, headers: ["Tus-Resumable": "1.0.0"])
    }

    /// The upload's offset by `HEAD`, once no PATCH holds it (a cut connection takes the server a moment to notice).
    func settledOffset(_ path: String) async throws -> Int? {
        for _ in 0..<200 {
            // The probe first: a HEAD taken while the PATCH still ends would give the offset before it.
            let probe = try await patch(path, offset: 1 << 40, Data())
            if probe.status != 423 {
                let reply = try await head(path)
                return reply.status == 200 ? reply.headers["upload-offset"].flatMap { Int($0) } : nil
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("the upload stayed locked for 10 s")
    }

    /// Probes with a PATCH at an impossible offset until the upload is locked (423) by another
    /// PATCH, for 10 s at most; returns the last reply.
    func waitUntilLocked(_ path: String) async throws -> TestServer.Reply {
        var reply = try await patch(path, offset: 1 << 40, Data())
        for _ in 0..<200 where reply.status != 423 {
            try await Task.sleep(for: .milliseconds(50))
            reply = try await patch(path, offset: 1 << 40, Data())
        }
        return reply
    }

    /// Opens a connection and sends a PATCH whose `Content-Length` announces `bytes` but whose
    /// body stops after `sent` bytes; returns the socket, still open (``RawSocket/close()`` cuts it).
    func partialPatch(_ path: String, offset: Int, _ bytes: Data, sending sent: Int, checksum: Bool = false) throws -> RawSocket {
        var head = "PATCH \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nAuthorization: Bearer \(token)\r\n"
        head += "Tus-Resumable: 1.0.0\r\nUpload-Offset: \(offset)\r\nContent-Type: application/offset+octet-stream\r\n"
        if checksum { head += "Upload-Checksum: sha256 \(Data(SHA256.hash(data: bytes)).base64EncodedString())\r\n" }
        head += "Content-Length: \(bytes.count)\r\n\r\n"
        let socket = try RawSocket(port: server.port)
        try socket.send(Data(head.utf8) + bytes.prefix(sent))
        return socket
    }
}

/// A plain TCP connection to the server, for requests that a client library would not cut short.
final class RawSocket: @unchecked Sendable {
    private var descriptor: Int32

    init(port: Int) throws {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("connect() failed: errno \(errno)") }
    }

    func send(_ data: Data) throws {
        var sent = 0
        while sent < data.count {
            let count = data.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, data.count - sent, 0) }
            guard count > 0 else { throw TestFailure("send() failed: errno \(errno)") }
            sent += count
        }
    }

    /// Closes the connection at once (the server sees the request cut short).
    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    deinit { close() }
}

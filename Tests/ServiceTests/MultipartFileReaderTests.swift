import Foundation
import Store
import Testing

@testable import Service

@Suite("Multipart uploads")
struct MultipartFileReaderTests {
    static func body(
        boundary: String, title: String?, file: [UInt8], filename: String = #"filename="interview.mp3""#, closing: Bool = true
    ) -> [UInt8] {
        var text = "preamble to ignore\r\n"
        if let title { text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\(title)\r\n" }
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; \(filename)\r\n"
        text += "Content-Type: audio/mpeg\r\n\r\n"
        var bytes = Array(text.utf8) + file
        bytes += Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"other\"; filename=\"x.bin\"\r\n\r\nskipped".utf8)
        if closing { bytes += Array("\r\n--\(boundary)--\r\n".utf8) }
        return bytes
    }

    @Test(arguments: [1, 2, 7, 64, 100_000])
    func extractsTheFileWhateverTheChunking(chunkSize: Int) throws {
        // File bytes that contain near-delimiters, CRLFs and dashes.
        let file = Array("\r\n--boundar\r\n-- x \r\n-boundary \r\r\n--bound".utf8) + (0..<3000).map { UInt8($0 % 251) }
        let bytes = Self.body(boundary: "boundary", title: "Entretien P-014", file: file)
        var reader = MultipartFileReader(boundary: "boundary")
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + chunkSize)
            try reader.consume(bytes[index..<end]) { out += $0 }
            index = end
        }
        #expect(reader.isComplete)
        #expect(out == file)
        #expect(reader.fields["title"] == "Entretien P-014")
        #expect(reader.filename == "interview.mp3")
    }

    /// Part headers are bounded (16 KiB) and must be well-formed, whatever the chunking.
    @Test(arguments: [1000, 100_000])
    func oversizedOrMalformedHeadersAreRefused(chunkSize: Int) throws {
        let long = Array("--b\r\nContent-Disposition: form-data; name=\"\(String(repeating: "x", count: 40_000))\"\r\n\r\nv".utf8)
        let broken = Array("--b\r\nNot a header line\r\n\r\nv\r\n--b--\r\n".utf8)
        for (body, reason) in [(long, "exceed 16 KiB"), (broken, "not well-formed")] {
            var reader = MultipartFileReader(boundary: "b")
            let error = #expect(throws: MultipartFileReader.Malformed.self) {
                var index = 0
                while index < body.count {
                    let end = min(body.count, index + chunkSize)
                    try reader.consume(body[index..<end]) { _ in }
                    index = end
                }
            }
            #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
        }
    }

    @Test func boundaryComesFromTheContentType() {
        #expect(MultipartFileReader.boundary(contentType: "multipart/form-data; boundary=abc123") == "abc123")
        #expect(MultipartFileReader.boundary(contentType: "multipart/form-data; boundary=\"q r\"") == "q r")
        #expect(MultipartFileReader.boundary(contentType: "application/octet-stream") == nil)
    }

    @Test func multipartUploadStoresOnlyTheFile() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let studyID = try await UploadTests.study(on: server)
        let file = try Data(contentsOf: TestPaths.speech("en_commonvoice_651325.mp3"))
        let boundary = "----verbatim\(UUID().uuidString)"
        let headers = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
        let reply = try await server.send(
            "POST", "/studies/\(studyID)/recordings", token: server.adminToken,
            body: Data(Self.body(boundary: boundary, title: "Common Voice 651325", file: Array(file))), headers: headers)
        #expect(reply.status == 201, "\(reply.text)")
        let recording: Recording = try reply.json()
        #expect(recording.title == "Common Voice 651325")
        #expect(recording.fileHash == Hashing.sha256Hex(file))
        let stored = try #require(try await server.store.recording(id: recording.id!))
        #expect(try Data(contentsOf: URL(fileURLWithPath: stored.mediaPath)) == file)

        let truncated = try await server.send(
            "POST", "/studies/\(studyID)/recordings", token: server.adminToken,
            body: Data(Self.body(boundary: boundary, title: "cut", file: Array(file.prefix(5000)), closing: false)), headers: headers)
        #expect(truncated.status == 400)
        #expect(truncated.text.contains("multipart"))
        #expect(try UploadTests.partFiles(server).isEmpty)
    }

    /// A recording sent without a title is named after its file: a quoted filename may hold `;`
    /// (RFC 7578 §4.2), and `filename*` (RFC 5987, UTF-8 percent-encoded) wins over `filename`.
    @Test(arguments: [
        (#"filename="a;b.wav""#, "a;b.wav"),
        (#"filename="entretien ete.wav"; filename*=UTF-8''entretien%20%C3%A9t%C3%A9%3B%201.wav"#, "entretien été; 1.wav"),
    ])
    func recordingIsNamedAfterTheUploadedFile(disposition: String, expected: String) async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let studyID = try await UploadTests.study(on: server)
        let file = try Data(contentsOf: TestPaths.speech("en_commonvoice_651325.mp3"))
        let boundary = "----verbatim\(UUID().uuidString)"
        let reply = try await server.send(
            "POST", "/studies/\(studyID)/recordings", token: server.adminToken,
            body: Data(Self.body(boundary: boundary, title: nil, file: Array(file), filename: disposition)),
            headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"])
        #expect(reply.status == 201, "\(reply.text)")
        let recording: Recording = try reply.json()
        #expect(recording.title == expected)
        #expect(recording.fileHash == Hashing.sha256Hex(file))
    }
}

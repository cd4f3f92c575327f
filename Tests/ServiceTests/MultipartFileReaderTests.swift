import Foundation
import Store
import Testing

@testable import Service

@Suite("Multipart uploads")
struct MultipartFileReaderTests {
    static func body(boundary: String, title: String, file: [UInt8], closing: Bool = true) -> [UInt8] {
        var text = "preamble to ignore\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\(title)\r\n"
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"interview.mp3\"\r\n"
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
}

import Foundation
import Service
import Store
import Testing

/// Health data is readable by the service's own user only: files 0600, folders 0700.
@Suite("File permissions")
struct FilePermissionTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func storeAndMediaArePrivate() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let studyID = try await UploadTests.study(on: server)
        let upload = try await server.send(
            "POST", "/studies/\(studyID)/recordings", token: server.adminToken,
            body: try Data(contentsOf: TestPaths.speech("en_commonvoice_651325.mp3")))
        #expect(upload.status == 201, "\(upload.text)")
        let recording = try #require(try await server.store.recording(id: try upload.json(Recording.self).id!))
        let configuration = server.backend.configuration
        let folders = [
            configuration.dataDirectory.path, configuration.mediaDirectory.path,
            URL(fileURLWithPath: recording.mediaPath).deletingLastPathComponent().path,
        ]
        for folder in folders {
            #expect(String(try Self.mode(folder), radix: 8) == "700", "\(folder)")
        }
        let database = configuration.databaseURL.path
        for file in [database, database + "-wal", database + "-shm", configuration.tokensURL.path, recording.mediaPath]
        where FileManager.default.fileExists(atPath: file) {
            #expect(String(try Self.mode(file), radix: 8) == "600", "\(file)")
        }
    }
}

import Foundation
import Service
import Store
import Testing

/// Intake under concurrency: one recording per file and study, and no media file lost.
@Suite("Simultaneous uploads")
struct UploadRaceTests {
    /// Parallel POSTs of one WAV: exactly one creates the recording, every other one is told its id.
    @Test func parallelIdenticalUploadsCreateOneRecording() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let studyID = try await UploadTests.study(on: server)
        let bytes = try Data(contentsOf: TestPaths.speech("en_diar_pyannote_sample.wav"))

        let replies = try await withThrowingTaskGroup(of: TestServer.Reply.self) { group in
            for _ in 0..<6 {
                group.addTask { try await server.send("POST", "/studies/\(studyID)/recordings", token: server.adminToken, body: bytes) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let statuses = replies.map(\.status).sorted()
        #expect(statuses == [201, 409, 409, 409, 409, 409], "\(replies.map(\.text))")
        let created = try #require(replies.first { $0.status == 201 })
        let recording = try #require(try await server.store.recording(id: try created.json(Recording.self).id!))
        for refused in replies where refused.status == 409 {
            #expect(refused.errorCode == "duplicate_recording")
            #expect(refused.text.contains("recording \(recording.id!)"), "\(refused.text)")
        }
        #expect(try await server.store.recordings(studyID: studyID).map(\.id) == [recording.id])
        #expect(try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath)) == bytes)
        let folder = URL(fileURLWithPath: recording.mediaPath).deletingLastPathComponent()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
        #expect(try UploadTests.partFiles(server).isEmpty)
    }
}

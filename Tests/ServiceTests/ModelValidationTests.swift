import Foundation
import Service
import Store
import Testing

/// A transcription job names a Whisper model installed in the server's models folder; the
/// server checks it against that folder, not a fixed list.
@Suite("Transcription models checked against the models folder")
struct ModelValidationTests {
    /// A models folder holding only `whisper-tiny.en` (a link to the repository's checkpoint)
    /// and `silero-vad`. Removed on deinit.
    final class TinyOnlyModels {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-service-models-\(UUID().uuidString)")

        init() throws {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for name in ["whisper-tiny.en", "silero-vad"] {
                try FileManager.default.createSymbolicLink(
                    at: url.appendingPathComponent(name), withDestinationURL: TestPaths.models.appendingPathComponent(name))
            }
        }

        deinit { try? FileManager.default.removeItem(at: url) }
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable { var code: String; var message: String }
        var error: Detail
    }

    @Test func unknownModelNamesTheInstalledOnes() async throws {
        let models = try TinyOnlyModels()
        let server = try await TestServer.start { $0.modelsDirectory = models.url }
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let path = "/recordings/\(fixture.recordingID)/jobs"

        // The default model, whisper-base, is not installed on this server.
        for body in [["model": "whisper-base"], [:], ["model": "large-v3"], ["model": "../whisper-tiny.en"]] {
            let reply = try await server.send("POST", path, token: server.adminToken, json: body)
            #expect(reply.status == 422, "\(body): \(reply.text)")
            let error = try reply.json(ErrorBody.self).error
            #expect(error.code == "unknown_model")
            #expect(error.message.contains("use one of whisper-tiny.en (installed on the server)"), "\(error.message)")
        }
        #expect(try await server.store.jobs(state: .queued).isEmpty)
    }

    @Test func installedModelIsAcceptedByEitherName() async throws {
        let models = try TinyOnlyModels()
        let server = try await TestServer.start { $0.modelsDirectory = models.url }
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let path = "/recordings/\(fixture.recordingID)/jobs"

        for name in ["whisper-tiny.en", "tiny.en"] {
            let reply = try await server.send("POST", path, token: server.adminToken, json: ["model": name, "language": "en"])
            #expect(reply.status == 202, "\(name): \(reply.text)")
            let request = try TranscriptionRequest.decode(payload: try reply.json(Job.self).payload)
            // The job names the folder, which the worker's pipeline cache loads.
            #expect(request.model == "whisper-tiny.en")
        }
        // English only, from the model's vocabulary.
        let french = try await server.send("POST", path, token: server.adminToken, json: ["model": "tiny.en", "language": "fr"])
        #expect(french.status == 422)
        let error = try french.json(ErrorBody.self).error
        #expect(error.code == "invalid_language")
        #expect(error.message == "The model `whisper-tiny.en` only transcribes English; install a multilingual model for `fr`.")
    }

    @Test func multilingualModelTakesFrenchAndTheShortName() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let path = "/recordings/\(fixture.recordingID)/jobs"
        let reply = try await server.send("POST", path, token: server.adminToken, json: ["model": "base", "language": "fr"])
        #expect(reply.status == 202, "\(reply.text)")
        #expect(try TranscriptionRequest.decode(payload: try reply.json(Job.self).payload).model == "whisper-base")
        let english = try await server.send("POST", path, token: server.adminToken, json: ["model": "tiny.en", "language": "de"])
        #expect(
            try english.json(ErrorBody.self).error.message
                == "The model `whisper-tiny.en` only transcribes English; use `whisper-base` for `de`.")
    }
}

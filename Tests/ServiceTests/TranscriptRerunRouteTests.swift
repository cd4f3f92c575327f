import Foundation
import Service
import Store
import Testing

/// Through the API: a machine re-run does not replace the human version that readers see.
@Suite("Transcript re-runs through the API")
struct TranscriptRerunRouteTests {
    struct Detail: Decodable {
        var transcript: Transcript
    }

    @Test func theHumanVersionStaysCurrentAfterAReRun() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let rerun = try await server.store.addTranscript(
            recordingID: fixture.recordingID,
            TranscriptInput(
                engine: "whisper", model: "whisper-base", language: "fr",
                segments: [SegmentInput(start: 0, end: 5, speakerLabel: "SPEAKER_00", text: "Bonjour comment allez vous")]))
        let reply = try await server.send("GET", "/recordings/\(fixture.recordingID)/transcript", token: fixture.tokens["coder"])
        #expect(reply.status == 200, "\(reply.text)")
        #expect(try reply.json(Detail.self).transcript.id == fixture.transcriptID)
        let versions: [Transcript] = try await server.send(
            "GET", "/recordings/\(fixture.recordingID)/transcripts", token: fixture.tokens["coder"]
        ).json()
        #expect(versions.map(\.id) == [fixture.transcriptID, rerun.id])
    }
}

import Foundation
import Media
import Service
import Store
import Testing

/// Pseudonymised exports with their media: the real recording decoded again, with the accepted
/// spans' words replaced by silence or a tone and the rest untouched; ELAN and REFI-QDA point at
/// the redacted copy, and no copy is left in the server's temporary folder.
@Suite("Pseudonymised exports carry redacted audio")
struct RedactedMediaRouteTests {
    @Test func eafMediaCarriesTheRecordingWithTheNamesSilenced() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let researcher = try #require(fixture.tokens["researcher"])
        _ = try await RedactedAudioFixture.make(on: server, fixture: fixture, researcher: researcher)
        let original = try RedactedAudioFixture.original()

        for fill in AudioRedaction.Fill.allCases {
            let reply = try await server.send(
                "GET",
                "/studies/\(fixture.studyID)/export?format=eaf-media&recording=\(fixture.recordingID)&pseudonymised=true&redaction=\(fill.rawValue)",
                token: researcher)
            #expect(reply.status == 200, "\(reply.text)")
            let files = try RedactedAudioFixture.entries(reply.body)
            let flac = try #require(files.first { $0.key.hasSuffix(".flac") }, "no FLAC in \(files.keys.sorted())")
            #expect(files.keys.filter { $0.hasSuffix(".wav") }.isEmpty, "the original went into the archive")
            let eaf = String(decoding: try #require(files.first { $0.key.hasSuffix(".eaf") }?.value), as: UTF8.self)
            #expect(eaf.contains(flac.key), "the .eaf does not link \(flac.key)")
            #expect(!eaf.contains("Kerhervé") && !eaf.contains("Nantes") && eaf.contains("[Personne A]"))
            RedactedAudioFixture.expectRedacted(
                try RedactedAudioFixture.decode(flac.value, rate: original.sampleRate), original: original, fill: fill)
        }
        let unknown = try await server.send(
            "GET", "/studies/\(fixture.studyID)/export?format=eaf-media&pseudonymised=true&redaction=bleep", token: researcher,
            headers: ["Accept-Language": "fr"])
        #expect(unknown.status == 400 && unknown.text.contains("doit valoir `tone` ou `silence`"), "\(unknown.text)")
        // The plain export still carries the original recording.
        let plain = try await server.send(
            "GET", "/studies/\(fixture.studyID)/export?format=eaf-media&recording=\(fixture.recordingID)", token: researcher)
        #expect(try RedactedAudioFixture.entries(plain.body).keys.contains { $0.hasSuffix(".wav") })

        let audit = try await server.store.auditEvents(afterID: 0, limit: 1_000).filter { $0.action == "study.export" }
        #expect(audit.filter { $0.details.contains(#""redactedMedia":true"#) }.count == 2, "\(audit.map(\.details))")
        let temporary = try FileManager.default.contentsOfDirectory(atPath: server.backend.configuration.temporaryDirectory.path)
        #expect(temporary.filter { $0.contains("redacted") }.isEmpty, "\(temporary)")
    }

    @Test func aREFIQDAProjectEmbedsTheRedactedCopyUnlessMediaIsLeftOut() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let researcher = try #require(fixture.tokens["researcher"])
        _ = try await RedactedAudioFixture.make(on: server, fixture: fixture, researcher: researcher)
        let original = try RedactedAudioFixture.original()

        let path = "/studies/\(fixture.studyID)/export?format=qdpx&recording=\(fixture.recordingID)&pseudonymised=true"
        let reply = try await server.send("GET", path + "&redaction=silence", token: researcher)
        #expect(reply.status == 200, "\(reply.text)")
        let files = try RedactedAudioFixture.entries(reply.body)
        let flac = try #require(files.first { $0.key.hasPrefix("sources/") && $0.key.hasSuffix(".flac") }, "\(files.keys.sorted())")
        let project = String(decoding: try #require(files["project.qde"]), as: UTF8.self)
        #expect(project.contains("internal://\(flac.key.dropFirst("sources/".count))"))
        #expect(!project.contains(server.dataDirectory.path), "the project names a server path")
        RedactedAudioFixture.expectRedacted(
            try RedactedAudioFixture.decode(flac.value, rate: original.sampleRate), original: original, fill: .silence)

        let withoutMedia = try RedactedAudioFixture.entries(try await server.send("GET", path + "&media=false", token: researcher).body)
        #expect(withoutMedia.keys.filter { $0.hasSuffix(".flac") || $0.hasSuffix(".wav") }.isEmpty, "\(withoutMedia.keys.sorted())")
    }

    @Test func aRecordingWithoutTranscriptGetsNoRedactedCopy() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let researcher = try #require(fixture.tokens["researcher"])
        let media = server.dataDirectory.appendingPathComponent("media/untranscribed.wav")
        try FileManager.default.copyItem(at: TestPaths.speech("fr_picovoice_cheetah_test_fr_norm.wav"), to: media)
        let recording = try await server.store.addRecording(
            Recording(
                studyID: fixture.studyID, title: "Sans transcription", mediaPath: media.path,
                fileHash: Hashing.sha256Hex(try Data(contentsOf: media)), container: "wav"))
        let reply = try await server.send(
            "GET", "/studies/\(fixture.studyID)/export?format=eaf-media&recording=\(recording.id!)&pseudonymised=true", token: researcher,
            headers: ["Accept-Language": "fr"])
        #expect(reply.status == 409 && reply.errorCode == "redacted_media_unavailable", "\(reply.text)")
        #expect(reply.text.contains("n’a pas de transcription"), "\(reply.text)")
    }
}

import Foundation
import Media
import Service
import Store
import Testing

/// Retention through the API on a real server: the rule set by a study admin, the schedule a
/// researcher reads, nothing deleted before its day, then the original deleted with a redacted
/// copy in its place (played back and decoded), or with nothing kept (410), or kept while the
/// pseudonymisation review waits.
@Suite("Retention of original media")
struct RetentionRouteTests {
    struct Rule: Encodable {
        var days: Int?
        var keepRedactedMedia: Bool?
        var fill: String?
    }

    struct Schedule: Decodable {
        struct Entry: Decodable {
            var recordingID: Int64
            var state: String
            var validatedAt: Date?
            var dueAt: Date?
            var removedAt: Date?
            var keepsRedactedCopy: Bool
            var pendingDecisions: Int
        }
        var entries: [Entry]
    }

    struct RunReport: Decodable {
        struct Outcome: Decodable {
            var recordingID: Int64
            var result: String
            var keptRedactedCopy: Bool
        }
        var outcomes: [Outcome]
        var schedule: Schedule
    }

    @Test func aRedactedCopyReplacesTheOriginalOnItsDay() async throws {
        let server = try await TestServer.start { $0.clock = .adjustable() }
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let admin = try #require(fixture.tokens["studyAdmin"]), researcher = try #require(fixture.tokens["researcher"])
        let coder = try #require(fixture.tokens["coder"])
        let originalFile = try #require(try await server.store.recording(id: fixture.recordingID)?.mediaPath)

        #expect(try await server.send("PUT", "/studies/\(fixture.studyID)/retention", token: researcher, json: Rule(days: 30)).status == 403)
        #expect(try await server.send("GET", "/studies/\(fixture.studyID)/retention", token: coder).status == 403)
        let negative = try await server.send(
            "PUT", "/studies/\(fixture.studyID)/retention", token: admin, json: Rule(days: -3), headers: ["Accept-Language": "fr"])
        #expect(negative.status == 400 && negative.text.contains("nombre de jours"), "\(negative.text)")
        let set = try await server.send(
            "PUT", "/studies/\(fixture.studyID)/retention", token: admin, json: Rule(days: 30, keepRedactedMedia: true, fill: "silence"))
        #expect(set.status == 200, "\(set.text)")
        // Not validated yet: the clock has not started.
        #expect(try set.json(Schedule.self).entries.map(\.state) == ["notValidated"])

        _ = try await RedactedAudioFixture.make(on: server, fixture: fixture, researcher: researcher)
        let schedule: Schedule = try await server.send("GET", "/studies/\(fixture.studyID)/retention", token: researcher).json()
        let entry = try #require(schedule.entries.first)
        #expect(entry.state == "scheduled" && entry.keepsRedactedCopy && entry.pendingDecisions == 0)
        let validated = try #require(entry.validatedAt), due = try #require(entry.dueAt)
        #expect(abs(due.timeIntervalSince(validated) - 30 * 86_400) < 1)

        // Before its day, a run deletes nothing.
        let early: RunReport = try await server.send("POST", "/studies/\(fixture.studyID)/retention/run", token: admin).json()
        #expect(early.outcomes.isEmpty)
        #expect(FileManager.default.fileExists(atPath: originalFile))

        server.backend.configuration.clock.advance(by: 31 * 86_400)
        #expect(try await server.send("POST", "/studies/\(fixture.studyID)/retention/run", token: researcher).status == 403)
        let run: RunReport = try await server.send("POST", "/studies/\(fixture.studyID)/retention/run", token: admin).json()
        #expect(run.outcomes.map(\.result) == ["removed"] && run.outcomes.allSatisfy(\.keptRedactedCopy))
        #expect(run.schedule.entries.map(\.state) == ["removed"])
        #expect(!FileManager.default.fileExists(atPath: originalFile), "the original file is still on disk")

        // Playback now gives the redacted copy, silent over the names.
        let recording = try #require(try await server.store.recording(id: fixture.recordingID))
        #expect(recording.mediaIsRedacted && recording.mediaPath != originalFile)
        let played = try await server.send("GET", "/recordings/\(fixture.recordingID)/media", token: researcher)
        #expect(played.status == 200, "\(played.text)")
        let original = try RedactedAudioFixture.original()
        RedactedAudioFixture.expectRedacted(
            try RedactedAudioFixture.decode(played.body, rate: original.sampleRate), original: original, fill: .silence)
        // A coder of a study pseudonymised for coders, refused the original, hears this copy.
        let restricted = try await server.send("PATCH", "/studies/\(fixture.studyID)", token: admin, json: ["pseudonymisedForCoders": true])
        #expect(restricted.status == 200, "\(restricted.text)")
        #expect(try await server.send("POST", "/recordings/\(fixture.recordingID)/media-token", token: coder).status == 201)
        let heard = try await server.send("GET", "/recordings/\(fixture.recordingID)/media", token: coder)
        #expect(heard.status == 200 && heard.body == played.body, "\(heard.text)")
        // Nothing is transcribed again from the copy; a second run finds nothing to do.
        let rerun = try await server.send("POST", "/recordings/\(fixture.recordingID)/jobs", token: researcher, json: ["model": "whisper-base"])
        #expect(rerun.status == 410 && rerun.errorCode == "media_removed", "\(rerun.text)")
        let again: RunReport = try await server.send("POST", "/studies/\(fixture.studyID)/retention/run", token: admin).json()
        #expect(again.outcomes.isEmpty)

        let events = try await server.store.auditEvents(afterID: 0, limit: 1_000)
        let removed = events.filter { $0.action == "recording.media-removed" }
        #expect(removed.map(\.targetID) == [fixture.recordingID])
        #expect(events.filter { $0.action == "study.retention" }.count == 1)
        let logged = String(decoding: try JSONEncoder().encode(events), as: UTF8.self)
        #expect(!logged.contains("Kerhervé") && !logged.contains("fixture.wav"))
    }

    @Test func withoutACopyTheMediaIsGoneAndTheTranscriptStays() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let admin = try #require(fixture.tokens["studyAdmin"]), researcher = try #require(fixture.tokens["researcher"])
        let originalFile = try #require(try await server.store.recording(id: fixture.recordingID)?.mediaPath)
        let audio = try await RedactedAudioFixture.make(on: server, fixture: fixture, researcher: researcher)
        #expect(try await server.send("PUT", "/studies/\(fixture.studyID)/retention", token: admin, json: Rule(days: 0)).status == 200)
        let run: RunReport = try await server.send("POST", "/studies/\(fixture.studyID)/retention/run", token: admin).json()
        #expect(run.outcomes.map(\.result) == ["removed"] && !run.outcomes[0].keptRedactedCopy)
        #expect(!FileManager.default.fileExists(atPath: originalFile))
        let played = try await server.send(
            "GET", "/recordings/\(fixture.recordingID)/media", token: researcher, headers: ["Accept-Language": "fr"])
        #expect(played.status == 410 && played.text.contains("règle de conservation"), "\(played.text)")
        let transcript = try await server.send("GET", "/transcripts/\(audio.transcriptID)", token: researcher)
        #expect(transcript.status == 200 && transcript.text.contains("Kerhervé"))
        let media = try await server.send(
            "GET", "/studies/\(fixture.studyID)/export?format=eaf-media&recording=\(fixture.recordingID)&pseudonymised=true", token: researcher)
        #expect(media.status == 410, "\(media.text)")
    }

    @Test func theOriginalStaysWhileTheReviewWaits() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let admin = try #require(fixture.tokens["studyAdmin"]), researcher = try #require(fixture.tokens["researcher"])
        let originalFile = try #require(try await server.store.recording(id: fixture.recordingID)?.mediaPath)
        _ = try await server.store.addTranscript(
            recordingID: fixture.recordingID,
            TranscriptInput(
                engine: "whisper", model: "whisper-base", language: "fr", status: .reviewed,
                segments: [SegmentInput(start: 0, end: 4, text: RedactedAudioFixture.text)]))
        #expect(
            try await server.send("PUT", "/studies/\(fixture.studyID)/retention", token: admin, json: Rule(days: 0, keepRedactedMedia: true))
                .status == 200)
        let run: RunReport = try await server.send("POST", "/studies/\(fixture.studyID)/retention/run", token: admin).json()
        #expect(run.outcomes.map(\.result) == ["waitingForReview"])
        #expect(run.schedule.entries.map(\.state) == ["waitingForReview"])
        #expect(run.schedule.entries.first?.pendingDecisions == 2)
        #expect(FileManager.default.fileExists(atPath: originalFile))
        #expect(try await server.store.recording(id: fixture.recordingID)?.mediaRemovedAt == nil)
        let folder = server.dataDirectory.appendingPathComponent("media/study-\(fixture.studyID)").path
        let stored = FileManager.default.fileExists(atPath: folder) ? try FileManager.default.contentsOfDirectory(atPath: folder) : []
        #expect(stored.filter { $0.contains("redacted") }.isEmpty, "\(stored)")
    }

    @Test func theRedactedCopyIsEncryptedAtRestLikeTheOriginal() async throws {
        let keyFile = try EncryptedMediaTests.KeyFile()
        defer { keyFile.cleanUp() }
        let server = try await TestServer.start(masterKey: keyFile.key)
        defer { server.shutdown() }
        let study = try await EncryptedMediaTests.study(server)
        let (recording, _) = try await EncryptedMediaTests.upload(server, study: study, "fr_commonvoice_picovoice_test_fr.wav")
        let recordingID = try #require(recording.id)
        _ = try await RedactedAudioFixture.make(on: server, recordingID: recordingID, researcher: server.adminToken)
        #expect(
            try await server.send("PUT", "/studies/\(study)/retention", token: server.adminToken, json: Rule(days: 0, keepRedactedMedia: true))
                .status == 200)
        let run: RunReport = try await server.send("POST", "/studies/\(study)/retention/run", token: server.adminToken).json()
        #expect(run.outcomes.map(\.result) == ["removed"], "\(run.outcomes)")
        #expect(!FileManager.default.fileExists(atPath: recording.mediaPath))

        let copy = try #require(try await server.store.recording(id: recordingID))
        let stored = try Data(contentsOf: URL(fileURLWithPath: copy.mediaPath))
        #expect(EncryptedFileFormat.isEncrypted(URL(fileURLWithPath: copy.mediaPath)), "the redacted copy is stored in clear")
        #expect(!EncryptedMediaTests.magics.contains { stored.starts(with: $0) })
        let played = try await server.send("GET", "/recordings/\(recordingID)/media", token: server.adminToken)
        #expect(played.status == 200 && played.body.starts(with: Data("fLaC".utf8)))
        let original = try RedactedAudioFixture.original()
        RedactedAudioFixture.expectRedacted(
            try RedactedAudioFixture.decode(played.body, rate: original.sampleRate), original: original, fill: .tone)
        // No decrypted or redacted copy is left in the temporary folder.
        let folder = server.backend.configuration.temporaryDirectory.path
        let left = FileManager.default.fileExists(atPath: folder) ? try FileManager.default.contentsOfDirectory(atPath: folder) : []
        #expect(left.isEmpty, "\(left)")
    }
}

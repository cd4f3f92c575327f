import Foundation
import Pseudonymisation
import Store
import Testing
import ZIPFoundation

/// Pseudonymisation through the API: the detector's proposals on a real server, the review's
/// decisions, a marked span, the pseudonymised text a coder reads, and an audit log without the words.
@Suite("Pseudonymisation through the API")
struct RedactionRouteTests {
    static let lines = [
        "Bonjour, je suis suivie par le docteur Kerhervé au CHU de Nantes.",
        "Vous pouvez m'appeler au 06 12 34 56 78, ou écrire à claire.martin@orange.fr.",
    ]

    @Test func proposeReviewMarkAndReadPseudonymised() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let researcher = try #require(fixture.tokens["researcher"]), coder = try #require(fixture.tokens["coder"])
        let transcript = try await server.store.addTranscript(
            recordingID: fixture.recordingID,
            TranscriptInput(
                engine: "whisper", model: "whisper-base", language: "fr", status: .reviewed,
                segments: Self.lines.enumerated().map { SegmentInput(start: Double($0) * 4, end: Double($0) * 4 + 4, speakerLabel: "P", text: $1) }))
        let id = try #require(transcript.id)
        // A coding over two spans to come: the pseudonymised exports must move its ends.
        let coded = Array("Bonjour, je suis suivie par ".unicodeScalars).count
        _ = try await server.store.addCoding(
            transcriptID: id, codeID: fixture.codeID, coderID: fixture.spareUserID, charStart: coded,
            charEnd: coded + Array("le docteur Kerhervé au CHU de Nantes".unicodeScalars).count)

        #expect(try await server.send("POST", "/transcripts/\(id)/redactions/proposals", token: coder).status == 403)
        let reply = try await server.send("POST", "/transcripts/\(id)/redactions/proposals", token: researcher)
        #expect(reply.status == 200, "\(reply.text)")
        let spans: [Redaction] = try reply.json()
        #expect(spans.map(\.text) == ["Kerhervé", "CHU de Nantes", "06 12 34 56 78", "claire.martin@orange.fr"])
        #expect(spans.map(\.kind) == [.person, .institution, .phone, .email])
        #expect(spans.allSatisfy { $0.state == .proposed })

        struct Decision: Encodable { var decision: String }
        for span in spans {
            let decision = span.kind == .phone ? "reject" : "accept"
            let decided = try await server.send("PUT", "/redactions/\(span.id!)", token: researcher, json: Decision(decision: decision))
            #expect(decided.status == 200, "\(decided.text)")
        }
        let wrong = try await server.send(
            "PUT", "/redactions/\(spans[0].id!)", token: researcher, json: Decision(decision: "maybe"), headers: ["Accept-Language": "fr"])
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("n’est pas une décision"), "\(wrong.text)")
        #expect(try await server.send("PUT", "/redactions/\(spans[0].id!)", token: coder, json: Decision(decision: "reject")).status == 403)

        // The coder reads the pseudonymised text; the rejected phone number stays.
        let read: PseudonymisedTranscript = try await server.send("GET", "/transcripts/\(id)/pseudonymised", token: coder).json()
        #expect(
            read.segments == [
                "Bonjour, je suis suivie par le docteur [Personne A] au [Établissement 1].",
                "Vous pouvez m'appeler au 06 12 34 56 78, ou écrire à [Courriel 1].",
            ])
        #expect(read.pending == 0)

        // The reviewer marks the phone number after all: the rejected proposal gives way.
        let phone = spans[2]
        struct Mark: Encodable { var charStart: Int; var charEnd: Int; var kind: String }
        let marked = try await server.send(
            "POST", "/transcripts/\(id)/redactions", token: researcher, json: Mark(charStart: phone.charStart, charEnd: phone.charEnd, kind: "phone"))
        #expect(marked.status == 201, "\(marked.text)")
        #expect(try marked.json(Redaction.self).pseudonym == "[Téléphone 1]")
        let badKind = try await server.send(
            "POST", "/transcripts/\(id)/redactions", token: researcher, json: Mark(charStart: 0, charEnd: 7, kind: "nickname"))
        #expect(badKind.status == 422)
        let after: PseudonymisedTranscript = try await server.send("GET", "/transcripts/\(id)/pseudonymised", token: coder).json()
        #expect(after.segments[1] == "Vous pouvez m'appeler au [Téléphone 1], ou écrire à [Courriel 1].")

        // Every export format, pseudonymised: not one byte of an identifier, in any file of an archive;
        // the same export without pseudonyms has them (the test would see a leak).
        let hidden = ["Kerhervé", "Nantes", "06 12 34 56 78", "claire.martin"]
        for format in ExportFormat.allCases where format != .eafMedia {
            let path = "/studies/\(fixture.studyID)/export?format=\(format.rawValue)&recording=\(fixture.recordingID)"
            let plain = try await server.send("GET", path, token: researcher)
            let pseudonymised = try await server.send("GET", path + "&pseudonymised=true", token: researcher)
            #expect(plain.status == 200 && pseudonymised.status == 200, "\(format): \(pseudonymised.text)")
            let plainText = try Self.readable(plain.body), text = try Self.readable(pseudonymised.body)
            #expect(plainText.contains("Kerhervé"), "\(format): the plain export lacks the name")
            for word in hidden { #expect(!text.contains(word), "\(format): \(word) in the pseudonymised export") }
            #expect(text.contains("[Personne A]"), "\(format): no pseudonym")
            if format == .csv { #expect(text.contains("le docteur [Personne A] au [Établissement 1]"), "\(text)") }
        }
        let media = try await server.send(
            "GET", "/studies/\(fixture.studyID)/export?format=eaf-media&recording=\(fixture.recordingID)&pseudonymised=true", token: researcher)
        // With its media: the ELAN document and a redacted copy of the audio (RedactedMediaRouteTests decodes it).
        #expect(media.status == 200, "\(media.text)")
        let withMedia = try Self.readable(media.body)
        for word in hidden { #expect(!withMedia.contains(word), "eaf-media: \(word) in the pseudonymised export") }
        #expect(try RedactedAudioFixture.entries(media.body).keys.contains { $0.hasSuffix(".flac") })

        // The audit log has each step, and none of the words it hides.
        let events = try await server.store.auditEvents(afterID: 0, limit: 10_000)
        let actions = events.map(\.action)
        #expect(actions.filter { $0 == "redaction.propose" }.count == 1)
        #expect(actions.filter { $0 == "redaction.decide" }.count == 4)
        #expect(actions.filter { $0 == "redaction.mark" }.count == 1)
        let logged = String(decoding: try JSONEncoder().encode(events), as: UTF8.self)
        for word in hidden { #expect(!logged.contains(word), "\(word) in the audit log") }
    }

    @Test func aPseudonymisedExportWaitsForTheReview() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let researcher = try #require(fixture.tokens["researcher"])
        _ = try await server.store.addTranscript(
            recordingID: fixture.recordingID,
            TranscriptInput(
                engine: "whisper", model: "whisper-base", language: "fr", status: .reviewed,
                segments: [SegmentInput(start: 0, end: 4, text: Self.lines[0])]))
        // Never reviewed: proposed on the way, then refused while the proposals wait.
        let reply = try await server.send(
            "GET", "/studies/\(fixture.studyID)/export?format=txt&recording=\(fixture.recordingID)&pseudonymised=true", token: researcher,
            headers: ["Accept-Language": "fr"])
        #expect(reply.status == 409, "\(reply.text)")
        #expect(reply.text.contains("attendent une décision"), "\(reply.text)")
    }

    /// Every byte of an export as text: the file itself, or each entry of a ZIP archive, inflated.
    static func readable(_ data: Data) throws -> String {
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return String(decoding: data, as: UTF8.self) }
        let archive = try Archive(data: data, accessMode: .read)
        var text = ""
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            text += String(decoding: bytes, as: UTF8.self) + "\n"
        }
        return text
    }
}

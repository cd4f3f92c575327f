import Foundation
import Pseudonymisation
import Store
import Testing

/// A study pseudonymised for coders, on a real server: its coder reads only pseudonymised text
/// from every route they reach, waits for the review, codes in pseudonymised offsets that a
/// researcher reads on the original text, and gets no media; the researcher keeps the original.
@Suite("Pseudonymised for coders")
struct PseudonymisedCodersTests {
    static let hidden = ["Kerhervé", "Nantes", "06 12 34 56 78", "claire.martin", "orange.fr"]

    /// The scalar offset of `needle` in `text`.
    static func offset(of needle: String, in text: String) throws -> Int {
        let scalars = Array(text.unicodeScalars), target = Array(needle.unicodeScalars)
        return try #require((0...(scalars.count - target.count)).first { Array(scalars[$0..<$0 + target.count]) == target }, "\(needle)")
    }

    static func slice(_ text: String, _ start: Int, _ end: Int) -> String {
        String(String.UnicodeScalarView(Array(text.unicodeScalars)[start..<end]))
    }

    @Test func aCoderSeesOnlyPseudonymsAndCodesTheOriginal() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let admin = try #require(fixture.tokens["studyAdmin"]), researcher = try #require(fixture.tokens["researcher"])
        let coder = try #require(fixture.tokens["coder"])
        let transcript = try await server.store.addTranscript(
            recordingID: fixture.recordingID,
            TranscriptInput(
                engine: "whisper", model: "whisper-base", language: "fr", status: .reviewed,
                segments: RedactionRouteTests.lines.enumerated().map {
                    SegmentInput(start: Double($0) * 4, end: Double($0) * 4 + 4, speakerLabel: "P", text: $1)
                }))
        let id = try #require(transcript.id)
        let original = transcript.text

        // The setting: off by default, the study's administrators change it, coders and researchers may not.
        #expect(try await server.send("GET", "/studies/\(fixture.studyID)", token: coder).json(Study.self).pseudonymisedForCoders == false)
        #expect(try await server.send("PATCH", "/studies/\(fixture.studyID)", token: coder, json: ["pseudonymisedForCoders": true]).status == 403)
        #expect(try await server.send("PATCH", "/studies/\(fixture.studyID)", token: researcher, json: ["pseudonymisedForCoders": true]).status == 403)
        let set = try await server.send("PATCH", "/studies/\(fixture.studyID)", token: admin, json: ["pseudonymisedForCoders": true])
        #expect(set.status == 200, "\(set.text)")
        #expect(try set.json(Study.self).pseudonymisedForCoders)

        // While the review waits (the detector proposes on the coder's first read), a clear 409 in both languages.
        let waiting = try await server.send("GET", "/transcripts/\(id)", token: coder, headers: ["Accept-Language": "fr"])
        #expect(waiting.status == 409 && waiting.errorCode == "pseudonymisation_pending", "\(waiting.text)")
        #expect(waiting.text.contains("relecture de la pseudonymisation"), "\(waiting.text)")
        let waitingEnglish = try await server.send("GET", "/recordings/\(fixture.recordingID)/transcript", token: coder)
        #expect(waitingEnglish.status == 409 && waitingEnglish.text.contains("review is not finished"), "\(waitingEnglish.text)")
        #expect(try await server.send("GET", "/transcripts/\(id)/pseudonymised", token: coder).status == 409)
        #expect(try await server.send("GET", "/transcripts/\(id)/codings", token: coder).status == 409)
        let waitingExport = try await server.send(
            "GET", "/studies/\(fixture.studyID)/export?format=txt&recording=\(fixture.recordingID)", token: coder)
        #expect(waitingExport.status == 409, "\(waitingExport.text)")
        // The researcher reads the original meanwhile.
        #expect(try await server.send("GET", "/transcripts/\(id)", token: researcher).text.contains("Kerhervé"))

        struct Decision: Encodable { var decision: String }
        let spans: [Redaction] = try await server.send("GET", "/transcripts/\(id)/redactions", token: researcher).json()
        #expect(spans.map(\.text) == ["Kerhervé", "CHU de Nantes", "06 12 34 56 78", "claire.martin@orange.fr"])
        for span in spans {
            #expect(try await server.send("PUT", "/redactions/\(span.id!)", token: researcher, json: Decision(decision: "accept")).status == 200)
        }

        // The coder reads the pseudonymised text, segments and words.
        let detail: TranscriptDetail = try await server.send("GET", "/transcripts/\(id)", token: coder).json()
        let shown = detail.transcript.text
        #expect(
            detail.segments.map(\.text) == [
                "Bonjour, je suis suivie par le docteur [Personne A] au [Établissement 1].",
                "Vous pouvez m'appeler au [Téléphone 1], ou écrire à [Courriel 1].",
            ])
        #expect(detail.segments.allSatisfy { Self.slice(shown, $0.charStart, $0.charEnd) == $0.text })

        // A coding in pseudonymised offsets, from "docteur" to the end of "[Établissement 1]"...
        let start = try Self.offset(of: "docteur", in: shown)
        let end = try Self.offset(of: "[Établissement 1]", in: shown) + Array("[Établissement 1]".unicodeScalars).count
        struct NewCoding: Encodable { var codeID: Int64; var charStart: Int; var charEnd: Int }
        let made = try await server.send(
            "POST", "/transcripts/\(id)/codings", token: coder, json: NewCoding(codeID: fixture.codeID, charStart: start, charEnd: end))
        #expect(made.status == 201, "\(made.text)")
        let coding: Coding = try made.json()
        #expect(coding.charStart == start && coding.charEnd == end)
        // ... and one that starts and ends inside pseudonyms: it covers their whole passages.
        let inside = try Self.offset(of: "Personne", in: shown), insideEnd = try Self.offset(of: "Établissement", in: shown) + 3
        let partial: Coding = try await server.send(
            "POST", "/transcripts/\(id)/codings", token: coder,
            json: NewCoding(codeID: fixture.codeID, charStart: inside, charEnd: insideEnd)
        ).json()
        // The researcher reads them on the original text, over the intended words.
        let stored: [Coding] = try await server.send("GET", "/transcripts/\(id)/codings", token: researcher).json()
        let ofResearcher = try #require(stored.first { $0.id == coding.id }), ofPartial = try #require(stored.first { $0.id == partial.id })
        #expect(Self.slice(original, ofResearcher.charStart, ofResearcher.charEnd) == "docteur Kerhervé au CHU de Nantes")
        #expect(Self.slice(original, ofPartial.charStart, ofPartial.charEnd) == "Kerhervé au CHU de Nantes")
        // The coder reads them back in pseudonymised offsets.
        let seen: [Coding] = try await server.send("GET", "/transcripts/\(id)/codings", token: coder).json()
        let back = try #require(seen.first { $0.id == coding.id })
        #expect(Self.slice(shown, back.charStart, back.charEnd) == "docteur [Personne A] au [Établissement 1]")

        // Media: refused on every route, from the one decision; the researcher still plays it.
        let token = try await server.send("POST", "/recordings/\(fixture.recordingID)/media-token", token: coder, headers: ["Accept-Language": "fr"])
        #expect(token.status == 403 && token.errorCode == "media_not_pseudonymised", "\(token.text)")
        #expect(token.text.contains("média"), "\(token.text)")
        let media = try await server.send("GET", "/recordings/\(fixture.recordingID)/media", token: coder)
        #expect(media.status == 403 && media.errorCode == "media_not_pseudonymised", "\(media.text)")
        #expect(try await server.send("GET", "/recordings/\(fixture.recordingID)/media", token: researcher).status == 200)
        // Their ELAN export with media carries the redacted copy, never the original file.
        let elan = try await server.send("GET", "/studies/\(fixture.studyID)/export?format=eaf-media&recording=\(fixture.recordingID)", token: coder)
        #expect(elan.status == 200, "\(elan.text)")
        let entries = try RedactedAudioFixture.entries(elan.body)
        #expect(entries.keys.contains { $0.hasSuffix(".flac") } && !entries.keys.contains { $0.hasSuffix(".wav") }, "\(entries.keys)")
        let history = try await server.send("GET", "/transcripts/\(id)/edits", token: coder)
        #expect(history.status == 403 && history.errorCode == "pseudonymised_for_coders", "\(history.text)")

        // Every body of every route the coder reaches: no identifier.
        var bodies: [String: String] = [:]
        var paths = [
            "/transcripts/\(id)", "/recordings/\(fixture.recordingID)/transcript", "/recordings/\(fixture.recordingID)/transcripts",
            "/transcripts/\(id)/pseudonymised", "/transcripts/\(id)/codings", "/transcripts/\(id)/coding-status",
            "/transcripts/\(id)/disagreements", "/transcripts/\(id)/agreement", "/transcripts/\(id)/edits",
            "/studies/\(fixture.studyID)/codings", "/studies/\(fixture.studyID)/codings?code=\(fixture.codeID)",
            "/studies/\(fixture.studyID)/matrix", "/studies/\(fixture.studyID)/memos", "/studies/\(fixture.studyID)/codes",
            "/studies/\(fixture.studyID)/recordings", "/recordings/\(fixture.recordingID)", "/studies/\(fixture.studyID)",
            "/recordings/\(fixture.recordingID)/speakers", "/recordings/\(fixture.recordingID)/participants",
            "/studies/\(fixture.studyID)/participants", "/recordings/\(fixture.recordingID)/media",
        ]
        for format in ExportFormat.allCases {
            paths.append("/studies/\(fixture.studyID)/export?format=\(format.rawValue)")
            paths.append("/studies/\(fixture.studyID)/export?format=\(format.rawValue)&recording=\(fixture.recordingID)")
        }
        for path in paths {
            let reply = try await server.send("GET", path, token: coder)
            bodies[path] = try RedactionRouteTests.readable(reply.body)
            if path.contains("export?") && !path.contains("eaf-media") { #expect(reply.status == 200, "\(path): \(reply.text)") }
        }
        let retrieved: [CodedSegment] = try await server.send("GET", "/studies/\(fixture.studyID)/codings", token: coder).json()
        #expect(retrieved.contains { $0.codingID == coding.id && $0.text == "docteur [Personne A] au [Établissement 1]" })
        for (path, body) in bodies {
            for word in Self.hidden { #expect(!body.contains(word), "\(word) in \(path): \(body.prefix(400))") }
        }
        #expect(bodies["/transcripts/\(id)"]?.contains("[Personne A]") == true)
        #expect(bodies["/studies/\(fixture.studyID)/export?format=txt"]?.contains("[Personne A]") == true)

        // The researcher still reads the original, and the audit log holds none of the words.
        #expect(try await server.send("GET", "/transcripts/\(id)", token: researcher).text.contains("Kerhervé"))
        let events = try await server.store.auditEvents(afterID: 0, limit: 10_000)
        let logged = String(decoding: try JSONEncoder().encode(events), as: UTF8.self)
        for word in Self.hidden { #expect(!logged.contains(word), "\(word) in the audit log") }
    }
}

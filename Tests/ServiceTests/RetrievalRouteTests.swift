import Foundation
import Service
import Store
import Testing

/// Retrieval through the API: accent- and case-insensitive search that no input can break, every
/// segment coded with a code across interviews, and the code × case matrix.
@Suite("Retrieval through the API")
struct RetrievalRouteTests {
    /// Adds an interview whose text has accents and capitals, linked to a new participant.
    static func addSchoolInterview(_ fixture: StudyFixture) async throws -> (recording: Recording, participant: Participant) {
        let store = fixture.server.store
        let participant = try await store.createParticipant(studyID: fixture.studyID, pseudonym: "P-002")
        let recording = try await store.addRecording(
            Recording(
                studyID: fixture.studyID, title: "Entretien P-002", mediaPath: fixture.server.dataDirectory.appendingPathComponent("none.wav").path,
                fileHash: "school", container: "wav", audioChannels: 1, duration: 8))
        try await store.linkParticipant(recordingID: recording.id!, participantID: participant.id!, role: .interviewee)
        _ = try await store.addTranscript(
            recordingID: recording.id!,
            TranscriptInput(
                engine: "human", model: "", language: "fr",
                segments: [
                    SegmentInput(start: 0, end: 3, speakerLabel: "SPEAKER_00", text: "Les élèves de l'ÉCOLE Jules-Ferry."),
                    SegmentInput(start: 3, end: 8, speakerLabel: "SPEAKER_01", text: "Mon père travaillait à l'école."),
                ]))
        return (recording, participant)
    }

    @Test func searchFoldsAccentsAndCaseAndNoInputBreaksIt() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let (school, _) = try await Self.addSchoolInterview(fixture)
        let coder = try #require(fixture.tokens["coder"])
        func search(_ query: String, language: String = "en") async throws -> TestServer.Reply {
            var components = URLComponents()
            components.path = "/studies/\(fixture.studyID)/search"
            components.queryItems = [URLQueryItem(name: "q", value: query)]
            let path = components.percentEncodedQuery.map { "\(components.path)?\($0.replacingOccurrences(of: "+", with: "%2B"))" }!
            return try await server.send("GET", path, token: coder, headers: ["Accept-Language": language])
        }
        // A word finds the words it begins: "eleve" finds the plural "élèves" (it found nothing before).
        for (query, segments) in [
            ("eleve", [0]), ("ÉCOLE", [0, 1]), ("ecole", [0, 1]), ("école", [0, 1]), ("Ecole", [0, 1]),
            ("e\u{301}le\u{300}ve", [0]), ("PERE ecole", [1]), ("jules ferry", [0]), ("ELEVES", [0]), ("trav", [1]),
            ("elevees", []),
        ] {
            let reply = try await search(query)
            #expect(reply.status == 200, "\(query): \(reply.text)")
            let hits: [SearchHit] = try reply.json()
            #expect(hits.filter { $0.recordingID == school.id }.map(\.segmentIndex).sorted() == segments, "\(query)")
            #expect(hits.allSatisfy { $0.recordingID == school.id }, "\(query)")
        }
        let hit = try #require(try await search("élève").json([SearchHit].self).first)
        #expect(hit.text == "Les élèves de l'ÉCOLE Jules-Ferry.")
        #expect(hit.start == 0 && hit.end == 3)
        #expect(hit.speakerLabel == "SPEAKER_00")
        // FTS5 syntax and other hostile input is plain text: results, or a clear error in the user's language.
        let hostile = [
            "\"", "\"école", "école\"", "*", "école*", "-école", "- école", "NEAR(eleve ecole)", "eleve NEAR ecole", "(((", "école)",
            "AND", "OR NOT", "^eleve", "text:eleve", "segment_fts:eleve", "{eleve}", "'; DROP TABLE segment; --", "\u{0}",
            "😀 école", "\\", "%", "eleve AND ecole OR pere", String(repeating: "école ", count: 400), "\u{202E}école", "NEAR",
        ]
        for query in hostile {
            let reply = try await search(query, language: "fr")
            #expect(reply.status == 200 || reply.status == 400 || reply.status == 422, "\(query.prefix(40)): \(reply.status) \(reply.text)")
            if reply.status == 200 {
                _ = try reply.json([SearchHit].self)
            } else {
                #expect(reply.errorCode != nil, "\(query.prefix(40))")
                #expect(Self.message(reply).contains("mot"), "\(query.prefix(40)): \(reply.text)")
            }
        }
        #expect(try await search("\"école").json([SearchHit].self).count == 2)
        // Operator words are words like any other: "near" occurs nowhere.
        #expect(try await search("NEAR(eleve ecole)").json([SearchHit].self).isEmpty)
        #expect(try await search("(eleve -ecole*").json([SearchHit].self).map(\.segmentIndex) == [0])
        let noWords = try await search(" ?! ", language: "fr")
        #expect(noWords.status == 422)
        #expect(Self.message(noWords) == "La recherche «  ?!  » ne contient aucun mot ; tapez au moins un mot.")
        let english = try await search(" ?! ")
        #expect(Self.message(english).contains("has no words"))
        let missing = try await server.send("GET", "/studies/\(fixture.studyID)/search", token: coder, headers: ["Accept-Language": "fr"])
        #expect(missing.status == 400)
        #expect(Self.message(missing).contains("paramètre `q`"))
    }

    @Test func everySegmentCodedWithACodeFilteredByCaseAttributesAndCoder() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let researcher = try #require(fixture.tokens["researcher"]), coder = try #require(fixture.tokens["coder"])
        let (school, p002) = try await Self.addSchoolInterview(fixture)
        let s = fixture.studyID
        let linked = try await server.send(
            "PUT", "/recordings/\(fixture.recordingID)/participants/\(fixture.participantID)", token: researcher, json: ["role": "interviewee"])
        #expect(linked.status == 200, "\(linked.text)")
        let parent: Code = try await server.send("POST", "/studies/\(s)/codes", token: researcher, json: ["name": "Accueil"]).json()
        let childReply = try await server.send(
            "POST", "/studies/\(s)/codes", token: researcher, json: CodingRoutesBody(name: "Politesse", parentID: parent.id))
        #expect(childReply.status == 201, "\(childReply.text)")
        let child: Code = try childReply.json()
        let text = try #require(try await server.store.transcript(id: fixture.transcriptID)).text
        let schoolTranscript = try #require(try await server.store.currentTranscript(recordingID: school.id!))
        func code(_ token: String, _ transcript: Int64, _ text: String, _ needle: String, _ codeID: Int64) async throws {
            let range = Self.range(of: needle, in: text)
            let reply = try await server.send(
                "POST", "/transcripts/\(transcript)/codings", token: token,
                json: ["codeID": codeID, "charStart": Int64(range.lowerBound), "charEnd": Int64(range.upperBound)])
            #expect(reply.status == 201, "\(reply.text)")
        }
        try await code(researcher, fixture.transcriptID, text, "Bonjour", parent.id!)
        try await code(coder, fixture.transcriptID, text, "Très bien", child.id!)
        try await code(researcher, schoolTranscript.id!, schoolTranscript.text, "Mon père", child.id!)

        func retrieve(_ query: String, token: String? = nil) async throws -> [CodedSegment] {
            let reply = try await server.send("GET", "/studies/\(s)/codings?\(query)", token: token ?? researcher)
            #expect(reply.status == 200, "\(query): \(reply.text)")
            return try reply.json()
        }
        let all = try await retrieve("code=\(parent.id!)&includeSubcodes=true")
        // By recording title ("Entretien P-002" first), then in text order.
        #expect(all.map(\.text) == ["Mon père", "Bonjour", "Très bien"])
        #expect(all.map(\.recordingTitle) == ["Entretien P-002", "Interview P-001", "Interview P-001"])
        #expect(all.map(\.participantIDs) == [[p002.id!], [fixture.participantID], [fixture.participantID]])
        #expect(all.map(\.speakerLabel) == ["SPEAKER_01", "SPEAKER_00", "SPEAKER_01"])
        #expect(all[2].coderName == "coder")
        #expect(all[2].startTime >= 2 && all[2].endTime <= 5 && all[2].startTime < all[2].endTime)
        #expect(try await retrieve("code=\(parent.id!)").map(\.text) == ["Bonjour"])
        #expect(try await retrieve("code=\(child.id!)&includeSubcodes=true").map(\.text) == ["Mon père", "Très bien"])
        #expect(try await retrieve("code=\(parent.id!)&includeSubcodes=true&attribute=age%20band:30-39").map(\.text) == ["Bonjour", "Très bien"])
        #expect(try await retrieve("attribute=age%20band:40-49").isEmpty)
        #expect(try await retrieve("participant=\(p002.id!)").map(\.text) == ["Mon père"])
        // A coder's filter on a sensitive attribute matches nothing; a researcher's matches.
        #expect(try await retrieve("attribute=diagnosis:T2%20diabetes", token: coder).isEmpty)
        #expect(try await retrieve("attribute=diagnosis:T2%20diabetes").map(\.text) == ["Bonjour", "Très bien"])
        let coderID = try #require(all.first { $0.text == "Très bien" }?.coderID)
        #expect(try await retrieve("coder=\(coderID)").map(\.text) == ["Très bien"])

        let badCode = try await server.send("GET", "/studies/\(s)/codings?code=abc", token: researcher, headers: ["Accept-Language": "fr"])
        #expect(badCode.status == 400)
        #expect(Self.message(badCode).contains("identifiant numérique"))
        let unknown = try await server.send("GET", "/studies/\(s)/codings?code=999999", token: researcher, headers: ["Accept-Language": "fr"])
        #expect(unknown.status == 422)
        #expect(unknown.errorCode == "unknown_code")
        #expect(Self.message(unknown).contains("livre de codes"))
        let badFilter = try await server.send("GET", "/studies/\(s)/codings?attribute=sexe", token: researcher)
        #expect(badFilter.status == 400)
        #expect(Self.message(badFilter).contains("name:value"))
        let outsider = try await server.send("GET", "/studies/\(s)/codings", token: fixture.tokens["outsider"])
        #expect(outsider.status == 403 || outsider.status == 404)

        let matrixReply = try await server.send("GET", "/studies/\(s)/matrix", token: coder)
        #expect(matrixReply.status == 200, "\(matrixReply.text)")
        let matrix: CodeCaseMatrix = try matrixReply.json()
        #expect(matrix.participants.map(\.pseudonym) == ["P-001", "P-002", "P-099"])
        #expect(matrix.rows.map(\.name) == ["Accueil", "Politesse", "greeting"])
        #expect(matrix.rows.map(\.depth) == [0, 1, 0])
        #expect(matrix.rows.map(\.counts) == [[1, 0, 0], [1, 1, 0], [0, 0, 0]])
        #expect(matrix.rows.map(\.total) == [1, 2, 0])
        #expect(matrix.participants.map(\.total) == [2, 1, 0])
        #expect(matrix.rows[1].characters == ["Très bien".unicodeScalars.count, "Mon père".unicodeScalars.count, 0])

        let check = try await OpenAPISchemaCheck.served(by: server)
        for (template, path) in [
            ("/studies/{studyID}/codings", "/studies/\(s)/codings"), ("/studies/{studyID}/matrix", "/studies/\(s)/matrix"),
        ] {
            let reply = try await server.send("GET", path, token: researcher)
            let schema = try #require(check.schema(path: template, method: "get", status: "200"))
            #expect(check.problems(try JSONSerialization.jsonObject(with: reply.body), schema, at: template) == [])
        }
    }

    /// A new code with a parent, as `POST /studies/{id}/codes` takes it.
    struct CodingRoutesBody: Encodable {
        var name: String
        var parentID: Int64?
    }

    /// The `error.message` of a JSON error body (empty when there is none).
    static func message(_ reply: TestServer.Reply) -> String {
        struct Body: Decodable {
            struct Detail: Decodable { var message: String }
            var error: Detail
        }
        return (try? JSONDecoder().decode(Body.self, from: reply.body))?.error.message ?? ""
    }

    /// The Unicode-scalar offsets of `needle` in `text`.
    static func range(of needle: String, in text: String) -> Range<Int> {
        let scalars = Array(text.unicodeScalars), target = Array(needle.unicodeScalars)
        for start in 0...(scalars.count - target.count) where Array(scalars[start..<start + target.count]) == target {
            return start..<start + target.count
        }
        return 0..<0
    }
}

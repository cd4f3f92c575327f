import Foundation
import Pseudonymisation
import Service
import Store
import Testing

/// The identity vault through the API: study admins only, every access audited without the words,
/// refused with a clear error without a master key, its names proposed in transcripts, and none of
/// its words in exports, logs, the audit log or the data folder's files.
@Suite("Identity vault through the API")
struct IdentityVaultRouteTests {
    static let identity = ParticipantIdentity(
        fullName: "Maëlys Quelennec", otherNames: ["Yannick Kerdraon"], phone: "06 98 76 54 32", email: "maelys.q@example.org",
        postalAddress: "12 rue des Lilas, 29200 Brest", note: "Préfère être appelée le matin.")
    /// The identity's words: none may be found outside the vault.
    static let words = ["Quelennec", "Kerdraon", "06 98 76 54 32", "maelys.q", "rue des Lilas", "appelée le matin"]

    struct Detail: Codable, Equatable {
        var participantID: Int64
        var identity: ParticipantIdentity
        var updatedAt: Date
        var updatedBy: Int64?
    }

    struct Me: Decodable {
        struct Person: Decodable { var id: Int64 }
        var user: Person
    }

    /// The user id behind `token`.
    static func userID(_ server: TestServer, _ token: String) async throws -> Int64 {
        try await server.send("GET", "/me", token: token).json(Me.self).user.id
    }

    @Test func studyAdminsSetReadAndDeleteAndEveryAccessIsAudited() async throws {
        let server = try await TestServer.start(masterKey: MasterKey.generate())
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let admin = try #require(fixture.tokens["studyAdmin"]), installationAdmin = server.adminToken
        let path = "/participants/\(fixture.participantID)/identity"

        // Researchers, coders and outsiders may neither set, read nor delete.
        for name in ["researcher", "coder", "outsider"] {
            let token = try #require(fixture.tokens[name])
            #expect(try await server.send("PUT", path, token: token, json: Self.identity).status == 403, "\(name) PUT")
            #expect(try await server.send("GET", path, token: token).status == 403, "\(name) GET")
            #expect(try await server.send("DELETE", path, token: token).status == 403, "\(name) DELETE")
        }
        #expect(try await server.send("GET", path, token: admin).errorCode == "identity_missing")

        let set = try await server.send("PUT", path, token: admin, json: Self.identity)
        #expect(set.status == 200, "\(set.text)")
        let adminID = try await Self.userID(server, admin)
        let written: Detail = try set.json()
        #expect(written.identity == Self.identity && written.participantID == fixture.participantID && written.updatedBy == adminID)
        // Both the study's admin and the installation's read it back, as the document describes it.
        for token in [admin, installationAdmin] {
            let read = try await server.send("GET", path, token: token)
            #expect(read.status == 200, "\(read.text)")
            #expect(try read.json(Detail.self) == written)
        }
        let check = try await OpenAPISchemaCheck.served(by: server)
        let schema = try #require(check.schema(path: "/participants/{participantID}/identity", method: "get", status: "200"))
        let value = try JSONSerialization.jsonObject(with: try await server.send("GET", path, token: admin).body)
        #expect(check.problems(value, schema, at: path) == [])

        // Bad input: a clear error in English and French that does not repeat the value.
        var blank = Self.identity
        blank.fullName = "   "
        let refused = try await server.send("PUT", path, token: admin, json: blank, headers: ["Accept-Language": "fr"])
        #expect(refused.status == 422 && refused.text.contains("nom complet"), "\(refused.text)")
        var long = Self.identity
        long.note = String(repeating: "Quelennec ", count: 500)
        let tooLong = try await server.send("PUT", path, token: admin, json: long)
        #expect(tooLong.status == 422 && tooLong.text.contains("note") && !tooLong.text.contains("Quelennec"), "\(tooLong.text)")
        #expect(try await server.send("GET", path, token: admin).json(Detail.self).identity == Self.identity, "nothing half-written")
        #expect(try await server.send("PUT", "/participants/999999/identity", token: admin, json: Self.identity).status == 404)

        #expect(try await server.send("DELETE", path, token: admin).status == 204)
        let gone = try await server.send("GET", path, token: admin)
        #expect(gone.status == 404 && gone.errorCode == "identity_missing")
        #expect(try await server.send("DELETE", path, token: admin).status == 404)

        // Each read, write and delete is an event naming the participant and who; none holds a word.
        let events = try await server.store.auditEvents(afterID: 0, limit: 10_000).filter { $0.action.hasPrefix("identity.") }
        let installationAdminID = try await Self.userID(server, installationAdmin)
        #expect(
            events.map(\.action) == [
                "identity.read", "identity.write", "identity.read", "identity.read", "identity.read", "identity.read", "identity.delete",
                "identity.read", "identity.delete",
            ])
        #expect(events.allSatisfy { $0.targetKind == "participant" && $0.targetID == fixture.participantID && $0.studyID == fixture.studyID })
        #expect(events.map(\.actorID).filter { $0 == installationAdminID }.count == 1)
        #expect(events.allSatisfy { $0.actorID == adminID || $0.actorID == installationAdminID })
        #expect(events[1].details.contains("\"fields\":6"), "\(events[1].details)")
        let logged = String(decoding: try JSONEncoder().encode(try await server.store.auditEvents(afterID: 0, limit: 10_000)), as: UTF8.self)
        for word in Self.words { #expect(!logged.contains(word), "\(word) in the audit log") }
    }

    @Test func withoutAMasterKeyTheVaultIsRefusedSayingHowToStartTheServer() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let admin = try #require(fixture.tokens["studyAdmin"])
        let path = "/participants/\(fixture.participantID)/identity"
        let english = try await server.send("PUT", path, token: admin, json: Self.identity)
        #expect(english.status == 503 && english.errorCode == "vault_locked")
        #expect(english.text.contains("--master-key-file") && english.text.contains("create-master-key"), "\(english.text)")
        let french = try await server.send("GET", path, token: admin, headers: ["Accept-Language": "fr"])
        #expect(french.status == 503 && french.text.contains("clé maîtresse") && french.text.contains("--master-key-file"), "\(french.text)")
        // Roles are checked first: a researcher learns nothing about the vault.
        #expect(try await server.send("GET", path, token: try #require(fixture.tokens["researcher"])).status == 403)
        #expect(try await server.store.sealedIdentities(studyID: fixture.studyID).isEmpty)
    }

    @Test func vaultNamesAreProposedInTranscripts() async throws {
        let server = try await TestServer.start(masterKey: MasterKey.generate())
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let admin = try #require(fixture.tokens["studyAdmin"]), researcher = try #require(fixture.tokens["researcher"])
        let line = "Le soir, Quelennec passe me voir avec du pain, et Kerdraon aussi."
        let transcript = try await server.store.addTranscript(
            recordingID: fixture.recordingID,
            TranscriptInput(
                engine: "human", model: "", language: "fr", segments: [SegmentInput(start: 0, end: 4, speakerLabel: "P", text: line)]))
        let id = try #require(transcript.id)

        // Neither surname is in the gazetteer, nor cued by a title: without the vault, nothing.
        let before = try await server.send("POST", "/transcripts/\(id)/redactions/proposals", token: researcher)
        #expect(before.status == 200, "\(before.text)")
        #expect(try before.json([Redaction].self).isEmpty)

        let set = try await server.send("PUT", "/participants/\(fixture.participantID)/identity", token: admin, json: Self.identity)
        #expect(set.status == 200, "\(set.text)")
        let after = try await server.send("POST", "/transcripts/\(id)/redactions/proposals", token: researcher)
        #expect(after.status == 200, "\(after.text)")
        let spans = try after.json([Redaction].self)
        #expect(spans.map(\.text) == ["Quelennec", "Kerdraon"] && spans.allSatisfy { $0.kind == .known })

        // The use is audited, on behalf of the researcher, with counts only.
        let uses = try await server.store.auditEvents(afterID: 0, limit: 10_000).filter { $0.action == "identity.vault.use" }
        #expect(uses.count == 1)
        let use = try #require(uses.first)
        let researcherID = try await Self.userID(server, researcher)
        #expect(use.targetKind == "transcript" && use.targetID == id && use.actorID == researcherID)
        #expect(use.details.contains("\"identities\":1") && use.details.contains("\"names\":2"), "\(use.details)")
        for word in Self.words { #expect(!use.details.contains(word)) }
    }

    @Test func noWordOfAnIdentityLeavesTheVault() async throws {
        let log = CapturedLog()
        let server = try await TestServer.start(masterKey: MasterKey.generate(), log: log)
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let admin = try #require(fixture.tokens["studyAdmin"])
        let path = "/participants/\(fixture.participantID)/identity"
        #expect(try await server.send("PUT", path, token: admin, json: Self.identity).status == 200)
        #expect(try await server.send("GET", path, token: admin).json(Detail.self).identity == Self.identity)
        var long = Self.identity
        long.phone = String(repeating: "06 98 76 54 32 ", count: 40)
        #expect(try await server.send("PUT", path, token: admin, json: long).status == 422)
        #expect(try await server.send("POST", "/transcripts/\(fixture.transcriptID)/redactions/proposals", token: admin).status == 200)

        // Every export format, plain (with the sensitive case variables) and pseudonymised.
        for format in ExportFormat.allCases {
            for pseudonymised in format == .eafMedia ? [false] : [false, true] {
                let export = "/studies/\(fixture.studyID)/export?format=\(format.rawValue)&sensitive=true&pseudonymised=\(pseudonymised)"
                let reply = try await server.send("GET", export, token: admin)
                #expect(reply.status == 200, "\(export): \(reply.text.prefix(300))")
                let text = try RedactionRouteTests.readable(reply.body)
                // The codings table (CSV) has its header only: the fixture's transcript is not coded.
                #expect(text.contains(format == .csv ? "code_path" : "Bonjour"), "\(export): the export lacks its content")
                for word in Self.words { #expect(!text.contains(word), "\(export): \(word)") }
            }
        }

        // The server's log saw the requests, and none of the words.
        let logged = log.text
        #expect(logged.contains(path) && logged.contains("export"), "the log captured nothing")
        for word in Self.words { #expect(!logged.contains(word), "\(word) in the server log") }
        // Nor the audit log.
        let audit = String(decoding: try JSONEncoder().encode(try await server.store.auditEvents(afterID: 0, limit: 10_000)), as: UTF8.self)
        for word in Self.words { #expect(!audit.contains(word), "\(word) in the audit log") }
        // Nor any file of the data folder: the SQLite database, its WAL, media, temporary files.
        let files = try #require(FileManager.default.enumerator(at: server.dataDirectory, includingPropertiesForKeys: [.isRegularFileKey]))
        var read: [String] = []
        for case let url as URL in files {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let bytes = try Data(contentsOf: url)
            read.append(url.lastPathComponent)
            for word in Self.words {
                #expect(bytes.range(of: Data(word.utf8)) == nil, "\(word) in \(url.lastPathComponent)")
                #expect(bytes.range(of: Data(word.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] })) == nil, "\(word) as UTF-16 in \(url.lastPathComponent)")
            }
        }
        let database = server.backend.configuration.databaseURL.lastPathComponent
        #expect(read.contains(database) && read.contains(database + "-wal"), "\(read)")
    }
}

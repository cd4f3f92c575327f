import Foundation
import Service
import Store
import Testing

/// Blind double coding over HTTP with three people: a study admin and two coders, Ana and Basile,
/// on the fixture's stored transcript ("Bonjour, comment allez-vous ?" / "Très bien, merci beaucoup.").
@Suite("Blind double coding")
struct BlindCodingTests {
    struct Team {
        let fixture: StudyFixture
        let admin: String
        let adminID: Int64
        let ana: (id: Int64, token: String)
        let basile: (id: Int64, token: String)
        let otherCodeID: Int64
        var server: TestServer { fixture.server }
        var t: Int64 { fixture.transcriptID }
    }

    struct Named: Decodable {
        var id: Int64
        var coderID: Int64
        var codeID: Int64
        var charStart: Int
        var charEnd: Int
        var coderName: String
        var isConsensus: Bool
        var decidedBy: Int64?
    }

    static func team() async throws -> Team {
        let server = try await TestServer.start()
        let fixture = try await StudyFixture.make(on: server)
        let ana = try await server.createUser("Ana")
        let basile = try await server.createUser("Basile")
        for id in [ana.id, basile.id] {
            let reply = try await server.send(
                "PUT", "/studies/\(fixture.studyID)/members/\(id)", token: server.adminToken, json: ["role": "coder"])
            #expect(reply.status == 200, "\(reply.text)")
        }
        struct Me: Decodable { var user: User }
        let admin = fixture.tokens["studyAdmin"]!
        let me: Me = try await server.send("GET", "/me", token: admin).json()
        let other = try await server.store.addCode(Code(studyID: fixture.studyID, name: "politeness", color: "#993366"))
        return Team(fixture: fixture, admin: admin, adminID: me.user.id!, ana: ana, basile: basile, otherCodeID: other.id!)
    }

    @discardableResult
    static func code(_ team: Team, _ token: String, _ codeID: Int64, _ start: Int, _ end: Int) async throws -> Int64 {
        let reply = try await team.server.send(
            "POST", "/transcripts/\(team.t)/codings", token: token,
            json: ["codeID": codeID, "charStart": Int64(start), "charEnd": Int64(end)])
        #expect(reply.status == 201, "\(reply.text)")
        return try reply.json(Coding.self).id!
    }

    static func codings(_ team: Team, _ token: String, language: String = "en") async throws -> [Named] {
        let reply = try await team.server.send(
            "GET", "/transcripts/\(team.t)/codings", token: token, headers: ["Accept-Language": language])
        #expect(reply.status == 200, "\(reply.text)")
        return try reply.json()
    }

    @Test func blindModeHidesTheOtherCodersWorkUntilDone() async throws {
        let team = try await Self.team()
        defer { team.server.shutdown() }
        let s = team.fixture.studyID, t = team.t
        let refused = try await team.server.send("PATCH", "/studies/\(s)", token: team.ana.token, json: ["blindCoding": true])
        #expect(refused.status == 403)
        let set = try await team.server.send("PATCH", "/studies/\(s)", token: team.admin, json: ["blindCoding": true])
        #expect(set.status == 200, "\(set.text)")
        #expect(try set.json(Study.self).blindCoding == true)

        let anas = try await Self.code(team, team.ana.token, team.fixture.codeID, 0, 7)
        let basiles = try await Self.code(team, team.basile.token, team.otherCodeID, 0, 7)
        let memo = try await team.server.send(
            "POST", "/studies/\(s)/memos", token: team.basile.token,
            body: Data("{\"title\":\"Basile\",\"text\":\"poli ?\",\"codingID\":\(basiles)}".utf8),
            headers: ["Content-Type": "application/json"])
        #expect(memo.status == 201, "\(memo.text)")

        // Ana sees her own coding only, no memo on Basile's, and no comparison; the admin sees both.
        #expect(try await Self.codings(team, team.ana.token).map(\.id) == [anas])
        #expect(Set(try await Self.codings(team, team.admin).map(\.id)) == [anas, basiles])
        let anasMemos = try await team.server.send("GET", "/studies/\(s)/memos", token: team.ana.token)
        #expect(!anasMemos.text.contains("poli ?"))
        #expect(try await team.server.send("GET", "/studies/\(s)/memos", token: team.admin).text.contains("poli ?"))
        struct Status: Decodable {
            var isBlind: Bool
            var disagreementsOpen: Bool
            var coders: [CodingWorkflowCoder]
        }
        let status: Status = try await team.server.send("GET", "/transcripts/\(t)/coding-status", token: team.ana.token).json()
        #expect(status.isBlind && !status.disagreementsOpen && status.coders.map(\.userID) == [team.ana.id])
        for path in ["/transcripts/\(t)/agreement", "/transcripts/\(t)/disagreements"] {
            let closed = try await team.server.send("GET", path, token: team.ana.token, headers: ["Accept-Language": "fr"])
            #expect(closed.status == 403, "\(path): \(closed.text)")
            #expect(closed.text.contains("terminé"), "\(closed.text)")
        }

        // Nobody marks another coder done; Ana marks herself done and sees Basile's work (not yet the comparison).
        #expect(try await team.server.send("PUT", "/transcripts/\(t)/completions/\(team.basile.id)", token: team.ana.token).status == 403)
        let done = try await team.server.send("PUT", "/transcripts/\(t)/completions/\(team.ana.id)", token: team.ana.token)
        #expect(done.status == 200, "\(done.text)")
        #expect(Set(try await Self.codings(team, team.ana.token).map(\.id)) == [anas, basiles])
        #expect(try await team.server.send("GET", "/studies/\(s)/memos", token: team.ana.token).text.contains("poli ?"))
        #expect(try await team.server.send("GET", "/transcripts/\(t)/disagreements", token: team.ana.token).status == 403)
        // Basile is still blind until he finishes too; then both may compare.
        #expect(try await Self.codings(team, team.basile.token).map(\.id) == [basiles])
        #expect(
            try await team.server.send("PUT", "/transcripts/\(t)/completions/\(team.basile.id)", token: team.basile.token).status == 200)
        #expect(try await team.server.send("GET", "/transcripts/\(t)/disagreements", token: team.ana.token).status == 200)
        #expect(try await team.server.send("GET", "/transcripts/\(t)/agreement", token: team.basile.token).status == 200)

        // Only a study admin reopens; Ana is blind again.
        #expect(
            try await team.server.send("DELETE", "/transcripts/\(t)/completions/\(team.ana.id)", token: team.basile.token).status == 403)
        #expect(try await team.server.send("DELETE", "/transcripts/\(t)/completions/\(team.ana.id)", token: team.admin).status == 204)
        #expect(try await Self.codings(team, team.ana.token).map(\.id) == [anas])
    }

    @Test func aCoderCannotRemoveAnotherCodersCoding() async throws {
        let team = try await Self.team()
        defer { team.server.shutdown() }
        let basiles = try await Self.code(team, team.basile.token, team.fixture.codeID, 0, 7)
        let anas = try await Self.code(team, team.ana.token, team.fixture.codeID, 9, 16)
        let french = try await team.server.send(
            "DELETE", "/transcripts/\(team.t)/codings/\(basiles)", token: team.ana.token, headers: ["Accept-Language": "fr-FR,fr;q=0.9"])
        #expect(french.status == 403)
        #expect(french.text.contains("Le codage \(basiles) a été fait par un autre codeur"), "\(french.text)")
        let english = try await team.server.send("DELETE", "/transcripts/\(team.t)/codings/\(basiles)", token: team.ana.token)
        #expect(english.status == 403 && english.text.contains("was made by another coder"), "\(english.text)")
        #expect(Set(try await Self.codings(team, team.admin).map(\.id)) == [anas, basiles])
        // The author, and a researcher, may remove.
        #expect(try await team.server.send("DELETE", "/transcripts/\(team.t)/codings/\(anas)", token: team.ana.token).status == 200)
        let researcher = team.fixture.tokens["researcher"]!
        #expect(try await team.server.send("DELETE", "/transcripts/\(team.t)/codings/\(basiles)", token: researcher).status == 200)
        #expect(try await Self.codings(team, team.admin).isEmpty)
    }

    @Test func namesAreTheSameInCodingsAgreementAndExport() async throws {
        let team = try await Self.team()
        defer { team.server.shutdown() }
        let s = team.fixture.studyID, t = team.t
        try await Self.code(team, team.ana.token, team.fixture.codeID, 0, 7)
        try await Self.code(team, team.basile.token, team.otherCodeID, 0, 7)
        struct Agreement: Decodable {
            var coderIDs: [Int64]
            var coderNames: [String]
        }
        struct Bundle: Decodable {
            struct Person: Decodable { var id: Int64; var name: String }
            var users: [Person]
        }
        let fromCodings = Dictionary(
            try await Self.codings(team, team.admin).map { ($0.coderID, $0.coderName) }, uniquingKeysWith: { a, _ in a })
        #expect(fromCodings == [team.ana.id: "Ana", team.basile.id: "Basile"])
        let agreement: Agreement = try await team.server.send("GET", "/transcripts/\(t)/agreement", token: team.admin).json()
        #expect(agreement.coderIDs == [team.ana.id, team.basile.id] && agreement.coderNames == ["Ana", "Basile"])
        let export: Bundle = try await team.server.send("GET", "/studies/\(s)/export?format=json", token: team.admin).json()
        let exported = Dictionary(export.users.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        #expect(exported[team.ana.id] == "Ana" && exported[team.basile.id] == "Basile")

        // With blind names, a coder sees the others as "Coder N", N their rank by user id among the members.
        #expect(try await team.server.send("PATCH", "/studies/\(s)", token: team.admin, json: ["blindNames": true]).status == 200)
        let members = try await team.server.store.memberships(studyID: s).map(\.userID).sorted()
        let rank = members.firstIndex(of: team.basile.id)! + 1
        let seenByAna = try await Self.codings(team, team.ana.token, language: "fr")
        #expect(
            Dictionary(seenByAna.map { ($0.coderID, $0.coderName) }, uniquingKeysWith: { a, _ in a })
                == [team.ana.id: "Ana", team.basile.id: "Codeur \(rank)"])
        for token in [team.ana.token, team.basile.token] {
            #expect(
                try await team.server.send(
                    "PUT", "/transcripts/\(t)/completions/\(token == team.ana.token ? team.ana.id : team.basile.id)", token: token
                ).status == 200)
        }
        // Memos carry their author's name, blinded the same way.
        let memo = try await team.server.send(
            "POST", "/studies/\(s)/memos", token: team.basile.token, body: Data("{\"title\":\"B\",\"text\":\"note\"}".utf8),
            headers: ["Content-Type": "application/json"])
        #expect(memo.status == 201, "\(memo.text)")
        struct AuthoredMemo: Decodable { var authorID: Int64?; var authorName: String? }
        let memos: [AuthoredMemo] = try await team.server.send(
            "GET", "/studies/\(s)/memos", token: team.ana.token, headers: ["Accept-Language": "fr"]
        ).json()
        #expect(memos.filter { $0.authorID == team.basile.id }.map(\.authorName) == ["Codeur \(rank)"])
        let adminMemos: [AuthoredMemo] = try await team.server.send("GET", "/studies/\(s)/memos", token: team.admin).json()
        #expect(adminMemos.filter { $0.authorID == team.basile.id }.map(\.authorName) == ["Basile"])
        let blindAgreement: Agreement = try await team.server.send("GET", "/transcripts/\(t)/agreement", token: team.ana.token).json()
        #expect(blindAgreement.coderNames == ["Ana", "Coder \(rank)"])
        // Managers still see the names.
        #expect(try await Self.codings(team, team.admin).map(\.coderName).sorted() == ["Ana", "Basile"])
    }

    /// Ana: "greeting" on "Bonjour" (segment 0). Basile: "politeness" on "Bonjour, comment" (segment 0)
    /// and "greeting" on "merci beaucoup" (segment 1). By hand: unit 0 — Ana {greeting}, Basile {politeness};
    /// unit 1 — Ana {}, Basile {greeting}.
    @Test func disagreementsAndConsensusOverHTTP() async throws {
        let team = try await Self.team()
        defer { team.server.shutdown() }
        let t = team.t, greeting = team.fixture.codeID, politeness = team.otherCodeID
        let text = "Bonjour, comment allez-vous ?\nTrès bien, merci beaucoup."
        let merci = text.unicodeScalars.count - "merci beaucoup.".unicodeScalars.count
        try await Self.code(team, team.ana.token, greeting, 0, 7)
        try await Self.code(team, team.basile.token, politeness, 0, 16)
        try await Self.code(team, team.basile.token, greeting, merci, merci + 14)
        struct Report: Decodable {
            struct Unit: Decodable {
                struct Codes: Decodable, Equatable { var coderID: Int64; var codeIDs: [Int64] }
                var unitIndex: Int
                var text: String
                var startTime: Double
                var coders: [Codes]
                var consensusCodeIDs: [Int64]?
                var decidedBy: Int64?
            }
            var unitCount: Int
            var disagreements: [Unit]
        }
        let report: Report = try await team.server.send("GET", "/transcripts/\(t)/disagreements", token: team.admin).json()
        #expect(report.unitCount == 2)
        #expect(report.disagreements.map(\.unitIndex) == [0, 1])
        #expect(report.disagreements.map(\.text) == ["Bonjour, comment allez-vous ?", "Très bien, merci beaucoup."])
        #expect(report.disagreements.map(\.startTime) == [0, 2])
        typealias Codes = Report.Unit.Codes
        #expect(
            report.disagreements.map(\.coders) == [
                [Codes(coderID: team.ana.id, codeIDs: [greeting]), Codes(coderID: team.basile.id, codeIDs: [politeness])],
                [Codes(coderID: team.ana.id, codeIDs: []), Codes(coderID: team.basile.id, codeIDs: [greeting])],
            ])

        // A coder does not decide; the admin keeps Ana's on unit 0 and both on unit 1.
        let body: [String: [Int64]] = ["keepCoders": [team.ana.id], "codeIDs": []]
        var withUnit = try JSONSerialization.jsonObject(with: JSONEncoder().encode(body)) as! [String: Any]
        withUnit["unitIndex"] = 0
        let decision0 = try JSONSerialization.data(withJSONObject: withUnit)
        let json = ["Content-Type": "application/json"]
        #expect(
            try await team.server.send("POST", "/transcripts/\(t)/consensus", token: team.ana.token, body: decision0, headers: json).status
                == 403)
        let decided = try await team.server.send("POST", "/transcripts/\(t)/consensus", token: team.admin, body: decision0, headers: json)
        #expect(decided.status == 200, "\(decided.text)")
        let stored: [Named] = try decided.json()
        #expect(stored.count == 1 && stored[0].isConsensus && stored[0].decidedBy == team.adminID && stored[0].coderName == "Consensus")
        #expect(stored[0].codeID == greeting && stored[0].charStart == 0 && stored[0].charEnd == 7)
        let decision1 = Data("{\"unitIndex\":1,\"keepCoders\":[\(team.ana.id),\(team.basile.id)],\"codeIDs\":[]}".utf8)
        #expect(
            try await team.server.send("POST", "/transcripts/\(t)/consensus", token: team.admin, body: decision1, headers: json).status
                == 200)
        let badUnit = Data("{\"unitIndex\":7,\"keepCoders\":[],\"codeIDs\":[]}".utf8)
        let refused = try await team.server.send(
            "POST", "/transcripts/\(t)/consensus", token: team.admin, body: badUnit,
            headers: json.merging(["Accept-Language": "fr"]) { a, _ in a })
        #expect(refused.status == 422 && refused.text.contains("n’est pas un segment"), "\(refused.text)")

        let all = try await Self.codings(team, team.admin)
        #expect(all.filter { !$0.isConsensus }.count == 3, "the coders' own codings stay")
        #expect(all.filter(\.isConsensus).map(\.codeID) == [greeting, greeting])
        let after: Report = try await team.server.send("GET", "/transcripts/\(t)/disagreements", token: team.admin).json()
        #expect(after.disagreements.map(\.consensusCodeIDs) == [[greeting], [greeting]])
        #expect(after.disagreements.allSatisfy { $0.decidedBy == team.adminID })
        // The consensus is exported as its own coder.
        let csv = try await team.server.send("GET", "/studies/\(team.fixture.studyID)/export?format=csv", token: team.admin)
        #expect(csv.text.components(separatedBy: ",Consensus,").count - 1 == 2, "\(csv.text)")
    }
}

/// One coder in `GET /transcripts/{id}/coding-status`.
struct CodingWorkflowCoder: Decodable {
    var userID: Int64
    var name: String
}

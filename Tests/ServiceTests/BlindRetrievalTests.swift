import Foundation
import Service
import Store
import Testing

/// Blind double coding holds beyond the transcript page: a coder's retrieval, matrix and
/// exports show no more of the other coders' work than the page does.
@Suite("Blind coding in retrieval and exports")
struct BlindRetrievalTests {
    struct Segment: Decodable {
        var coderID: Int64
        var coderName: String?
    }

    struct Exported: Decodable {
        struct Recording: Decodable {
            struct Coding: Decodable { var coderID: Int64? ; var coder: String? }
            var codings: [Coding]?
        }
        var recordings: [Recording]?
    }

    @Test func aCoderRetrievesAndExportsOnlyTheirOwnCodingsUntilDone() async throws {
        let team = try await BlindCodingTests.team()
        defer { team.server.shutdown() }
        let s = team.fixture.studyID
        let set = try await team.server.send(
            "PATCH", "/studies/\(s)", token: team.admin, json: ["blindCoding": true, "blindNames": true])
        #expect(set.status == 200, "\(set.text)")
        try await BlindCodingTests.code(team, team.ana.token, team.fixture.codeID, 0, 7)
        try await BlindCodingTests.code(team, team.basile.token, team.otherCodeID, 0, 7)

        // Retrieval: Ana sees her coding only; the admin sees both, by name.
        let anas: [Segment] = try await team.server.send("GET", "/studies/\(s)/codings", token: team.ana.token).json()
        #expect(anas.map(\.coderID) == [team.ana.id])
        let all: [Segment] = try await team.server.send("GET", "/studies/\(s)/codings", token: team.admin).json()
        #expect(Set(all.map(\.coderID)) == [team.ana.id, team.basile.id])
        #expect(Set(all.compactMap(\.coderName)) == ["Ana", "Basile"])

        // The matrix counts would tell her how Basile coded.
        let matrix = try await team.server.send("GET", "/studies/\(s)/matrix", token: team.ana.token, headers: ["Accept-Language": "fr"])
        #expect(matrix.status == 403 && matrix.errorCode == "blind_coding" && matrix.text.contains("aveugle"), "\(matrix.text)")
        #expect(try await team.server.send("GET", "/studies/\(s)/matrix", token: team.admin).status == 200)

        // The export holds what the page shows her: her coding, and no one else's name.
        let exported = try await team.server.send("GET", "/studies/\(s)/export?format=csv", token: team.ana.token)
        #expect(exported.status == 200, "\(exported.text)")
        #expect(exported.text.contains("Ana") && !exported.text.contains("Basile") && !exported.text.contains("politeness"), "\(exported.text)")

        // Once she has marked her coding done, the other coder's work opens to her, under a blind name.
        let done = try await team.server.send("PUT", "/transcripts/\(team.t)/completions/\(team.ana.id)", token: team.ana.token)
        #expect(done.status == 200 || done.status == 201, "\(done.text)")
        let after: [Segment] = try await team.server.send("GET", "/studies/\(s)/codings", token: team.ana.token).json()
        #expect(Set(after.map(\.coderID)) == [team.ana.id, team.basile.id])
        #expect(after.first { $0.coderID == team.basile.id }?.coderName?.hasPrefix("Coder ") == true)
        let later = try await team.server.send("GET", "/studies/\(s)/export?format=csv", token: team.ana.token)
        #expect(later.text.contains("politeness") && !later.text.contains("Basile") && later.text.contains("Coder "), "\(later.text)")
    }
}

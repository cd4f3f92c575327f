import Foundation
import Service
import Store
import Testing

/// The codebook through the API: change, delete with a preview, merge, and REFI-QDA `.qdc` both ways.
@Suite("Codebook through the API")
struct CodebookRouteTests {
    struct UpdateBody: Encodable {
        var name: String
        var color: String
        var details: String?
        var parentID: Int64?
    }

    @Test func renameRecolourMoveAndRefusals() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let researcher = try #require(fixture.tokens["researcher"])
        let parent = try await server.store.addCode(Code(studyID: fixture.studyID, name: "Accueil", color: "#1F77B4"))
        let reply = try await server.send(
            "PUT", "/codes/\(fixture.codeID)", token: researcher,
            json: UpdateBody(name: " Salutation ", color: "#D62728", details: "Formules d'accueil.", parentID: parent.id))
        #expect(reply.status == 200, "\(reply.text)")
        let updated: Code = try reply.json()
        #expect(updated.name == "Salutation")
        #expect(updated.color == "#D62728")
        #expect(updated.details == "Formules d'accueil.")
        #expect(updated.parentID == parent.id)
        #expect(try await server.store.code(id: fixture.codeID)?.name == "Salutation")
        // Back to the top level: no parentID.
        let top: Code = try await server.send(
            "PUT", "/codes/\(fixture.codeID)", token: researcher, json: UpdateBody(name: "Salutation", color: "#D62728")
        ).json()
        #expect(top.parentID == nil)
        #expect(top.details == "")

        func refused(_ body: UpdateBody, id: Int64, status: Int, french: String) async throws {
            let reply = try await server.send("PUT", "/codes/\(id)", token: researcher, json: body, headers: ["Accept-Language": "fr"])
            #expect(reply.status == status, "\(body): \(reply.text)")
            #expect(RetrievalRouteTests.message(reply).contains(french), "\(reply.text)")
        }
        try await refused(UpdateBody(name: "X", color: "red"), id: fixture.codeID, status: 422, french: "n’est pas une couleur")
        try await refused(UpdateBody(name: "  ", color: "#112233"), id: fixture.codeID, status: 422, french: "doit avoir un nom")
        // A code cannot go under itself or under its own sub-code.
        let child = try await server.store.addCode(Code(studyID: fixture.studyID, parentID: parent.id, name: "Bonjour"))
        try await refused(UpdateBody(name: "Accueil", color: "#1F77B4", parentID: child.id), id: parent.id!, status: 422, french: "sous-codes")
        try await refused(UpdateBody(name: "Accueil", color: "#1F77B4", parentID: parent.id), id: parent.id!, status: 422, french: "sous-codes")
        // Two siblings cannot share a name.
        try await refused(UpdateBody(name: "Accueil", color: "#1F77B4"), id: fixture.codeID, status: 409, french: "s’appelle déjà")
        #expect(try await server.store.code(id: parent.id!)?.parentID == nil)
        let coder = try await server.send("PUT", "/codes/\(fixture.codeID)", token: fixture.tokens["coder"], json: UpdateBody(name: "Y", color: "#112233"))
        #expect(coder.status == 403)
        let missing = try await server.send("PUT", "/codes/999999", token: researcher, json: UpdateBody(name: "Y", color: "#112233"))
        #expect(missing.status == 404)
    }

    @Test func deleteSaysWhatGoesAndMergeCollapsesDuplicates() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let researcher = try #require(fixture.tokens["researcher"])
        let store = server.store
        let text = try #require(try await store.transcript(id: fixture.transcriptID)).text
        let span = RetrievalRouteTests.range(of: "Bonjour", in: text)
        func code(_ codeID: Int64, _ token: String) async throws -> Coding {
            let reply = try await server.send(
                "POST", "/transcripts/\(fixture.transcriptID)/codings", token: token,
                json: ["codeID": codeID, "charStart": Int64(span.lowerBound), "charEnd": Int64(span.upperBound)])
            #expect(reply.status == 201, "\(reply.text)")
            return try reply.json()
        }
        let hello = try await store.addCode(Code(studyID: fixture.studyID, name: "Bonjour"))
        let sub = try await store.addCode(Code(studyID: fixture.studyID, parentID: hello.id, name: "Formel"))
        _ = try await code(fixture.codeID, researcher)
        _ = try await code(hello.id!, researcher)  // the same span, same coder: collapses on merge
        _ = try await code(hello.id!, try #require(fixture.tokens["coder"]))  // another coder: moves
        _ = try await code(sub.id!, researcher)

        let preview = try await server.send("GET", "/codes/\(hello.id!)/deletion", token: researcher)
        #expect(preview.status == 200, "\(preview.text)")
        let plan: CodeDeletionPlan = try preview.json()
        #expect([plan.codeID, Int64(plan.subcodes), Int64(plan.codings), Int64(plan.memos)] == [hello.id!, 1, 3, 0])

        let mergeReply = try await server.send("POST", "/codes/\(hello.id!)/merge", token: researcher, json: ["into": fixture.codeID])
        #expect(mergeReply.status == 200, "\(mergeReply.text)")
        let merge: CodeMerge = try mergeReply.json()
        #expect(merge.movedCodings == 1 && merge.collapsedCodings == 1 && merge.movedSubcodes == 1)
        let codings = try await store.codings(transcriptID: fixture.transcriptID)
        #expect(codings.filter { $0.codeID == fixture.codeID }.count == 2)
        #expect(codings.filter { $0.codeID == sub.id }.count == 1)
        #expect(try await store.code(id: hello.id!) == nil)
        #expect(try await store.code(id: sub.id!)?.parentID == fixture.codeID)
        let loop = try await server.send(
            "POST", "/codes/\(fixture.codeID)/merge", token: researcher, json: ["into": sub.id!], headers: ["Accept-Language": "fr"])
        #expect(loop.status == 422)
        #expect(RetrievalRouteTests.message(loop).contains("sous-codes"))
        let unknown = try await server.send("POST", "/codes/\(fixture.codeID)/merge", token: researcher, json: ["into": 999999])
        #expect(unknown.status == 422)
        #expect(unknown.errorCode == "unknown_code")

        let deleted = try await server.send("DELETE", "/codes/\(fixture.codeID)", token: researcher)
        #expect(deleted.status == 200, "\(deleted.text)")
        let gone: CodeDeletionPlan = try deleted.json()
        #expect([gone.codeID, Int64(gone.subcodes), Int64(gone.codings), Int64(gone.memos)] == [fixture.codeID, 1, 3, 0])
        #expect(try await store.codings(transcriptID: fixture.transcriptID).isEmpty)
        #expect(try await store.codes(studyID: fixture.studyID).isEmpty)
        let events = try await store.auditEvents(afterID: 0, limit: 1000).map(\.action)
        #expect(events.contains("code.merge") && events.contains("code.delete"))
        #expect(try await server.send("DELETE", "/codes/\(fixture.codeID)", token: researcher).status == 404)
    }

    @Test func qdcExportImportsIntoAnotherStudyAndBadFilesAreRefused() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let store = server.store
        let parent = try await store.addCode(Code(studyID: fixture.studyID, name: "Santé & soins", color: "#2CA02C", details: "Tout ce qui touche <au soin>."))
        _ = try await store.addCode(Code(studyID: fixture.studyID, parentID: parent.id, name: "Médecin", color: "#9467BD"))
        let export = try await server.send("GET", "/studies/\(fixture.studyID)/codebook.qdc", token: fixture.tokens["coder"])
        #expect(export.status == 200, "\(export.text)")
        #expect(export.headers["content-type"]?.hasPrefix("application/xml") == true)
        #expect(export.headers["content-disposition"]?.contains(".qdc") == true)
        let check = try await OpenAPISchemaCheck.served(by: server)
        #expect(check.contentTypes(path: "/studies/{studyID}/codebook.qdc", method: "get", status: "200").contains("application/xml"))
        // CodebookTests validates the document against samples/schemas/REFI-Codebook.xsd with xmllint.
        let other: Study = try await server.send("POST", "/studies", token: server.adminToken, json: ["name": "Autre étude"]).json()
        let imported = try await server.send(
            "POST", "/studies/\(other.id!)/codebook", token: server.adminToken, body: export.body, headers: ["Content-Type": "application/xml"])
        #expect(imported.status == 200, "\(imported.text)")
        let codes: [Code] = try imported.json()
        #expect(Set(codes.map(\.name)) == ["greeting", "Santé & soins", "Médecin"])
        let health = try #require(codes.first { $0.name == "Santé & soins" })
        #expect(health.color == "#2CA02C")
        #expect(health.details == "Tout ce qui touche <au soin>.")
        #expect(codes.first { $0.name == "Médecin" }?.parentID == health.id)
        // Importing again reuses the codes.
        let again: [Code] = try await server.send(
            "POST", "/studies/\(other.id!)/codebook", token: server.adminToken, body: export.body, headers: ["Content-Type": "application/xml"]
        ).json()
        #expect(again.count == 3)

        for (body, french) in [
            ("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes><Code name=\"A\">", "livre de codes"),
            ("pas du XML", "XML bien formé"), ("<Project/>", "Aucun élément <CodeBook>"), ("", "Aucun élément <CodeBook>"),
        ] {
            let reply = try await server.send(
                "POST", "/studies/\(other.id!)/codebook", token: server.adminToken, body: Data(body.utf8),
                headers: ["Content-Type": "application/xml", "Accept-Language": "fr"])
            #expect(reply.status == 422, "\(body): \(reply.text)")
            #expect(RetrievalRouteTests.message(reply).contains(french), "\(body): \(reply.text)")
        }
        #expect(try await store.codes(studyID: other.id!).count == 3)
        let coder = try await server.send("POST", "/studies/\(fixture.studyID)/codebook", token: fixture.tokens["coder"], body: export.body)
        #expect(coder.status == 403)
    }
}

import Foundation
import Testing

@testable import Store

@Suite struct CodebookTests {
    static let sample = """
        <?xml version="1.0" encoding="utf-8"?>
        <CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder">
          <Codes>
            <Code guid="6a1f0b4e-0000-4000-8000-000000000001" name="Emotions" isCodable="false" color="#F00">
              <Description>Feelings &amp; moods</Description>
              <Code guid="6a1f0b4e-0000-4000-8000-000000000002" name="Peur" isCodable="true" color="#1f77b4"/>
              <Code guid="6a1f0b4e-0000-4000-8000-000000000003" name="Joie" isCodable="true"/>
            </Code>
            <Code guid="6a1f0b4e-0000-4000-8000-000000000004" name="Travail" isCodable="true" color="#2CA02C"/>
          </Codes>
          <Sets><Set guid="6a1f0b4e-0000-4000-8000-000000000005" name="S"><MemberCode guid="6a1f0b4e-0000-4000-8000-000000000004"/></Set></Sets>
        </CodeBook>
        """

    @Test func parsesAHierarchicalCodebook() throws {
        let entries = try REFICodebook.parse(Data(Self.sample.utf8))
        #expect(entries.map(\.name) == ["Emotions", "Travail"])
        #expect(entries[0].color == "#FF0000")
        #expect(entries[0].details == "Feelings & moods")
        #expect(entries[0].children.map(\.name) == ["Peur", "Joie"])
        #expect(entries[0].children[0].color == "#1F77B4")
        #expect(entries[0].children[1].color == "#808080")
    }

    @Test func importsIntoAStudyWithoutDuplicates() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let study = try await temporary.store.createStudy(name: "S", details: "")
        let entries = try REFICodebook.parse(Data(Self.sample.utf8))
        let codes = try await temporary.store.importCodebook(studyID: study.id!, entries)
        #expect(codes.count == 4)
        let emotions = try #require(codes.first { $0.name == "Emotions" })
        #expect(codes.filter { $0.parentID == emotions.id }.map(\.name).sorted() == ["Joie", "Peur"])
        let again = try await temporary.store.importCodebook(studyID: study.id!, entries)
        #expect(again.count == 4)
    }

    @Test func exportedCodebookRoundTripsAndValidates() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let study = try await temporary.store.createStudy(name: "S", details: "")
        let codes = try await temporary.store.importCodebook(studyID: study.id!, try REFICodebook.parse(Data(Self.sample.utf8)))
        let qdc = REFICodebook.document(codes, studyID: study.id!)
        let reparsed = try REFICodebook.parse(Data(qdc.utf8))
        func sorted(_ entries: [CodebookEntry]) -> [CodebookEntry] {
            entries.map { entry in
                var copy = entry
                copy.children = sorted(entry.children)
                return copy
            }.sorted { $0.name < $1.name }
        }
        #expect(sorted(reparsed) == sorted(try REFICodebook.parse(Data(Self.sample.utf8))))
        // samples/schemas/REFI-Codebook.xsd is damaged as published (U+2010 instead of '-', missing
        // spaces between attributes); repair those two typos only, then validate.
        var schema = try String(contentsOfFile: ExportTestSupport.schema("REFI-Codebook.xsd"), encoding: .utf8)
        schema = schema.replacingOccurrences(of: "\u{2010}", with: "-")
        schema = schema.replacing(/(?<attribute>[\w:]+="[^"]*")(?=\w)/) { match in "\(match.output.attribute) " }
        let schemaFile = temporary.folder.appendingPathComponent("REFI-Codebook.xsd")
        try schema.write(to: schemaFile, atomically: true, encoding: .utf8)
        let file = temporary.folder.appendingPathComponent("codebook.qdc")
        try qdc.write(to: file, atomically: true, encoding: .utf8)
        let result = try ExportTestSupport.xmllint(file, schema: schemaFile.path)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: [
        "<CodeBook><Codes><Code name=\"x\"></Codes></CodeBook>", "<Project/>",
        "<CodeBook><Codes><Code isCodable=\"true\"/></Codes></CodeBook>",
    ])
    func rejectsBadCodebooks(_ text: String) {
        do {
            _ = try REFICodebook.parse(Data(text.utf8))
            Issue.record("accepted \(text)")
        } catch let error as StoreError {
            #expect(error.kind == .invalidInput)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

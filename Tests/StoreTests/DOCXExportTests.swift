import Foundation
import Testing

@testable import Store

/// The Word export, read back by python-docx (tools/docx): paragraphs, speakers in bold, times.
@Suite struct DOCXExportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One paragraph as python-docx reads it.
    struct Paragraph: Decodable, Equatable {
        struct Run: Decodable, Equatable {
            var text: String
            var bold: Bool
        }
        var text: String
        var runs: [Run]
    }

    /// The paragraphs of `file`, read by `tools/docx/read_docx.py` in the venv `tools/docx/check` makes.
    /// Fails the test (no silent skip) when the venv is missing.
    static func read(_ file: URL) throws -> [Paragraph] {
        let python = root.appendingPathComponent("tools/docx/.venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record("python-docx is missing: run tools/docx/check once (scripts/test does) to make tools/docx/.venv")
            throw CancellationError()
        }
        let result = try ExportTestSupport.run(python.path, [root.appendingPathComponent("tools/docx/read_docx.py").path, file.path])
        try #require(result.status == 0, "python-docx cannot read \(file.lastPathComponent): \(result.output)")
        struct Document: Decodable { var paragraphs: [Paragraph] }
        return try JSONDecoder().decode(Document.self, from: Data(result.output.utf8)).paragraphs
    }

    @Test func turnsWithBoldSpeakersAndTimesReadByPythonDocx() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        let data = try ExportFormat.docx.render(bundle, options: ExportOptions(recordingID: study.seeded.otherRecording.id))
        let file = study.temporary.folder.appendingPathComponent("other.docx")
        try data.write(to: file)
        let paragraphs = try Self.read(file)
        #expect(
            paragraphs.map(\.text) == [
                "Entretien P-015", "Participants : P-015", "Transcription version 2, fr, brouillon",
                "P-015 [00:00:00] Mon intérêt vient de ma sœur.", "P-014 [00:00:03] Elle m'a beaucoup aidée.",
                "P-015 [00:00:06] Oui, c'est vrai.",
            ])
        #expect(paragraphs[0].runs == [.init(text: "Entretien P-015", bold: true)])
        #expect(paragraphs[4].runs.first == .init(text: "P-014", bold: true))
        #expect(paragraphs[4].runs.dropFirst().allSatisfy { !$0.bold })
        // English, and a recording whose text needs escaping (`&`, `<`, `>`), turns of one speaker merged.
        let english = try ExportFormat.docx.render(bundle, options: ExportOptions(recordingID: study.seeded.recording.id, language: .en))
        let englishFile = study.temporary.folder.appendingPathComponent("first.docx")
        try english.write(to: englishFile)
        let first = try Self.read(englishFile)
        #expect(first[1].text == "Participants: P-014" && first[2].text == "Transcript version 1, fr, draft")
        #expect(
            first.last?.text
                == "P-014 [00:00:02] Au début, c'était la fatigue & le stress <au travail>. Ensuite l'hôpital m'a proposé l'étude.")
        #expect(first.count == 5)
    }

    /// A damaged document is refused by the same reader (the check can fail).
    @Test func pythonDocxRefusesADamagedDocument() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-damaged-\(UUID().uuidString).docx")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("PK not really a zip".utf8).write(to: file)
        let python = Self.root.appendingPathComponent("tools/docx/.venv/bin/python")
        try #require(FileManager.default.isExecutableFile(atPath: python.path), "run tools/docx/check once to make tools/docx/.venv")
        let result = try ExportTestSupport.run(python.path, [Self.root.appendingPathComponent("tools/docx/read_docx.py").path, file.path])
        #expect(result.status != 0)
    }
}

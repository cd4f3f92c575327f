import Foundation
import Testing

@testable import Store

/// A study of two recordings (two speakers each, codings, a memo on a coding) exported in every
/// format, each file validated by an independent reader: xmllint against samples/schemas for ELAN
/// and REFI-QDA, python-docx for Word, parsers for SRT, WebVTT, JSON and CSV.
@Suite struct ExportEveryFormatTests {
    @Test(arguments: ExportFormat.allCases)
    func studyExportValidates(_ format: ExportFormat) async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        let options = ExportOptions(language: .fr)
        let url = study.temporary.folder.appendingPathComponent("study.\(format.outputExtension(bundle, options: options))")
        try format.write(bundle, to: url, options: options)
        let data = try Data(contentsOf: url)
        let segmentCounts = [3, 3]
        switch format {
        case .json:
            let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let recordings = try #require(root["recordings"] as? [[String: Any]])
            #expect(recordings.map { ($0["segments"] as? [Any])?.count ?? -1 } == segmentCounts)
        case .csv:
            let rows = try Self.csvRows(String(decoding: data, as: UTF8.self))
            #expect(rows.first == ["code", "code_path", "coder", "participant", "recording", "start", "end", "text"])
            #expect(rows.count == 1 + 4)
            #expect(rows.contains { $0[4] == "Entretien P-015" && $0[7] == "beaucoup aidée" && $0[3] == "P-014" })
        case .qdpx:
            let entries = try ExportTestSupport.readZip(data)
            let qde = study.temporary.folder.appendingPathComponent("project.qde")
            try #require(entries["project.qde"]).write(to: qde)
            let lint = try ExportTestSupport.xmllint(qde, schema: ExportTestSupport.schema("REFI-Project.xsd"))
            #expect(lint.status == 0, "\(lint.output)")
            #expect(entries.keys.filter { $0.hasSuffix(".txt") }.count == 2 + bundle.memos.count, "two transcripts and a file per memo")
        case .txt, .srt, .vtt, .eaf, .docx, .eafMedia:
            #expect(try ExportTestSupport.pythonZipTest(url).status == 0)
            let entries = try ExportTestSupport.readZip(data)
            let documents = entries.filter { $0.key.hasSuffix(".\(format == .eafMedia ? "eaf" : format.fileExtension)") }
            #expect(documents.count == 2, "\(entries.keys.sorted())")
            for (name, document) in documents {
                let file = study.temporary.folder.appendingPathComponent(name)
                try document.write(to: file)
                try Self.validate(format, file: file, text: String(decoding: document, as: UTF8.self), segments: 3)
            }
            if format == .eafMedia { #expect(entries.count == 4) }
        }
    }

    static func validate(_ format: ExportFormat, file: URL, text: String, segments: Int) throws {
        switch format {
        case .txt:
            let lines = text.split(separator: "\n").filter { $0.hasPrefix("[") }
            #expect(lines.count == segments)
            #expect(lines.allSatisfy { $0.wholeMatch(of: /\[\d\d:\d\d:\d\d\.\d{3}–\d\d:\d\d:\d\d\.\d{3}\] [^:]+: .+/) != nil })
            #expect(text.split(separator: "\n")[1].hasPrefix("Transcription version "))
        case .srt:
            let blocks = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(blocks.count == segments)
            for (index, block) in blocks.enumerated() {
                let lines = block.split(separator: "\n")
                #expect(lines[0] == "\(index + 1)")
                #expect(lines[1].wholeMatch(of: /\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}/) != nil)
            }
        case .vtt:
            let blocks = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(blocks.first == "WEBVTT" && blocks.count == segments + 1)
            for block in blocks.dropFirst() {
                #expect(block.split(separator: "\n")[1].wholeMatch(of: /\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}/) != nil)
            }
        case .eaf, .eafMedia:
            let lint = try ExportTestSupport.xmllint(file, schema: ExportTestSupport.schema("EAFv3.0.xsd"))
            #expect(lint.status == 0, "\(lint.output)")
        case .docx:
            let paragraphs = try DOCXExportTests.read(file)
            #expect(paragraphs.count >= 5)
            #expect(paragraphs.dropFirst(3).allSatisfy { $0.runs.first?.bold == true && $0.text.contains(/\s\[\d\d:\d\d:\d\d\]\s/) })
        case .json, .csv, .qdpx:
            Issue.record("\(format) is not a per-recording format")
        }
    }

    /// RFC 4180 rows (quoted fields with doubled quotes; CRLF between rows).
    static func csvRows(_ text: String) throws -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        try #require(!quoted && field.isEmpty && row.isEmpty, "the CSV ends inside a row")
        return rows
    }
}

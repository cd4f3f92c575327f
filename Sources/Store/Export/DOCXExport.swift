import Foundation

/// A Word document (`.docx`, Office Open XML) of one recording's newest transcript, as noScribe
/// writes them: the recording's title, its participants and transcript version, then one
/// paragraph per speaker turn (consecutive segments of one speaker), the speaker in bold, the
/// turn's start `[HH:MM:SS]`, then the text.
///
/// The package holds the minimal parts Word, LibreOffice and python-docx need:
/// `[Content_Types].xml`, `_rels/.rels` and `word/document.xml`, written as plain XML (all text
/// escaped) into a ZIP by ZIPFoundation.
public enum DOCXExport {
    /// One paragraph of the document: runs of text, bold or not.
    struct Paragraph {
        var runs: [(text: String, bold: Bool)]
        var size: Int? = nil
    }

    /// The `.docx` bytes.
    public static func document(_ recording: RecordingBundle, in bundle: ExportBundle, language: UserLanguage, date: Date = Date())
        throws -> Data
    {
        let archive = try ExportArchive(inMemoryAt: date)
        try archive.add(Data(contentTypes.utf8), as: "[Content_Types].xml")
        try archive.add(Data(relationships.utf8), as: "_rels/.rels")
        try archive.add(Data(documentXML(paragraphs(recording, in: bundle, language: language)).utf8), as: "word/document.xml")
        guard let data = archive.data else {
            throw StoreError(.file, "The Word document could not be assembled.", fr: "Le document Word n'a pas pu être assemblé.")
        }
        return data
    }

    /// Title, participants, version, then the turns.
    static func paragraphs(_ recording: RecordingBundle, in bundle: ExportBundle, language: UserLanguage) -> [Paragraph] {
        let pseudonyms = bundle.pseudonyms
        var out = [Paragraph(runs: [(recording.recording.title, true)], size: 32)]
        let people = recording.participants.compactMap { pseudonyms[$0.participantID] }.sorted()
        if !people.isEmpty { out.append(Paragraph(runs: [(ExportWording.participants(people, language), false)])) }
        if let transcript = recording.transcript {
            out.append(Paragraph(runs: [(ExportWording.transcriptHeader(transcript, language), false)]))
        }
        var turn: (speakerID: Int64?, start: Double, texts: [String])?
        func flush() {
            guard let current = turn else { return }
            let speaker = recording.speakerName(of: current.speakerID, pseudonyms: pseudonyms, language: language)
            out.append(
                Paragraph(runs: [(speaker, true), (" \(ExportFormatting.turnTime(current.start)) ", false), (current.texts.joined(separator: " "), false)]))
        }
        for segment in recording.segments {
            let text = segment.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let current = turn, current.speakerID == segment.speakerID {
                turn?.texts.append(text)
            } else {
                flush()
                turn = (segment.speakerID, segment.start, [text])
            }
        }
        flush()
        return out
    }

    static func documentXML(_ paragraphs: [Paragraph]) -> String {
        var body = ""
        for paragraph in paragraphs {
            body += "<w:p>"
            for run in paragraph.runs where !run.text.isEmpty {
                var properties = run.bold ? "<w:b/>" : ""
                if let size = paragraph.size { properties += "<w:sz w:val=\"\(size)\"/>" }
                body += "<w:r>" + (properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>")
                body += "<w:t xml:space=\"preserve\">\(ExportFormatting.xml(run.text.replacingOccurrences(of: "\n", with: " ")))</w:t></w:r>"
            }
            body += "</w:p>\n"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            \(body)<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>\
            <w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>
            </w:body></w:document>

            """
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        </Types>

        """

    static let relationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="word/document.xml"/></Relationships>

        """
}

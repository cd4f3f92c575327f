import Foundation

extension QDPXExport {
    /// The TextSource of a recording's coded text (``CodingPlacement/textSource``): the labelled
    /// transcript file of its Transcript, one PlainTextSelection per coding with its coder, its
    /// code, and its memos as Description and NoteRefs.
    static func codedTextSource(
        _ recording: Recording, transcript: Transcript, labelled: QDPXTranscriptText, memos: [Memo], ids: QDPXIdentifiers
    ) -> String {
        var xml = "    <TextSource guid=\"\(ids.guid("text", transcript.id!))\" name=\"\(ExportFormatting.xml(recording.title)).txt\" "
        xml += "plainTextPath=\"internal://\(ids.guid("transcript", transcript.id!)).txt\""
        if let creator = transcript.createdBy { xml += " creatingUser=\"\(ids.guid("user", creator))\"" }
        xml += " creationDateTime=\"\(ExportFormatting.isoDate(transcript.createdAt))\">\n"
        for coding in labelled.codings {
            let created = ExportFormatting.isoDate(coding.createdAt)
            let coder = ids.guid("user", coding.coderID)
            let name = ExportFormatting.substring(labelled.text, coding.charStart..<min(coding.charEnd, coding.charStart + 60))
            xml += "      <PlainTextSelection guid=\"\(ids.guid("selection", coding.id!))\" name=\"\(ExportFormatting.xml(name))\" "
            xml += "startPosition=\"\(coding.charStart)\" endPosition=\"\(coding.charEnd)\" "
            xml += "creatingUser=\"\(coder)\" creationDateTime=\"\(created)\">\n"
            let onCoding = memos.filter { $0.codingID == coding.id }
            xml += codingMemoDescription(onCoding, indent: "        ")
            xml += "        <Coding guid=\"\(ids.guid("coding", coding.id!))\" creatingUser=\"\(coder)\" creationDateTime=\"\(created)\">\n"
            xml += "          <CodeRef targetGUID=\"\(ids.guid("code", coding.codeID))\"/>\n"
            xml += "        </Coding>\n"
            for memo in onCoding { xml += "        <NoteRef targetGUID=\"\(ids.guid("memo", memo.id!))\"/>\n" }
            xml += "      </PlainTextSelection>\n"
        }
        return xml + "    </TextSource>\n"
    }

    /// The name of a recording's media source: its title with the media's extension, so that a
    /// reader naming the copied file after the source (QualCoder) keeps a playable file name.
    static func mediaName(_ recording: Recording, extension ext: String) -> String {
        guard !ext.isEmpty, !recording.title.lowercased().hasSuffix(".\(ext.lowercased())") else { return recording.title }
        return "\(recording.title).\(ext)"
    }

    /// The memos written on one coding as a selection's `Description` (QualCoder's coding memo), or nothing.
    static func codingMemoDescription(_ memos: [Memo], indent: String) -> String {
        guard !memos.isEmpty else { return "" }
        let text = memos.map { $0.title.isEmpty ? $0.text : "\($0.title): \($0.text)" }.joined(separator: "\n\n")
        return "\(indent)<Description>\(ExportFormatting.xml(text))</Description>\n"
    }
}

import Foundation

/// ELAN annotation document (`.eaf`, EAF 3.0) of one recording's newest transcript.
///
/// Tiers: one per speaker (time-aligned segments; `PARTICIPANT` is the speaker's pseudonym or
/// `interviewer`), one words tier per speaker (`words@<label>`), and one codes tier per coder
/// (`codes@<coder>`) whose annotations list the codes active over each stretch (overlapping
/// codings of one coder are split at their boundaries so a tier never overlaps itself).
public enum ELANExport {
    /// The EAF XML.
    public static func document(_ recording: RecordingBundle, in bundle: ExportBundle, date: Date = Date()) -> String {
        var slots: [Int] = []
        var tiers: [String] = []
        var annotationCount = 0
        func slot(_ seconds: Double) -> String {
            slots.append(ExportFormatting.milliseconds(seconds))
            return "ts\(slots.count)"
        }
        func annotation(_ start: Double, _ end: Double, _ value: String) -> String {
            annotationCount += 1
            let first = slot(start)
            let second = slot(max(start, end))
            return """
                        <ANNOTATION>
                            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a\(annotationCount)" TIME_SLOT_REF1="\(first)" TIME_SLOT_REF2="\(second)">
                                <ANNOTATION_VALUE>\(ExportFormatting.xml(value))</ANNOTATION_VALUE>
                            </ALIGNABLE_ANNOTATION>
                        </ANNOTATION>

                """
        }
        let pseudonyms = Dictionary(uniqueKeysWithValues: bundle.participants.compactMap { p in p.id.map { ($0, p.pseudonym) } })
        for speaker in recording.speakers {
            let segments = recording.segments.filter { $0.speakerID == speaker.id }
            let participant = speaker.isInterviewer ? "interviewer" : speaker.participantID.flatMap { pseudonyms[$0] } ?? ""
            var body = ""
            for segment in segments { body += annotation(segment.start, segment.end, segment.text) }
            tiers.append(tier(speaker.label, type: "utterance", participant: participant, body: body))
            var words = ""
            let segmentIDs = Set(segments.compactMap(\.id))
            for word in recording.words where segmentIDs.contains(word.segmentID) {
                words += annotation(word.start, word.end, word.text.trimmingCharacters(in: .whitespaces))
            }
            tiers.append(tier("words@\(speaker.label)", type: "word", participant: participant, body: words))
        }
        let unlabelled = recording.segments.filter { $0.speakerID == nil }
        if !unlabelled.isEmpty {
            var body = ""
            for segment in unlabelled { body += annotation(segment.start, segment.end, segment.text) }
            tiers.append(tier("Speaker", type: "utterance", participant: "", body: body))
        }
        let codeNames = Dictionary(uniqueKeysWithValues: bundle.codes.compactMap { code in code.id.map { ($0, code.name) } })
        let users = Dictionary(uniqueKeysWithValues: bundle.users.compactMap { user in user.id.map { ($0, user.name) } })
        for coderID in Array(Set(recording.codings.map(\.coderID))).sorted() {
            var body = ""
            for stretch in stretches(recording.codings.filter { $0.coderID == coderID }) {
                let names = stretch.codes.map { codeNames[$0] ?? "code \($0)" }.sorted().joined(separator: "; ")
                body += annotation(stretch.start, stretch.end, names)
            }
            let coder = users[coderID] ?? "coder \(coderID)"
            tiers.append(tier("codes@\(coder)", type: "code", participant: "", annotator: coder, body: body))
        }
        let media = recording.recording.mediaPath
        // The media beside the .eaf, by its file name: never the server's own folders.
        let fileName = URL(fileURLWithPath: media).lastPathComponent
        let escaped = fileName.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? fileName
        let mediaURL = "file:///" + escaped, relativeURL = "./" + escaped
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ANNOTATION_DOCUMENT AUTHOR="Verbatim" DATE="\(ExportFormatting.isoDate(date))" FORMAT="3.0" VERSION="3.0" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">
                <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
                    <MEDIA_DESCRIPTOR MEDIA_URL="\(ExportFormatting.xml(mediaURL))" RELATIVE_MEDIA_URL="\(ExportFormatting.xml(relativeURL))" \
            MIME_TYPE="\(mimeType(media, video: recording.recording.hasVideo))"/>
                    <PROPERTY NAME="lastUsedAnnotationId">\(annotationCount)</PROPERTY>
                </HEADER>
                <TIME_ORDER>

            """
        for (index, value) in slots.enumerated() {
            out += "        <TIME_SLOT TIME_SLOT_ID=\"ts\(index + 1)\" TIME_VALUE=\"\(value)\"/>\n"
        }
        out += "    </TIME_ORDER>\n"
        out += tiers.joined()
        out += """
                <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="utterance" TIME_ALIGNABLE="true" GRAPHIC_REFERENCES="false"/>
                <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="word" TIME_ALIGNABLE="true" GRAPHIC_REFERENCES="false"/>
                <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="code" TIME_ALIGNABLE="true" GRAPHIC_REFERENCES="false"/>
                <LANGUAGE LANG_ID="\(ExportFormatting.xml(recording.transcript?.language ?? "und"))"/>
            </ANNOTATION_DOCUMENT>

            """
        return out
    }

    static func tier(_ id: String, type: String, participant: String, annotator: String? = nil, body: String) -> String {
        let annotatorAttribute = annotator.map { " ANNOTATOR=\"\(ExportFormatting.xml($0))\"" } ?? ""
        let open =
            "    <TIER TIER_ID=\"\(ExportFormatting.xml(id))\" LINGUISTIC_TYPE_REF=\"\(type)\" PARTICIPANT=\"\(ExportFormatting.xml(participant))\"\(annotatorAttribute)"
        return body.isEmpty ? open + "/>\n" : open + ">\n" + body + "    </TIER>\n"
    }

    /// Non-overlapping stretches of time with the set of codes active in each.
    static func stretches(_ codings: [Coding]) -> [(start: Double, end: Double, codes: Set<Int64>)] {
        let bounds = Array(Set(codings.flatMap { [$0.startTime, $0.endTime] })).sorted()
        var result: [(start: Double, end: Double, codes: Set<Int64>)] = []
        for (start, end) in zip(bounds, bounds.dropFirst()) {
            let active = Set(codings.filter { $0.startTime <= start && $0.endTime >= end }.map(\.codeID))
            guard !active.isEmpty else { continue }
            if let last = result.last, last.codes == active, last.end == start {
                result[result.count - 1].end = end
            } else {
                result.append((start, end, active))
            }
        }
        // Codings within a single instant (start == end) still get an annotation.
        for coding in codings where coding.startTime == coding.endTime {
            result.append((coding.startTime, coding.endTime, [coding.codeID]))
        }
        return result.sorted { $0.start < $1.start }
    }

    static func mimeType(_ path: String, video: Bool) -> String {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "wav": return "audio/x-wav"
        case "mp3": return "audio/mpeg"
        case "m4a", "aac": return "audio/mp4"
        case "flac": return "audio/flac"
        case "ogg", "opus": return "audio/ogg"
        case "mp4", "m4v": return "video/mp4"
        case "mov": return "video/quicktime"
        case "mpg", "mpeg": return "video/mpeg"
        default: return video ? "video/*" : "audio/*"
        }
    }
}

import Foundation

/// ELAN annotation document (`.eaf`, EAF 3.0) of one recording's newest transcript.
///
/// Tiers: one per speaker (time-aligned segments; `PARTICIPANT` is the speaker's pseudonym or
/// `interviewer`), each with a child words tier (`words@<label>`, linguistic type `word` with the
/// `Included_In` constraint: every word lies inside its segment's annotation), and one codes tier
/// per coder (`codes@<coder>`) whose annotations list the codes active over each stretch
/// (overlapping codings of one coder are split at their boundaries so a tier never overlaps itself).
///
/// No annotation has zero length: one shorter than ``minimumDuration`` is lengthened to it (a
/// word within its segment, pushing the next word's start if needed); a word that finds no room
/// left in its segment is merged into the word before it (its text appended), so no word is
/// lost and the words tier stays inside its parent. The media is linked by its file name,
/// relative to the `.eaf` (`MEDIA_URL` and `RELATIVE_MEDIA_URL`), never by the server's folders.
public enum ELANExport {
    /// The shortest annotation written, in milliseconds.
    public static let minimumDuration = 10

    /// The EAF XML; `mediaName` is the media file's name beside the `.eaf` (by default the
    /// recording's original file name).
    public static func document(_ recording: RecordingBundle, in bundle: ExportBundle, mediaName: String? = nil, date: Date = Date())
        -> String
    {
        var slots: [Int] = []
        var tiers: [String] = []
        var annotationCount = 0
        func slot(_ milliseconds: Int) -> String {
            slots.append(milliseconds)
            return "ts\(slots.count)"
        }
        /// An annotation from `start` to `end` milliseconds (`end > start`).
        func annotation(_ start: Int, _ end: Int, _ value: String) -> String {
            annotationCount += 1
            let first = slot(start)
            let second = slot(end)
            return """
                        <ANNOTATION>
                            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a\(annotationCount)" TIME_SLOT_REF1="\(first)" TIME_SLOT_REF2="\(second)">
                                <ANNOTATION_VALUE>\(ExportFormatting.xml(value))</ANNOTATION_VALUE>
                            </ALIGNABLE_ANNOTATION>
                        </ANNOTATION>

                """
        }
        func span(_ start: Double, _ end: Double) -> (start: Int, end: Int) {
            let first = ExportFormatting.milliseconds(start)
            return (first, max(ExportFormatting.milliseconds(end), first + minimumDuration))
        }
        let pseudonyms = Dictionary(uniqueKeysWithValues: bundle.participants.compactMap { p in p.id.map { ($0, p.pseudonym) } })
        let wordsBySegment = Dictionary(grouping: recording.words, by: \.segmentID)
        var groups: [(tier: String, participant: String, segments: [Segment])] = recording.speakers.map { speaker in
            let participant = speaker.isInterviewer ? "interviewer" : speaker.participantID.flatMap { pseudonyms[$0] } ?? ""
            return (speaker.label, participant, recording.segments.filter { $0.speakerID == speaker.id })
        }
        let unlabelled = recording.segments.filter { $0.speakerID == nil }
        if !unlabelled.isEmpty { groups.append(("Speaker", "", unlabelled)) }
        for group in groups {
            var body = "", words = ""
            for segment in group.segments {
                let parent = span(segment.start, segment.end)
                body += annotation(parent.start, parent.end, segment.text)
                for word in placedWords(wordsBySegment[segment.id ?? -1] ?? [], in: parent) {
                    words += annotation(word.start, word.end, word.text)
                }
            }
            tiers.append(tier(group.tier, type: "utterance", participant: group.participant, body: body))
            tiers.append(tier("words@\(group.tier)", type: "word", participant: group.participant, parent: group.tier, body: words))
        }
        let codeNames = Dictionary(uniqueKeysWithValues: bundle.codes.compactMap { code in code.id.map { ($0, code.name) } })
        let users = Dictionary(uniqueKeysWithValues: bundle.users.compactMap { user in user.id.map { ($0, user.name) } })
        for coderID in Array(Set(recording.codings.map(\.coderID))).sorted() {
            var body = ""
            for stretch in stretches(recording.codings.filter { $0.coderID == coderID }) {
                let names = stretch.codes.map { codeNames[$0] ?? "code \($0)" }.sorted().joined(separator: "; ")
                let times = span(stretch.start, stretch.end)
                body += annotation(times.start, times.end, names)
            }
            let coder = users[coderID] ?? "coder \(coderID)"
            tiers.append(tier("codes@\(coder)", type: "code", participant: "", annotator: coder, body: body))
        }
        // The media beside the .eaf, by its file name: never the server's own folders.
        let fileName = mediaName ?? ExportFileNames.originalName(recording.recording)
        let escaped = fileName.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? fileName
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ANNOTATION_DOCUMENT AUTHOR="Verbatim" DATE="\(ExportFormatting.isoDate(date))" FORMAT="3.0" VERSION="3.0" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">
                <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
                    <MEDIA_DESCRIPTOR MEDIA_URL="\(ExportFormatting.xml(escaped))" RELATIVE_MEDIA_URL="./\(ExportFormatting.xml(escaped))" \
            MIME_TYPE="\(mimeType(fileName, video: recording.recording.hasVideo))"/>
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
                <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="word" TIME_ALIGNABLE="true" CONSTRAINTS="Included_In" GRAPHIC_REFERENCES="false"/>
                <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="code" TIME_ALIGNABLE="true" GRAPHIC_REFERENCES="false"/>
                <LANGUAGE LANG_ID="\(ExportFormatting.xml(recording.transcript?.language ?? "und"))"/>
                <CONSTRAINT STEREOTYPE="Included_In" \
            DESCRIPTION="Time alignable annotations within the parent annotation's time interval, gaps are allowed"/>
            </ANNOTATION_DOCUMENT>

            """
        return out
    }

    /// The words of one segment placed inside its annotation `parent` (milliseconds): in order,
    /// never overlapping, each at least ``minimumDuration`` long when there is room, else merged
    /// into the word before.
    static func placedWords(_ words: [Word], in parent: (start: Int, end: Int)) -> [(start: Int, end: Int, text: String)] {
        var placed: [(start: Int, end: Int, text: String)] = []
        var cursor = parent.start
        for word in words {
            let text = word.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let start = min(max(ExportFormatting.milliseconds(word.start), cursor), parent.end)
            var end = min(max(ExportFormatting.milliseconds(word.end), start), parent.end)
            if end - start < minimumDuration { end = min(start + minimumDuration, parent.end) }
            guard end > start else {
                if !placed.isEmpty { placed[placed.count - 1].text += " " + text }
                continue
            }
            placed.append((start, end, text))
            cursor = end
        }
        return placed
    }

    static func tier(
        _ id: String, type: String, participant: String, annotator: String? = nil, parent: String? = nil, body: String
    ) -> String {
        let annotatorAttribute = annotator.map { " ANNOTATOR=\"\(ExportFormatting.xml($0))\"" } ?? ""
        let parentAttribute = parent.map { " PARENT_REF=\"\(ExportFormatting.xml($0))\"" } ?? ""
        let open =
            "    <TIER TIER_ID=\"\(ExportFormatting.xml(id))\" LINGUISTIC_TYPE_REF=\"\(type)\" PARTICIPANT=\"\(ExportFormatting.xml(participant))\"\(annotatorAttribute)\(parentAttribute)"
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

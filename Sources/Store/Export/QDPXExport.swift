import Crypto
import Foundation

/// REFI-QDA project export (`.qdpx`): a ZIP with `project.qde` (QDA-XML 1.0) and `sources/`,
/// readable by NVivo, ATLAS.ti, MAXQDA and QualCoder.
///
/// Users; the codebook with colours; participants as Cases with their attributes as Text
/// Variables; each recording as an AudioSource or VideoSource (media embedded under `sources/`
/// when small enough, else referenced by absolute URL) with its newest transcript as a
/// Transcript (text in `sources/<guid>.txt`, a `[HH:MM:SS] Speaker:` line per turn) with
/// SyncPoints at segment and word boundaries; the media source is named with its file's extension.
/// Codings go, per ``CodingPlacement``, into a TextSource of the same text (one PlainTextSelection
/// per coding and coder, the default) or into TranscriptSelections between SyncPoints. Memos are
/// Notes (inline and as `sources/<guid>.txt`) referenced from their code, coding, transcript,
/// recording or the project; a coding's memos are also its selection's Description. GUIDs are
/// derived from the study's ids, so exporting twice gives the same GUIDs.
public enum QDPXExport {
    /// Export choices.
    public struct Options: Sendable, Hashable {
        /// Include case variables flagged sensitive.
        public var includeSensitive: Bool
        /// Embed media files up to this size in bytes; larger ones are referenced.
        public var embedMediaUpTo: Int
        /// The language of the speaker name given to segments nobody identified.
        public var language: UserLanguage
        /// Where the codings are written.
        public var codings: CodingPlacement
        /// The keys of media encrypted at rest (`nil`: media in clear).
        public var mediaKeys: StudyKeyring?

        /// Creates options.
        public init(
            includeSensitive: Bool = false, embedMediaUpTo: Int = 200_000_000, language: UserLanguage = .fr,
            codings: CodingPlacement = .textSource
        ) {
            self.includeSensitive = includeSensitive
            self.embedMediaUpTo = embedMediaUpTo
            self.language = language
            self.codings = codings
        }
    }

    /// Where a project's codings live.
    public enum CodingPlacement: String, Sendable, Hashable, CaseIterable {
        /// A TextSource beside each coded recording, holding the same labelled transcript text,
        /// with one PlainTextSelection per coding carrying its coder (the default: every REFI reader
        /// imports coded text, and QualCoder keeps each coder's codings, even identical ones).
        case textSource = "text"
        /// TranscriptSelections of the recording's Transcript, between SyncPoints (REFI's own place
        /// for coded media; QualCoder gives them all the Transcript's owner and stops at two coders'
        /// identical codings).
        case transcript
    }

    /// The `.qdpx` archive bytes, built in a temporary file (for small studies and tests; the
    /// server and large studies use ``write(_:to:options:date:)``, which never holds media whole).
    public static func archive(_ bundle: ExportBundle, options: Options = Options(), date: Date = Date()) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-\(UUID().uuidString).qdpx")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(bundle, to: url, options: options, date: date)
        return try Data(contentsOf: url)
    }

    /// Writes the `.qdpx` archive to `url`, a new file made readable by its owner only (0600).
    ///
    /// ZIPFoundation writes the ZIP (ZIP64 once an entry or the archive passes 4 GiB); media
    /// files are copied in 1 MiB chunks, never held whole, and stored as they are; the XML and
    /// transcripts are deflated.
    /// - Throws: ``StoreError`` `.file` if `url` exists or cannot be written, or a media file cannot be read.
    public static func write(_ bundle: ExportBundle, to url: URL, options: Options = Options(), date: Date = Date()) throws {
        let project = project(bundle, options: options, date: date)
        let archive = try ExportArchive(creating: url, date: date, mediaKeys: options.mediaKeys)
        try archive.add(Data(project.xml.utf8), as: "project.qde")
        for file in project.files {
            switch file.source {
            case .text(let text): try archive.add(Data(text.utf8), as: "sources/\(file.name)")
            case .file(let path): try archive.add(file: URL(fileURLWithPath: path), as: "sources/\(file.name)")
            }
        }
    }

    /// A file to place under `sources/`.
    public struct SourceFile: Sendable, Hashable {
        /// Where the bytes come from.
        public enum Content: Sendable, Hashable {
            /// UTF-8 text.
            case text(String)
            /// A file on disk.
            case file(String)
        }
        /// File name inside `sources/`.
        public var name: String
        /// The bytes.
        public var source: Content
    }

    /// `project.qde` and the files it refers to under `sources/`.
    public static func project(_ bundle: ExportBundle, options: Options = Options(), date: Date = Date())
        -> (xml: String, files: [SourceFile])
    {
        let ids = QDPXIdentifiers(studyID: bundle.study.id ?? 0)
        let pseudonyms = bundle.pseudonyms
        var files: [SourceFile] = []
        let now = ExportFormatting.isoDate(date)
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <Project xmlns="urn:QDA-XML:project:1.0" name="\(ExportFormatting.xml(bundle.study.name))" origin="Verbatim" \
            creationDateTime="\(ExportFormatting.isoDate(bundle.study.createdAt))" modifiedDateTime="\(now)">

            """
        let userGUID = { (id: Int64) in ids.guid("user", id) }
        if !bundle.users.isEmpty {
            xml += "  <Users>\n"
            for user in bundle.users {
                xml += "    <User guid=\"\(userGUID(user.id!))\" name=\"\(ExportFormatting.xml(user.name))\" id=\"\(user.id!)\"/>\n"
            }
            xml += "  </Users>\n"
        }
        let memoGUID = { (memo: Memo) in ids.guid("memo", memo.id!) }
        func noteRefs(_ memos: [Memo], indent: String) -> String {
            memos.map { "\(indent)<NoteRef targetGUID=\"\(memoGUID($0))\"/>\n" }.joined()
        }
        if !bundle.codes.isEmpty {
            xml += "  <CodeBook>\n    <Codes>\n"
            func codeXML(_ code: Code, indent: String) -> String {
                var out = "\(indent)<Code guid=\"\(ids.guid("code", code.id!))\" name=\"\(ExportFormatting.xml(code.name))\" "
                out += "isCodable=\"true\" color=\"\(code.color)\">\n"
                if !code.details.isEmpty { out += "\(indent)  <Description>\(ExportFormatting.xml(code.details))</Description>\n" }
                // A memo written on one coding hangs from that coding's selection, not from its code.
                out += noteRefs(bundle.memos.filter { $0.codeID == code.id && $0.codingID == nil }, indent: indent + "  ")
                for child in bundle.codes where child.parentID == code.id { out += codeXML(child, indent: indent + "  ") }
                return out + "\(indent)</Code>\n"
            }
            for code in bundle.codes where code.parentID == nil { xml += codeXML(code, indent: "      ") }
            xml += "    </Codes>\n  </CodeBook>\n"
        }
        let attributes = bundle.attributes.filter { options.includeSensitive || !$0.isSensitive }
        let variableNames = Array(Set(attributes.map(\.name))).sorted()
        if !variableNames.isEmpty {
            xml += "  <Variables>\n"
            for name in variableNames {
                xml +=
                    "    <Variable guid=\"\(ids.guid("variable", name))\" name=\"\(ExportFormatting.xml(name))\" typeOfVariable=\"Text\"/>\n"
            }
            xml += "  </Variables>\n"
        }
        if !bundle.participants.isEmpty {
            xml += "  <Cases>\n"
            for participant in bundle.participants {
                xml +=
                    "    <Case guid=\"\(ids.guid("participant", participant.id!))\" name=\"\(ExportFormatting.xml(participant.pseudonym))\">\n"
                for attribute in attributes where attribute.participantID == participant.id {
                    xml += "      <VariableValue>\n        <VariableRef targetGUID=\"\(ids.guid("variable", attribute.name))\"/>\n"
                    xml += "        <TextValue>\(ExportFormatting.xml(attribute.value))</TextValue>\n      </VariableValue>\n"
                }
                // The whole source of an interview they gave; else the turns of a speaker identified as them.
                for recording in bundle.recordings {
                    if recording.participants.contains(where: { $0.participantID == participant.id && $0.role != .interviewer }) {
                        xml += "      <SourceRef targetGUID=\"\(ids.guid("recording", recording.recording.id!))\"/>\n"
                    }
                }
                for recording in bundle.recordings {
                    for segment in turns(of: participant, in: recording) {
                        xml += "      <SelectionRef targetGUID=\"\(ids.guid("turn", segment.id!))\"/>\n"
                    }
                }
                xml += "    </Case>\n"
            }
            xml += "  </Cases>\n"
        }
        if !bundle.recordings.isEmpty {
            xml += "  <Sources>\n"
            for item in bundle.recordings {
                let recording = item.recording
                let element = recording.hasVideo ? "VideoSource" : "AudioSource"
                let labelledText = item.transcript.map { transcript in
                    QDPXTranscriptText(item, original: transcript.text) {
                        item.speakerName(of: $0, pseudonyms: pseudonyms, language: options.language)
                    }
                }
                let guid = ids.guid("recording", recording.id!)
                // The stored file's extension (named after its probed container); else the uploaded name's.
                let stored = URL(fileURLWithPath: recording.mediaPath).pathExtension
                let ext = stored.isEmpty ? URL(fileURLWithPath: ExportFileNames.originalName(recording)).pathExtension : stored
                var path = URL(fileURLWithPath: recording.mediaPath).absoluteString
                if let size = (try? FileManager.default.attributesOfItem(atPath: recording.mediaPath))?[.size] as? Int,
                    size <= options.embedMediaUpTo
                {
                    let name = ext.isEmpty ? guid : "\(guid).\(ext)"
                    files.append(SourceFile(name: name, source: .file(recording.mediaPath)))
                    path = "internal://\(name)"
                }
                xml +=
                    "    <\(element) guid=\"\(guid)\" name=\"\(ExportFormatting.xml(mediaName(recording, extension: ext)))\" path=\"\(ExportFormatting.xml(path))\" "
                xml += "creationDateTime=\"\(ExportFormatting.isoDate(recording.createdAt))\">\n"
                if let transcript = item.transcript, let labelled = labelledText {
                    let transcriptGUID = ids.guid("transcript", transcript.id!)
                    files.append(SourceFile(name: "\(transcriptGUID).txt", source: .text(labelled.text)))
                    xml +=
                        "      <Transcript guid=\"\(transcriptGUID)\" name=\"\(ExportFormatting.xml(recording.title)) v\(transcript.version)\" "
                    xml += "plainTextPath=\"internal://\(transcriptGUID).txt\""
                    if let creator = transcript.createdBy { xml += " creatingUser=\"\(userGUID(creator))\"" }
                    xml += " creationDateTime=\"\(ExportFormatting.isoDate(transcript.createdAt))\">\n"
                    var syncPoints = SyncPoints(transcript: transcript, segments: labelled.segments, words: item.words)
                    let codingsInTranscript = options.codings == .transcript ? labelled.codings : []
                    for coding in codingsInTranscript {
                        syncPoints.add(position: coding.charStart)
                        syncPoints.add(position: coding.charEnd)
                    }
                    let syncBase = ids.bytes("sync", String(transcript.id!))
                    for point in syncPoints.sorted {
                        xml += "        <SyncPoint guid=\"\(ids.guid(base: syncBase, index: point.position))\" "
                        xml += "timeStamp=\"\(point.milliseconds)\" position=\"\(point.position)\"/>\n"
                    }
                    let turnSegments = Set(bundle.participants.flatMap { turns(of: $0, in: item) }.compactMap(\.id))
                    for segment in labelled.segments where turnSegments.contains(segment.id ?? -1) {
                        let name = ExportFormatting.substring(labelled.text, segment.charStart..<min(segment.charEnd, segment.charStart + 60))
                        xml += "        <TranscriptSelection guid=\"\(ids.guid("turn", segment.id!))\" name=\"\(ExportFormatting.xml(name))\" "
                        xml += "fromSyncPoint=\"\(ids.guid(base: syncBase, index: segment.charStart))\" "
                        xml += "toSyncPoint=\"\(ids.guid(base: syncBase, index: segment.charEnd))\"/>\n"
                    }
                    for coding in codingsInTranscript {
                        let from = ids.guid(base: syncBase, index: coding.charStart)
                        let to = ids.guid(base: syncBase, index: coding.charEnd)
                        let created = ExportFormatting.isoDate(coding.createdAt)
                        let name = ExportFormatting.substring(
                            labelled.text, coding.charStart..<min(coding.charEnd, coding.charStart + 60))
                        xml +=
                            "        <TranscriptSelection guid=\"\(ids.guid("selection", coding.id!))\" name=\"\(ExportFormatting.xml(name))\" "
                        xml +=
                            "fromSyncPoint=\"\(from)\" toSyncPoint=\"\(to)\" creatingUser=\"\(userGUID(coding.coderID))\" creationDateTime=\"\(created)\">\n"
                        xml += codingMemoDescription(bundle.memos.filter { $0.codingID == coding.id }, indent: "          ")
                        xml +=
                            "          <Coding guid=\"\(ids.guid("coding", coding.id!))\" creatingUser=\"\(userGUID(coding.coderID))\" creationDateTime=\"\(created)\">\n"
                        xml += "            <CodeRef targetGUID=\"\(ids.guid("code", coding.codeID))\"/>\n"
                        xml += "          </Coding>\n"
                        xml += noteRefs(bundle.memos.filter { $0.codingID == coding.id }, indent: "          ")
                        xml += "        </TranscriptSelection>\n"
                    }
                    xml += noteRefs(bundle.memos.filter { $0.transcriptID == transcript.id && $0.codingID == nil }, indent: "        ")
                    xml += "      </Transcript>\n"
                }
                xml += noteRefs(bundle.memos.filter { $0.recordingID == recording.id && $0.transcriptID == nil && $0.codingID == nil }, indent: "      ")
                xml += "    </\(element)>\n"
                if options.codings == .textSource, let transcript = item.transcript, let labelled = labelledText, !item.codings.isEmpty {
                    xml += codedTextSource(recording, transcript: transcript, labelled: labelled, memos: bundle.memos, ids: ids)
                }
            }
            xml += "  </Sources>\n"
        }
        if !bundle.memos.isEmpty {
            xml += "  <Notes>\n"
            for memo in bundle.memos {
                // The text both inline and as a file: QualCoder reads only `plainTextPath`, other readers the content.
                files.append(SourceFile(name: "\(memoGUID(memo)).txt", source: .text(memo.text)))
                xml += "    <Note guid=\"\(memoGUID(memo))\" name=\"\(ExportFormatting.xml(memo.title))\""
                xml += " plainTextPath=\"internal://\(memoGUID(memo)).txt\""
                if let author = memo.authorID { xml += " creatingUser=\"\(userGUID(author))\"" }
                xml += " creationDateTime=\"\(ExportFormatting.isoDate(memo.createdAt))\">\n"
                xml += "      <PlainTextContent>\(ExportFormatting.xml(memo.text))</PlainTextContent>\n    </Note>\n"
            }
            xml += "  </Notes>\n"
        }
        // Memos on the study or on a participant (Cases cannot hold notes) hang from the project.
        xml += noteRefs(
            bundle.memos.filter { $0.codeID == nil && $0.codingID == nil && $0.transcriptID == nil && $0.recordingID == nil },
            indent: "  ")
        xml += "</Project>\n"
        return (xml, files)
    }
}

extension QDPXExport {
    /// The segments of `recording` spoken by a speaker identified as `participant`, when the
    /// participant is not one of the recording's interviewees (whose Case holds the whole source).
    static func turns(of participant: Participant, in recording: RecordingBundle) -> [Segment] {
        guard participant.id != nil,
            !recording.participants.contains(where: { $0.participantID == participant.id && $0.role != .interviewer })
        else { return [] }
        let speakers = Set(recording.speakers.filter { $0.participantID == participant.id }.compactMap(\.id))
        return recording.segments.filter { $0.speakerID.map(speakers.contains) ?? false && $0.id != nil }
    }
}

/// Stable GUIDs: the first 16 bytes of SHA-256("verbatim/<study>/<kind>/<key>") shaped as a version-8 UUID.
struct QDPXIdentifiers {
    let studyID: Int64

    func guid(_ kind: String, _ key: Int64) -> String { guid(kind, String(key)) }

    func guid(_ kind: String, _ key: String) -> String {
        format(bytes(kind, key))
    }

    /// The 16 hashed bytes for `kind`/`key`, before shaping.
    func bytes(_ kind: String, _ key: String) -> [UInt8] {
        Array(SHA256.hash(data: Array("verbatim/\(studyID)/\(kind)/\(key)".utf8)).prefix(16))
    }

    /// A cheap family of GUIDs: `base` with `index` added into its last 8 bytes (one hash per family).
    func guid(base: [UInt8], index: Int) -> String {
        var bytes = base
        var carry = UInt64(truncatingIfNeeded: index)
        for position in stride(from: 15, through: 8, by: -1) {
            let sum = UInt64(bytes[position]) + (carry & 0xff)
            bytes[position] = UInt8(truncatingIfNeeded: sum)
            carry = (carry >> 8) + (sum >> 8)
        }
        return format(bytes)
    }

    private func format(_ raw: [UInt8]) -> String {
        var bytes = raw
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let characters = Array(Hex.encode(bytes))
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return groups.joined(separator: "-")
    }
}

/// Sync points of a transcript: character positions with their times, one per position.
struct SyncPoints {
    struct Point {
        var position: Int
        var milliseconds: Int
    }

    private var points: [Int: Int] = [:]
    private let segments: [Segment]

    init(transcript: Transcript, segments: [Segment], words: [Word]) {
        self.segments = segments
        let wordsBySegment = Dictionary(grouping: words, by: \.segmentID)
        for segment in segments {
            points[segment.charStart] = points[segment.charStart] ?? ExportFormatting.milliseconds(segment.start)
            points[segment.charEnd] = points[segment.charEnd] ?? ExportFormatting.milliseconds(segment.end)
            for (word, range) in WordOffsets.locate(wordsBySegment[segment.id ?? -1] ?? [], in: segment) {
                points[range.lowerBound] = points[range.lowerBound] ?? ExportFormatting.milliseconds(word.start)
                points[range.upperBound] = points[range.upperBound] ?? ExportFormatting.milliseconds(word.end)
            }
        }
    }

    /// Adds a point at `position`, timed by linear interpolation inside its segment.
    mutating func add(position: Int) {
        guard points[position] == nil else { return }
        guard let segment = segments.first(where: { $0.charStart <= position && position <= $0.charEnd }) else {
            let previous = segments.last { $0.charEnd <= position }
            points[position] = ExportFormatting.milliseconds(previous?.end ?? 0)
            return
        }
        let length = max(1, segment.charEnd - segment.charStart)
        let fraction = Double(position - segment.charStart) / Double(length)
        points[position] = ExportFormatting.milliseconds(segment.start + fraction * (segment.end - segment.start))
    }

    var sorted: [Point] { points.map { Point(position: $0.key, milliseconds: $0.value) }.sorted { $0.position < $1.position } }
}

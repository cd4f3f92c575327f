import Foundation
import Testing

@testable import Store

/// The REFI-QDA project keeps the turn structure: speaker and time on each line of the text,
/// codings on the same words, cases pointing at their participants' text, memos where written.
@Suite struct QDPXTurnTests {
    struct Project {
        var xml: String
        var texts: [String: String]
        var ids: QDPXIdentifiers
    }

    /// The project as the server exports it; or with `options` when given.
    static func project(_ study: TwoRecordingStudy, options: QDPXExport.Options? = nil) async throws -> Project {
        let bundle = try await study.bundle()
        let archive = try options.map { try QDPXExport.archive(bundle, options: $0) } ?? ExportFormat.qdpx.render(bundle, options: ExportOptions())
        let entries = try ExportTestSupport.readZip(archive)
        let xml = String(decoding: try #require(entries["project.qde"]), as: UTF8.self)
        let file = study.temporary.folder.appendingPathComponent("project.qde")
        try Data(xml.utf8).write(to: file)
        let lint = try ExportTestSupport.xmllint(file, schema: ExportTestSupport.schema("REFI-Project.xsd"))
        #expect(lint.status == 0, "\(lint.output)")
        var texts: [String: String] = [:]
        for (name, data) in entries where name.hasSuffix(".txt") { texts[name] = String(decoding: data, as: UTF8.self) }
        return Project(xml: xml, texts: texts, ids: QDPXIdentifiers(studyID: study.seeded.study.id!))
    }

    /// Defect: the text had no speaker labels or times.
    @Test func textCarriesSpeakerAndTimeOnEachTurn() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let project = try await Self.project(study)
        let other = try #require(project.texts["sources/\(project.ids.guid("transcript", study.otherTranscript.id!)).txt"])
        #expect(
            other == "[00:00:00] P-015: Mon intérêt vient de ma sœur.\n[00:00:03] P-014: Elle m'a beaucoup aidée.\n[00:00:06] P-015: Oui, c'est vrai.")
        let first = try #require(project.texts["sources/\(project.ids.guid("transcript", study.seeded.transcript.id!)).txt"])
        #expect(first.hasPrefix("[00:00:00] Interviewer: Qu'est-ce qui a suscité votre intérêt pour ce projet ?\n[00:00:02] P-014: Au début,"))
    }

    /// Every coded span of the project is the text coded in the store (offsets recomputed for the
    /// labels), between SyncPoints when the codings are placed in the Transcript.
    @Test func codedSpansPointAtTheSameWords() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let project = try await Self.project(study, options: QDPXExport.Options(codings: .transcript))
        let bundle = try await study.bundle()
        var positions: [String: Int] = [:]
        for match in project.xml.matches(of: /<SyncPoint guid="([^"]+)" timeStamp="\d+" position="(\d+)"\/>/) {
            positions[String(match.1)] = Int(match.2)!
        }
        var checked = 0
        for item in bundle.recordings {
            let transcript = try #require(item.transcript)
            let text = try #require(project.texts["sources/\(project.ids.guid("transcript", transcript.id!)).txt"])
            for coding in item.codings {
                let guid = project.ids.guid("selection", coding.id!)
                let pattern = try Regex("<TranscriptSelection guid=\"\(guid)\" name=\"[^\"]*\" fromSyncPoint=\"([^\"]+)\" toSyncPoint=\"([^\"]+)\"")
                let match = try #require(project.xml.firstMatch(of: pattern))
                let fromGUID = try #require(match.output[1].substring), toGUID = try #require(match.output[2].substring)
                let from = try #require(positions[String(fromGUID)])
                let to = try #require(positions[String(toGUID)])
                let stored = ExportFormatting.substring(transcript.text, coding.charStart..<coding.charEnd)
                #expect(ExportFormatting.substring(text, from..<to) == stored, "coding \(coding.id!)")
                checked += 1
            }
        }
        #expect(checked == 4)
    }

    /// Defect: the cases were empty although a speaker was identified as a participant.
    @Test func casesReferenceTheirParticipantsText() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let project = try await Self.project(study)
        func caseBody(_ participant: Participant) throws -> String {
            let guid = project.ids.guid("participant", participant.id!)
            let start = try #require(project.xml.range(of: "<Case guid=\"\(guid)\""))
            let end = try #require(project.xml[start.upperBound...].range(of: "</Case>"))
            return String(project.xml[start.upperBound..<end.lowerBound])
        }
        let p015 = try caseBody(study.seeded.p015)
        #expect(p015.contains("<SourceRef targetGUID=\"\(project.ids.guid("recording", study.seeded.otherRecording.id!))\"/>"))
        let p014 = try caseBody(study.seeded.p014)
        #expect(p014.contains("<SourceRef targetGUID=\"\(project.ids.guid("recording", study.seeded.recording.id!))\"/>"))
        #expect(!p014.contains("<SourceRef targetGUID=\"\(project.ids.guid("recording", study.seeded.otherRecording.id!))\"/>"))
        // P-014 speaks one turn in P-015's interview: a selection of that turn, referenced by the case.
        let refs = p014.matches(of: /<SelectionRef targetGUID="([^"]+)"\/>/).map { String($0.1) }
        #expect(refs.count == 1)
        let selection = try #require(refs.first)
        #expect(project.xml.contains("<TranscriptSelection guid=\"\(selection)\" name=\"\(ExportFormatting.xml("Elle m'a beaucoup aidée."))\""))
    }

    /// Defect: a memo on one coding was attached to the code as a whole (and to the transcript).
    @Test func memoOnACodingStaysOnThatCoding() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let project = try await Self.project(study)
        let reference = "<NoteRef targetGUID=\"\(project.ids.guid("memo", study.memo.id!))\"/>"
        #expect(project.xml.components(separatedBy: reference).count - 1 == 1, "the memo is referenced once")
        let selection = try #require(project.xml.range(of: "<PlainTextSelection guid=\"\(project.ids.guid("selection", study.memoCoding.id!))\""))
        let end = try #require(project.xml[selection.upperBound...].range(of: "</PlainTextSelection>"))
        #expect(project.xml[selection.upperBound..<end.lowerBound].contains(reference))
    }
}

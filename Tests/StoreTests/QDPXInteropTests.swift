import Foundation
import Testing

@testable import Store

/// What a real QDA tool needs from the `.qdpx` beyond the schema (QualCoder's REFI importer is
/// the reference client: `tools/qualcoder/run` imports these exports and compares): each coder's
/// codings on a coded text, memos as files, media named with their extension; and the study
/// export that harness reads.
@Suite struct QDPXInteropTests {
    struct Export {
        var xml: String
        var entries: [String: Data]
        var ids: QDPXIdentifiers

        func text(_ name: String) -> String? { entries[name].map { String(decoding: $0, as: UTF8.self) } }
    }

    static func export(_ bundle: ExportBundle, studyID: Int64, folder: URL, options: QDPXExport.Options = QDPXExport.Options()) throws
        -> Export
    {
        let entries = try ExportTestSupport.readZip(try QDPXExport.archive(bundle, options: options))
        let qde = try #require(entries["project.qde"])
        let file = folder.appendingPathComponent("project-\(UUID().uuidString).qde")
        try qde.write(to: file)
        let lint = try ExportTestSupport.xmllint(file, schema: ExportTestSupport.schema("REFI-Project.xsd"))
        #expect(lint.status == 0, "\(lint.output)")
        return Export(xml: String(decoding: qde, as: UTF8.self), entries: entries, ids: QDPXIdentifiers(studyID: studyID))
    }

    /// The body of the element that opens with `opening` (up to its closing tag `</name>`).
    static func element(_ xml: String, opening: String, name: String) throws -> String {
        let start = try #require(xml.range(of: opening), "no \(opening)")
        let end = try #require(xml[start.upperBound...].range(of: "</\(name)>"))
        return String(xml[start.lowerBound..<end.upperBound])
    }

    /// Defect: two coders' identical codings (same span, same code) were TranscriptSelections
    /// that QualCoder gives one owner, and its import stopped on `UNIQUE constraint failed`.
    /// Now each coding is a PlainTextSelection of a TextSource carrying its own coder, on the same text.
    @Test func eachCoderKeepsTheirOwnSelectionOnTheCodedText() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        let export = try Self.export(bundle, studyID: study.seeded.study.id!, folder: study.temporary.folder)
        var checked = 0
        for item in bundle.recordings where !item.codings.isEmpty {
            let transcript = try #require(item.transcript)
            let source = try Self.element(
                export.xml, opening: "<TextSource guid=\"\(export.ids.guid("text", transcript.id!))\"", name: "TextSource")
            let path = try #require(source.firstMatch(of: /plainTextPath="internal:\/\/([^"]+)"/)).1
            let text = try #require(export.text("sources/\(path)"))
            for coding in item.codings {
                let selection = try Self.element(
                    source, opening: "<PlainTextSelection guid=\"\(export.ids.guid("selection", coding.id!))\"", name: "PlainTextSelection")
                let match = try #require(selection.firstMatch(of: /startPosition="(\d+)" endPosition="(\d+)" creatingUser="([^"]+)"/))
                #expect(String(match.3) == export.ids.guid("user", coding.coderID))
                #expect(selection.contains("<CodeRef targetGUID=\"\(export.ids.guid("code", coding.codeID))\"/>"))
                let stored = ExportFormatting.substring(transcript.text, coding.charStart..<coding.charEnd)
                #expect(ExportFormatting.substring(text, Int(match.1)!..<Int(match.2)!) == stored, "coding \(coding.id!)")
                checked += 1
            }
        }
        #expect(checked == 4)
        // "la fatigue & le stress": Alice's and Bruno's selections, same span, two owners.
        let fatigue = ExportFormatting.xml("la fatigue & le stress")
        let owners = export.xml.matches(of: /<PlainTextSelection guid="[^"]+" name="([^"]*)" startPosition="\d+" endPosition="\d+" creatingUser="([^"]+)"/)
            .filter { String($0.1) == fatigue }.map { String($0.2) }
        #expect(Set(owners) == [export.ids.guid("user", study.seeded.alice.id!), export.ids.guid("user", study.seeded.bruno.id!)])
        // No Transcript holds a coding any more (only the turn selections of identified speakers).
        let transcriptCodings = export.xml.matches(of: #/<TranscriptSelection [^>]*>\s*(<Description>[^<]*</Description>\s*)?<Coding /#)
        #expect(transcriptCodings.isEmpty)
    }

    /// The transcript placement is still there for readers that take coded transcripts, and valid.
    @Test func transcriptPlacementKeepsCodingsBetweenSyncPoints() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let export = try Self.export(
            try await study.bundle(), studyID: study.seeded.study.id!, folder: study.temporary.folder,
            options: QDPXExport.Options(codings: .transcript))
        #expect(!export.xml.contains("<TextSource "))
        #expect(!export.xml.contains("<PlainTextSelection "))
        let selection = try Self.element(
            export.xml, opening: "<TranscriptSelection guid=\"\(export.ids.guid("selection", study.memoCoding.id!))\"",
            name: "TranscriptSelection")
        #expect(selection.contains("<Description>Aide: Soutien familial.</Description>"))
        #expect(selection.contains("<NoteRef targetGUID=\"\(export.ids.guid("memo", study.memo.id!))\"/>"))
    }

    /// Defect: notes had only `PlainTextContent`, and QualCoder reads a note's text only from
    /// `plainTextPath`: every memo is now also a file of the archive; a coding's memo is its
    /// selection's Description too (QualCoder's coding memo).
    @Test func memosAreFilesOfTheArchiveToo() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        let export = try Self.export(bundle, studyID: study.seeded.study.id!, folder: study.temporary.folder)
        #expect(bundle.memos.count == 4)
        for memo in bundle.memos {
            let guid = export.ids.guid("memo", memo.id!)
            let note = try Self.element(export.xml, opening: "<Note guid=\"\(guid)\"", name: "Note")
            #expect(note.contains("plainTextPath=\"internal://\(guid).txt\""))
            #expect(note.contains("<PlainTextContent>\(ExportFormatting.xml(memo.text))</PlainTextContent>"))
            #expect(export.text("sources/\(guid).txt") == memo.text)
        }
        let selection = try Self.element(
            export.xml, opening: "<PlainTextSelection guid=\"\(export.ids.guid("selection", study.memoCoding.id!))\"",
            name: "PlainTextSelection")
        #expect(selection.contains("<Description>Aide: Soutien familial.</Description>"))
        #expect(selection.contains("<NoteRef targetGUID=\"\(export.ids.guid("memo", study.memo.id!))\"/>"))
    }

    /// Defect: the media source was named after the recording's title alone, and QualCoder
    /// copies the media under the source's name: the file landed without an extension.
    @Test func mediaSourcesAreNamedWithTheirExtension() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let export = try Self.export(try await study.bundle(), studyID: study.seeded.study.id!, folder: study.temporary.folder)
        for recording in [study.seeded.recording, study.seeded.otherRecording] {
            let guid = export.ids.guid("recording", recording.id!)
            let name = ExportFormatting.xml("\(recording.title).wav")
            #expect(export.xml.contains("<AudioSource guid=\"\(guid)\" name=\"\(name)\" path=\"internal://\(guid).wav\""))
            #expect(export.entries["sources/\(guid).wav"] == (try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath))))
        }
        // A title that already ends with the extension is not given it twice.
        var titled = study.seeded.recording
        titled.title = "entretien.WAV"
        #expect(QDPXExport.mediaName(titled, extension: "wav") == "entretien.WAV")
    }

    /// The study `tools/qualcoder/run` imports into QualCoder: real recordings, both placements
    /// (and the transcript one without identical pairs), the ELAN documents, and what was exported
    /// (`expected.json`), written to `VERBATIM_INTEROP_DUMP` when set.
    @Test func interopStudyExportsInBothPlacements() async throws {
        let study = try await InteropStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        let folder = ProcessInfo.processInfo.environment["VERBATIM_INTEROP_DUMP"].map { URL(fileURLWithPath: $0) }
            ?? study.temporary.folder.appendingPathComponent("interop")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, placement) in [("textsource", QDPXExport.CodingPlacement.textSource), ("transcript", .transcript)] {
            let file = folder.appendingPathComponent("study-\(name).qdpx")
            try? FileManager.default.removeItem(at: file)
            try QDPXExport.write(bundle, to: file, options: QDPXExport.Options(codings: placement))
            let export = try Self.export(bundle, studyID: study.study.id!, folder: study.temporary.folder, options: QDPXExport.Options(codings: placement))
            #expect(export.xml.components(separatedBy: "<Coding ").count - 1 == 7, "\(name)")
        }
        // The transcript placement once each identical pair is cut to its first coding: what
        // QualCoder makes of coded transcripts when its import does not stop (owner, positions).
        var distinct = bundle
        for index in distinct.recordings.indices {
            var seen = Set<[Int64]>()
            distinct.recordings[index].codings.removeAll { !seen.insert([$0.codeID, Int64($0.charStart), Int64($0.charEnd)]).inserted }
        }
        #expect(distinct.recordings.map(\.codings.count).reduce(0, +) == 5)
        let distinctFile = folder.appendingPathComponent("study-transcript-distinct.qdpx")
        try? FileManager.default.removeItem(at: distinctFile)
        try QDPXExport.write(distinct, to: distinctFile, options: QDPXExport.Options(codings: .transcript))
        for item in bundle.recordings {
            let eaf = folder.appendingPathComponent("recording-\(item.recording.id!).eaf")
            try Data(ELANExport.document(item, in: bundle).utf8).write(to: eaf)
        }
        let expected = try InteropExpectation(bundle)
        try expected.json.write(to: folder.appendingPathComponent("expected.json"))
        #expect(expected.codings.count == 7)
        #expect(expected.codings.filter { $0["text"] == "originally from Chicago." }.count == 2)
    }
}

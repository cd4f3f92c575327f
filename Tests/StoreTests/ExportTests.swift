import Foundation
import Testing

@testable import Store

@Suite struct ExportTests {
    func seededBundle() async throws -> (TemporaryStore, SeededStudy, ExportBundle) {
        let temporary = try TemporaryStore()
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        // A coding whose text holds a comma, for CSV quoting.
        let text = seeded.transcript.text
        let span = SeededStudy.range(of: "Au début, c'était", in: text)
        _ = try await temporary.store.addCoding(
            transcriptID: seeded.transcript.id!, codeID: seeded.parentCode.id!, coderID: seeded.bruno.id!,
            charStart: span.lowerBound, charEnd: span.upperBound)
        _ = try await temporary.store.addMemo(
            Memo(studyID: seeded.study.id!, authorID: seeded.alice.id, title: "Code", text: "Définition", codeID: seeded.childCode.id))
        let bundle = try await temporary.store.exportBundle(studyID: seeded.study.id!, recordingIDs: nil)
        return (temporary, seeded, bundle)
    }

    @Test func plainText() async throws {
        let (temporary, _, bundle) = try await seededBundle()
        defer { temporary.cleanUp() }
        let txt = TranscriptTextExport.txt(bundle.recordings[0])
        let lines = txt.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "Entretien P-014")
        #expect(lines[1] == "Transcription version 1, fr, brouillon")
        #expect(lines[3] == "[00:00:00.000–00:00:02.500] Interviewer: Qu'est-ce qui a suscité votre intérêt pour ce projet ?")
        #expect(lines[5] == "[00:00:06.400–00:00:09.000] SPEAKER_01: Ensuite l'hôpital m'a proposé l'étude.")
    }

    @Test func subRip() async throws {
        let (temporary, _, bundle) = try await seededBundle()
        defer { temporary.cleanUp() }
        let srt = TranscriptTextExport.srt(bundle.recordings[0])
        #expect(
            srt.hasPrefix(
                "1\n00:00:00,000 --> 00:00:02,500\nInterviewer: Qu'est-ce qui a suscité votre intérêt pour ce projet ?\n\n2\n00:00:02,800 --> 00:00:06,100\n"
            ))
        #expect(srt.components(separatedBy: " --> ").count == 4)
        #expect(srt.hasSuffix("SPEAKER_01: Ensuite l'hôpital m'a proposé l'étude.\n\n"))
        #expect(ExportFormatting.clock(3725.0004, separator: ",") == "01:02:05,000")
        #expect(ExportFormatting.clock(59.9996) == "00:01:00.000")
    }

    @Test func webVTTWithVoiceSpans() async throws {
        let (temporary, _, bundle) = try await seededBundle()
        defer { temporary.cleanUp() }
        let vtt = TranscriptTextExport.vtt(bundle.recordings[0])
        let blocks = vtt.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(blocks.first == "WEBVTT")
        #expect(blocks.count == 4)
        #expect(
            blocks[2] == "2\n00:00:02.800 --> 00:00:06.100\n<v SPEAKER_01>Au début, c'était la fatigue &amp; le stress &lt;au travail&gt;.")
    }

    @Test func jsonDocument() async throws {
        let (temporary, seeded, bundle) = try await seededBundle()
        defer { temporary.cleanUp() }
        let data = try JSONExport.document(bundle, includeSensitive: false)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["format"] as? String == "verbatim.export")
        #expect(root["version"] as? Int == 1)
        let attributes = try #require(root["attributes"] as? [[String: Any]])
        #expect(attributes.contains { $0["name"] as? String == "age band" })
        #expect(!attributes.contains { $0["name"] as? String == "diagnosis" })
        let recordings = try #require(root["recordings"] as? [[String: Any]])
        #expect(recordings.count == 2)
        let segments = try #require(recordings[0]["segments"] as? [[String: Any]])
        #expect(segments.count == 3)
        #expect(segments[1]["charStart"] as? Int == SeededStudy.segments[0].text.unicodeScalars.count + 1)
        #expect((recordings[0]["codings"] as? [Any])?.count == 4)
        let withSensitive = try JSONExport.document(bundle, includeSensitive: true)
        #expect(String(decoding: withSensitive, as: UTF8.self).contains("ME/CFS"))
        // Round trip of the bundle itself.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        struct Partial: Decodable {
            var study: Study
            var recordings: [RecordingBundle]
        }
        let partial = try decoder.decode(Partial.self, from: data)
        #expect(partial.study.name == seeded.study.name)
        #expect(partial.recordings[0].segments == bundle.recordings[0].segments)
    }

    @Test func csvOfCodings() async throws {
        let (temporary, _, bundle) = try await seededBundle()
        defer { temporary.cleanUp() }
        let csv = CSVExport.codings(bundle)
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows[0] == "code,code_path,coder,participant,recording,start,end,text")
        #expect(rows.count == 5)
        #expect(rows.contains("Santé,Motivation > Santé,Alice Martin,P-014,Entretien P-014,3.900,5.244,la fatigue & le stress"))
        #expect(rows.contains("Motivation,Motivation,Bruno Petit,P-014,Entretien P-014,2.800,3.839,\"Au début, c'était\""))
    }

    @Test func elanDocumentValidatesAgainstEAF30() async throws {
        let (temporary, _, bundle) = try await seededBundle()
        defer { temporary.cleanUp() }
        let eaf = ELANExport.document(bundle.recordings[0], in: bundle, date: Date(timeIntervalSince1970: 1_790_000_000))
        let file = temporary.folder.appendingPathComponent("p014.eaf")
        try Data(eaf.utf8).write(to: file)
        let result = try ExportTestSupport.xmllint(file, schema: ExportTestSupport.schema("EAFv3.0.xsd"))
        #expect(result.status == 0, "\(result.output)")
        for tier in ["Interviewer", "SPEAKER_01", "words@Interviewer", "codes@Alice Martin", "codes@Bruno Petit"] {
            #expect(eaf.contains("TIER_ID=\"\(tier)\""), "missing tier \(tier)")
        }
        #expect(eaf.contains("PARTICIPANT=\"P-014\""))
        // The media is linked by its name beside the .eaf, never by the server's folders.
        #expect(eaf.contains("RELATIVE_MEDIA_URL=\"./entretien-p-014.wav\""))
        #expect(!eaf.contains(URL(fileURLWithPath: bundle.recordings[0].recording.mediaPath).deletingLastPathComponent().path))
        #expect(eaf.contains("PARTICIPANT=\"interviewer\""))
        // 3 segments + 2 words + 2 code stretches per coder (Bruno's two codings do not overlap in time).
        #expect(eaf.components(separatedBy: "<ALIGNABLE_ANNOTATION ").count - 1 == 3 + 2 + 2 + 2)
        #expect(eaf.contains("TIME_VALUE=\"3839\""))
        #expect(eaf.contains("TIME_VALUE=\"2800\""))
        // Overlapping codings of one coder are split into stretches listing every active code.
        let stretches = ELANExport.stretches([
            Coding(transcriptID: 1, codeID: 1, coderID: 1, charStart: 0, charEnd: 1, startTime: 0, endTime: 4),
            Coding(transcriptID: 1, codeID: 2, coderID: 1, charStart: 0, charEnd: 1, startTime: 2, endTime: 6),
        ])
        #expect(stretches.map(\.start) == [0, 2, 4])
        #expect(stretches.map(\.end) == [2, 4, 6])
        #expect(stretches.map(\.codes) == [[1], [1, 2], [2]])
        // A broken document is rejected by the same check (the test can fail).
        let broken = temporary.folder.appendingPathComponent("broken.eaf")
        try Data(eaf.replacingOccurrences(of: "LINGUISTIC_TYPE_REF=\"word\"", with: "LINGUISTIC_TYPE_REF=\"nope\"").utf8).write(to: broken)
        #expect(try ExportTestSupport.xmllint(broken, schema: ExportTestSupport.schema("EAFv3.0.xsd")).status != 0)
    }

    @Test func refiProjectValidatesAndResolves() async throws {
        let (temporary, seeded, bundle) = try await seededBundle()
        defer { temporary.cleanUp() }
        let archive = try QDPXExport.archive(bundle, options: QDPXExport.Options(includeSensitive: true))
        let file = temporary.folder.appendingPathComponent("study.qdpx")
        try archive.write(to: file)
        let entries = try ExportTestSupport.readZip(archive)
        let qde = try #require(entries["project.qde"])
        let xml = String(decoding: qde, as: UTF8.self)
        let qdeFile = temporary.folder.appendingPathComponent("project.qde")
        try qde.write(to: qdeFile)
        let result = try ExportTestSupport.xmllint(qdeFile, schema: ExportTestSupport.schema("REFI-Project.xsd"))
        #expect(result.status == 0, "\(result.output)")
        let python = try ExportTestSupport.pythonZipTest(file)
        #expect(python.status == 0, "\(python.output)")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
            #expect(try ExportTestSupport.run("/usr/bin/unzip", ["-tq", file.path]).status == 0)
        }

        // Every GUID reference resolves to a declared GUID.
        let declared = Set(ExportTestSupport.attributeValues(xml, names: ["guid"]))
        let references = ExportTestSupport.attributeValues(
            xml, names: ["targetGUID", "fromSyncPoint", "toSyncPoint", "creatingUser"])
        #expect(!references.isEmpty)
        for reference in references { #expect(declared.contains(reference), "dangling \(reference)") }
        #expect(declared.count == ExportTestSupport.attributeValues(xml, names: ["guid"]).count, "GUIDs are unique")

        // Sources: the transcript text and the small media file are embedded; positions stay in the text.
        let transcriptFiles = entries.keys.filter { $0.hasPrefix("sources/") && $0.hasSuffix(".txt") }
        #expect(transcriptFiles.count == 2 + bundle.memos.count, "two transcripts and a file per memo")
        let texts = transcriptFiles.compactMap { entries[$0] }.map { String(decoding: $0, as: UTF8.self) }
        #expect(texts.contains { $0.hasPrefix("[00:00:00] Interviewer: Qu'est-ce qui a suscité") })
        #expect(entries.keys.contains { $0.hasSuffix(".wav") })
        let longest = texts.map(\.unicodeScalars.count).max() ?? 0
        let positions = ExportTestSupport.attributeValues(xml, names: ["position"]).compactMap(Int.init)
        #expect(!positions.isEmpty)
        #expect(positions.allSatisfy { (0...longest).contains($0) })
        // Codebook hierarchy, cases with variables, codings with coders, memos as notes.
        #expect(xml.contains("name=\"Motivation\" isCodable=\"true\" color=\"#1F77B4\""))
        #expect(xml.components(separatedBy: "<PlainTextSelection ").count - 1 == 4)
        #expect(xml.contains("<TextValue>ME/CFS</TextValue>"))
        #expect(xml.components(separatedBy: "<Note ").count - 1 == 4)
        #expect(xml.contains("<Case "))
        // Without sensitive data, the diagnosis is absent; the export is deterministic.
        let (plain, _) = QDPXExport.project(bundle, options: QDPXExport.Options(), date: Date(timeIntervalSince1970: 0))
        #expect(!plain.contains("ME/CFS"))
        #expect(plain == QDPXExport.project(bundle, options: QDPXExport.Options(), date: Date(timeIntervalSince1970: 0)).xml)
        // Large media are referenced, not embedded.
        let referenced = QDPXExport.project(bundle, options: QDPXExport.Options(embedMediaUpTo: 0))
        #expect(referenced.files.allSatisfy { if case .text = $0.source { true } else { false } })
        #expect(referenced.xml.contains("path=\"file://"))
    }

    @Test func formatsDispatchAndNameTheirRecording() async throws {
        let (temporary, seeded, bundle) = try await seededBundle()
        defer { temporary.cleanUp() }
        do {
            _ = try ExportFormat.srt.render(bundle, recordingID: 999)
            Issue.record("an export rendered a recording the study does not hold")
        } catch let error as StoreError {
            #expect(error.kind == .notFound)
        }
        let srt = try ExportFormat.srt.render(bundle, recordingID: seeded.otherRecording.id)
        #expect(String(decoding: srt, as: UTF8.self).contains("Mon intérêt vient de ma sœur."))
        let dump = ProcessInfo.processInfo.environment["VERBATIM_EXPORT_DUMP"]
        for format in ExportFormat.allCases {
            let data = try format.render(bundle, recordingID: seeded.recording.id)
            #expect(!data.isEmpty, "\(format)")
            // Set VERBATIM_EXPORT_DUMP=/some/folder to look at the exports by eye.
            if let dump { try data.write(to: URL(fileURLWithPath: dump).appendingPathComponent("study.\(format.fileExtension)")) }
        }
    }
}

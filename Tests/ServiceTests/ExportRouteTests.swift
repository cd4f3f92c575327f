import Foundation
import Testing
import ZIPFoundation

@testable import Service
@testable import Store

/// `GET /studies/{id}/export` on a real server: study-wide ZIPs, the language of the words
/// written (`lang`, `Accept-Language`), blinded coders, and typed bilingual errors.
@Suite struct ExportRouteTests {
    /// The fixture's study with a second transcribed recording and a coding by the spare user.
    static func twoRecordings(on server: TestServer) async throws -> (StudyFixture, Int64) {
        let f = try await StudyFixture.make(on: server)
        let media = server.dataDirectory.appendingPathComponent("media/second.wav")
        try FileManager.default.copyItem(at: TestPaths.speech("en_librispeech_1272-128104-0000_picovoice.wav"), to: media)
        let recording = try await server.store.addRecording(
            Recording(
                studyID: f.studyID, title: "Interview P-001 (2)", mediaPath: media.path,
                fileHash: Hashing.sha256Hex(Array(try Data(contentsOf: media))), container: "wav", originalName: "Entretien n°2.wav"))
        try await server.store.linkParticipant(recordingID: recording.id!, participantID: f.participantID, role: .interviewee)
        _ = try await server.store.addTranscript(
            recordingID: recording.id!,
            TranscriptInput(
                engine: "human", model: "", language: "fr",
                segments: [
                    SegmentInput(start: 0, end: 2, speakerLabel: "SPEAKER_00", text: "Deuxième entretien."),
                    SegmentInput(start: 2, end: 4, speakerLabel: "SPEAKER_01", text: "Oui."),
                ]))
        _ = try await server.store.addCoding(
            transcriptID: f.transcriptID, codeID: f.codeID, coderID: f.spareUserID, charStart: 0, charEnd: 7)
        return (f, recording.id!)
    }

    @Test func studyExportsOfPerRecordingFormatsAreZips() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let (f, second) = try await Self.twoRecordings(on: server)
        for format in ["txt", "srt", "vtt", "eaf", "docx"] {
            let reply = try await server.send("GET", "/studies/\(f.studyID)/export?format=\(format)", token: f.tokens["researcher"])
            #expect(reply.status == 200, "\(format): \(reply.text.prefix(300))")
            #expect(reply.headers["content-type"] == "application/zip", "\(format)")
            #expect(reply.headers["content-disposition"] == "attachment; filename=\"study-\(f.studyID)-\(format).zip\"")
            let archive = try Archive(data: reply.body, accessMode: .read)
            let names = Set(archive.map(\.path))
            // The fixture's first recording has no participant linked; the second is P-001's.
            #expect(names == ["interview-p-001.\(format)", "entretien-n-2_P-001.\(format)"], "\(format): \(names)")
        }
        let one = try await server.send(
            "GET", "/studies/\(f.studyID)/export?format=docx&recording=\(second)", token: f.tokens["researcher"])
        #expect(one.status == 200)
        #expect(one.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(one.headers["content-disposition"] == "attachment; filename=\"study-\(f.studyID)-recording-\(second).docx\"")
        let media = try await server.send("GET", "/studies/\(f.studyID)/export?format=eaf-media", token: f.tokens["coder"])
        #expect(media.status == 200 && media.headers["content-type"] == "application/zip")
        let names = Set(try Archive(data: media.body, accessMode: .read).map(\.path))
        #expect(names == ["interview-p-001.eaf", "interview-p-001.wav", "entretien-n-2_P-001.eaf", "Entretien n°2.wav"])
    }

    /// A raw-body upload (as the page sends it) keeps the file's own name from `filename`, which
    /// the study exports name their files after.
    @Test func rawUploadKeepsItsOriginalName() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let bytes = try Data(contentsOf: TestPaths.speech("en_commonvoice_651325.mp3"))
        let reply = try await server.send(
            "POST", "/studies/\(f.studyID)/recordings?title=Second&filename=..%2Fdossier%2F03%20Entretien%20%C3%89lise.mp3",
            token: f.tokens["researcher"], body: bytes)
        #expect(reply.status == 201, "\(reply.text)")
        let recording: Recording = try reply.json()
        #expect(recording.originalName == "03 Entretien Élise.mp3")
        #expect(RecordingIntake.originalName("a/\u{7}b.wav") == "b.wav" && RecordingIntake.originalName(" / ") == nil)
    }

    @Test func wordsFollowTheLanguageAndCodersCanBeBlinded() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let (f, second) = try await Self.twoRecordings(on: server)
        let path = "/studies/\(f.studyID)/export?format=txt&recording=\(second)"
        let french = try await server.send("GET", path, token: f.tokens["researcher"], headers: ["Accept-Language": "fr-FR,fr;q=0.9"])
        #expect(french.text.split(separator: "\n")[1] == "Transcription version 1, fr, brouillon")
        let english = try await server.send("GET", path + "&lang=en", token: f.tokens["researcher"], headers: ["Accept-Language": "fr"])
        #expect(english.text.split(separator: "\n")[1] == "Transcript version 1, fr, draft")
        let named = try await server.send("GET", "/studies/\(f.studyID)/export?format=csv", token: f.tokens["researcher"])
        #expect(named.text.contains(",Spare,"))
        let blind = try await server.send(
            "GET", "/studies/\(f.studyID)/export?format=csv&blindCoders=true&lang=fr", token: f.tokens["researcher"])
        #expect(blind.status == 200)
        // Numbered by user id among the study's people, as the pages number them.
        #expect(blind.text.contains(try Regex(",Codeur [0-9]+,")) && !blind.text.contains("Spare"))
    }

    /// `codings` places a REFI-QDA project's codings: a coded text by default, or the transcript.
    @Test func qdpxCodingsGoWhereAsked() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let (f, _) = try await Self.twoRecordings(on: server)
        for (query, selection) in [("", "<PlainTextSelection "), ("&codings=text", "<PlainTextSelection "), ("&codings=transcript", "<TranscriptSelection ")] {
            let reply = try await server.send("GET", "/studies/\(f.studyID)/export?format=qdpx\(query)", token: f.tokens["researcher"])
            #expect(reply.status == 200, "\(query): \(reply.text.prefix(300))")
            let archive = try Archive(data: reply.body, accessMode: .read)
            let entry = try #require(archive["project.qde"])
            var qde = Data()
            _ = try archive.extract(entry) { qde.append($0) }
            let xml = String(decoding: qde, as: UTF8.self)
            #expect(xml.contains(selection) && xml.contains("<CodeRef "), "\(query)")
            #expect(xml.contains("<TextSource ") == (selection == "<PlainTextSelection "), "\(query)")
        }
    }

    @Test func badExportParametersAreTypedBilingualErrors() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let cases: [(query: String, english: String, french: String)] = [
            ("format=txt&lang=de", "`lang` must be `fr` or `en`", "`lang` doit valoir `fr` ou `en`"),
            ("format=csv&blindCoders=yes", "`blindCoders` must be `true` or `false`", "`blindCoders` doit valoir `true` ou `false`"),
            ("format=doc", "Unknown export format `doc`", "Format d'export inconnu `doc`"),
            ("format=txt&recording=abc", "`recording` must be a recording identifier", "`recording` doit être l'identifiant"),
            ("format=qdpx&codings=margin", "Unknown `codings` `margin`", "`codings` inconnu `margin`"),
        ]
        for item in cases {
            let path = "/studies/\(f.studyID)/export?\(item.query)"
            let english = try await server.send("GET", path, token: f.tokens["researcher"])
            #expect(english.status == 400 && english.text.contains(item.english), "\(item.query): \(english.text)")
            let french = try await server.send("GET", path, token: f.tokens["researcher"], headers: ["Accept-Language": "fr"])
            #expect(french.status == 400 && french.text.contains(item.french), "\(item.query): \(french.text)")
        }
    }
}

import Foundation
import Testing

@testable import Store

/// Study-wide exports of the per-recording formats, the language of their words, and blinded coders.
@Suite struct StudyExportArchiveTests {
    static let perRecording: [ExportFormat] = [.txt, .srt, .vtt, .eaf, .docx]

    /// Defect: a study of two recordings failed for txt, srt, vtt and eaf ("choose one with
    /// --recording"). Now each gives a ZIP with one file per recording, named after the
    /// recording's original file name and its participants.
    @Test(arguments: perRecording)
    func studyOfTwoRecordingsGivesOneFilePerRecording(_ format: ExportFormat) async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        #expect(format.isStudyArchive(bundle, options: ExportOptions()))
        #expect(format.outputExtension(bundle, options: ExportOptions()) == "zip")
        let entries = try ExportTestSupport.readZip(try format.render(bundle))
        let first = "03-entretien-elise_P-014.\(format.fileExtension)", second = "entretien-p-015_P-015.\(format.fileExtension)"
        #expect(Set(entries.keys) == [first, second])
        // Each file is that recording's, the same as its single-recording export.
        for (name, recordingID) in [(first, study.seeded.recording.id!), (second, study.seeded.otherRecording.id!)] {
            let single = try format.render(bundle, options: ExportOptions(recordingID: recordingID, date: Date(timeIntervalSince1970: 0)))
            let inZip = try format.render(bundle, options: ExportOptions(date: Date(timeIntervalSince1970: 0)))
            let entry = try #require(try ExportTestSupport.readZip(inZip)[name])
            if format == .docx {
                #expect(try ExportTestSupport.readZip(entry)["word/document.xml"] == ExportTestSupport.readZip(single)["word/document.xml"])
            } else {
                #expect(entry == single, "\(name)")
            }
        }
        if format == .srt {
            let text = String(decoding: entries[second]!, as: UTF8.self)
            #expect(text.contains("SPEAKER_01: Elle m'a beaucoup aidée."))
            #expect(!text.contains("fatigue"))
        }
    }

    /// A single recording stays a single file, whether chosen or the study's only one.
    @Test func oneRecordingStaysOneFile() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        let options = ExportOptions(recordingID: study.seeded.otherRecording.id)
        #expect(!ExportFormat.srt.isStudyArchive(bundle, options: options))
        let srt = String(decoding: try ExportFormat.srt.render(bundle, options: options), as: UTF8.self)
        #expect(srt.hasPrefix("1\n00:00:00,000 --> 00:00:03,000\nSPEAKER_00: Mon intérêt vient de ma sœur.\n"))
        let only = try await study.temporary.store.exportBundle(studyID: study.seeded.study.id!, recordingIDs: [study.seeded.recording.id!])
        #expect(ExportFormat.txt.outputExtension(only, options: ExportOptions()) == "txt")
        #expect(String(decoding: try ExportFormat.txt.render(only), as: UTF8.self).hasPrefix("Entretien P-014\n"))
    }

    /// File names: ASCII slugs, pseudonyms kept, unique without regard to case.
    @Test func fileNamesAreAsciiAndUnique() {
        #expect(ExportFileNames.slug("03 Entretien Élise (2e visite).MP3", lowercase: true) == "03-entretien-elise-2e-visite-mp3")
        #expect(ExportFileNames.slug("Cœur / ça va ?", lowercase: true) == "coeur-ca-va")
        #expect(ExportFileNames.slug("P-001", lowercase: false) == "P-001")
        var used = Set<String>()
        #expect(ExportFileNames.unique("a", extension: "srt", in: &used) == "a.srt")
        #expect(ExportFileNames.unique("A", extension: "srt", in: &used) == "A-2.srt")
        #expect(ExportFileNames.unique("a", extension: "srt", in: &used) == "a-3.srt")
        var recording = Recording(studyID: 1, title: "Entretien n°3", mediaPath: "/srv/media/ab12.m4a", fileHash: "", container: "mp4")
        #expect(ExportFileNames.originalName(recording) == "entretien-n-3.m4a")
        recording.originalName = "../../etc/Entretien.m4a"
        #expect(ExportFileNames.originalName(recording) == "Entretien.m4a")
    }

    /// Defect: the txt header was English in the French page ("Transcript version 5, fr, draft").
    @Test func plainTextHeaderSpeaksTheChosenLanguage() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        func header(_ language: UserLanguage) throws -> String {
            let options = ExportOptions(recordingID: study.seeded.recording.id, language: language)
            let text = String(decoding: try ExportFormat.txt.render(bundle, options: options), as: UTF8.self)
            return String(text.split(separator: "\n")[1])
        }
        #expect(try header(.fr) == "Transcription version 1, fr, brouillon")
        #expect(try header(.en) == "Transcript version 1, fr, draft")
    }

    /// Coders' names are replaced by "Codeur n"/"Coder n" (by user id) in every format that names them.
    @Test(arguments: [UserLanguage.fr, .en])
    func blindCodersHideNames(_ language: UserLanguage) async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        let word = language == .fr ? "Codeur" : "Coder"
        #expect(study.seeded.alice.id! < study.seeded.bruno.id!)
        let options = ExportOptions(language: language, blindCoders: true)
        let csv = String(decoding: try ExportFormat.csv.render(bundle, options: options), as: UTF8.self)
        #expect(csv.contains("Santé,Motivation > Santé,\(word) 1,P-014,Entretien P-014,"))
        #expect(csv.contains(",\(word) 2,"))
        let eaf = String(decoding: try ExportFormat.eaf.render(bundle, options: ExportOptions(recordingID: study.seeded.recording.id, language: language, blindCoders: true)), as: UTF8.self)
        #expect(eaf.contains("TIER_ID=\"codes@\(word) 1\"") && eaf.contains("TIER_ID=\"codes@\(word) 2\""))
        let json = String(decoding: try ExportFormat.json.render(bundle, options: options), as: UTF8.self)
        let qde = String(decoding: try #require(try ExportTestSupport.readZip(try ExportFormat.qdpx.render(bundle, options: options))["project.qde"]), as: UTF8.self)
        for text in [csv, eaf, json, qde] {
            #expect(!text.contains("Alice Martin") && !text.contains("Bruno Petit") && !text.contains("@example.org"))
        }
        #expect(qde.contains("name=\"\(word) 1\"") && qde.contains("name=\"\(word) 2\""))
        // Without the option the names are there (the check above can fail).
        #expect(String(decoding: try ExportFormat.csv.render(bundle), as: UTF8.self).contains("Bruno Petit"))
    }
}

import Foundation
import Testing

@testable import Store

/// The ELAN document: media linked relatively by its original name, bundled with its media, word
/// tiers inside their utterance tiers, and no annotation of zero length.
@Suite struct ELANTierTests {
    /// One tier of an `.eaf`: its attributes and its annotations in milliseconds.
    struct Tier {
        var id: String
        var parent: String?
        var type: String
        var annotations: [(start: Int, end: Int, value: String)]
    }

    /// The tiers of `eaf`, read with the time slots resolved.
    static func tiers(_ eaf: String) throws -> [Tier] {
        var slots: [String: Int] = [:]
        for match in eaf.matches(of: /TIME_SLOT_ID="(ts\d+)" TIME_VALUE="(\d+)"/) { slots[String(match.1)] = Int(match.2)! }
        var tiers: [Tier] = []
        for block in eaf.components(separatedBy: "<TIER ").dropFirst() {
            let head = String(block.prefix { $0 != ">" })
            let id = try #require(head.firstMatch(of: /TIER_ID="([^"]*)"/)).1
            let type = try #require(head.firstMatch(of: /LINGUISTIC_TYPE_REF="([^"]*)"/)).1
            let parent = head.firstMatch(of: /PARENT_REF="([^"]*)"/).map { String($0.1) }
            var annotations: [(Int, Int, String)] = []
            let body = block.components(separatedBy: "</TIER>")[0]
            for match in body.matches(of: /TIME_SLOT_REF1="(ts\d+)" TIME_SLOT_REF2="(ts\d+)">\s*<ANNOTATION_VALUE>([^<]*)</) {
                let value = String(match.3).replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&amp;", with: "&")
                annotations.append((try #require(slots[String(match.1)]), try #require(slots[String(match.2)]), value))
            }
            tiers.append(Tier(id: String(id), parent: parent, type: String(type), annotations: annotations))
        }
        return tiers
    }

    /// Defects: 9 zero-length word annotations and word tiers independent of the utterance tiers.
    @Test func wordTiersLieInsideTheirUtterancesWithoutZeroLengths() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        let options = ExportOptions(recordingID: study.seeded.otherRecording.id)
        let eaf = String(decoding: try ExportFormat.eaf.render(bundle, options: options), as: UTF8.self)
        let file = study.temporary.folder.appendingPathComponent("other.eaf")
        try Data(eaf.utf8).write(to: file)
        let lint = try ExportTestSupport.xmllint(file, schema: ExportTestSupport.schema("EAFv3.0.xsd"))
        #expect(lint.status == 0, "\(lint.output)")
        let tiers = try Self.tiers(eaf)
        let all = tiers.flatMap(\.annotations)
        #expect(all.count >= 3 + 7 + 1)
        for annotation in all { #expect(annotation.end > annotation.start, "zero-length annotation \(annotation)") }
        #expect(eaf.contains("<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID=\"word\" TIME_ALIGNABLE=\"true\" CONSTRAINTS=\"Included_In\""))
        #expect(eaf.contains("<CONSTRAINT STEREOTYPE=\"Included_In\""))
        for speaker in ["SPEAKER_00", "SPEAKER_01"] {
            let words = try #require(tiers.first { $0.id == "words@\(speaker)" })
            let parent = try #require(tiers.first { $0.id == speaker })
            #expect(words.parent == speaker && words.type == "word")
            #expect(!words.annotations.isEmpty)
            for word in words.annotations {
                #expect(
                    parent.annotations.contains { $0.start <= word.start && word.end <= $0.end },
                    "\(word) lies outside every utterance of \(speaker)")
            }
            for (previous, next) in zip(words.annotations, words.annotations.dropFirst()) {
                #expect(previous.end <= next.start, "words overlap: \(previous) \(next)")
            }
        }
        // "intérêt" (0.3–0.3) gets the minimal duration; "vrai." at its segment's very end is merged into "c'est".
        let words00 = tiers.first { $0.id == "words@SPEAKER_00" }!.annotations
        #expect(words00.contains { $0.value == "intérêt" && $0.start == 300 && $0.end == 300 + ELANExport.minimumDuration })
        #expect(words00.contains { $0.value == "c'est vrai." && $0.end == 8000 })
        #expect(!words00.contains { $0.value == "vrai." })
        #expect(tiers.first { $0.id == "words@SPEAKER_01" }!.annotations.first.map { $0.value == "Elle" && $0.start == 3200 } == true)
    }

    /// Defect: the media link was the server's absolute path with a hashed name. Now the original
    /// file name, relative to the .eaf.
    @Test func mediaIsLinkedByItsOriginalNameBesideTheDocument() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        let eaf = String(
            decoding: try ExportFormat.eaf.render(bundle, options: ExportOptions(recordingID: study.seeded.recording.id)), as: UTF8.self)
        #expect(eaf.contains("MEDIA_URL=\"03%20Entretien%20%C3%89lise.mp3\""))
        #expect(eaf.contains("RELATIVE_MEDIA_URL=\"./03%20Entretien%20%C3%89lise.mp3\""))
        #expect(eaf.contains("MIME_TYPE=\"audio/mpeg\""))
        #expect(!eaf.contains("p014.wav") && !eaf.contains(study.temporary.folder.path) && !eaf.contains("file:"))
    }

    /// `eaf-media`: each .eaf with its media under the name the .eaf links, so unzipping and
    /// opening the .eaf in ELAN finds the media.
    @Test func eafMediaBundlesEachDocumentWithItsMedia() async throws {
        let study = try await TwoRecordingStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        let url = study.temporary.folder.appendingPathComponent("study-eaf-media.zip")
        try ExportFormat.eafMedia.write(bundle, to: url, options: ExportOptions())
        let entries = try ExportTestSupport.readZip(try Data(contentsOf: url))
        #expect(
            Set(entries.keys)
                == ["03-entretien-elise_P-014.eaf", "03 Entretien Élise.mp3", "entretien-p-015_P-015.eaf", "entretien-p-015.wav"])
        #expect(entries["03 Entretien Élise.mp3"] == (try Data(contentsOf: study.seeded.mediaFile)))
        for name in entries.keys where name.hasSuffix(".eaf") {
            let eaf = String(decoding: entries[name]!, as: UTF8.self)
            let link = try #require(eaf.firstMatch(of: /RELATIVE_MEDIA_URL="\.\/([^"]+)"/)).1
            let media = try #require(String(link).removingPercentEncoding)
            #expect(entries[media] != nil, "\(name) links \(media), which is not in the ZIP")
        }
        #expect(try ExportTestSupport.pythonZipTest(url).status == 0)
        // One recording: still a ZIP, with its .eaf and media.
        let one = try ExportTestSupport.readZip(
            try ExportFormat.eafMedia.render(bundle, options: ExportOptions(recordingID: study.seeded.otherRecording.id)))
        #expect(Set(one.keys) == ["entretien-p-015_P-015.eaf", "entretien-p-015.wav"])
    }
}

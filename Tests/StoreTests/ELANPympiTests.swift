import Foundation
import Testing

@testable import Store

/// The ELAN export read back by another reader, pympi-ling (`tools/elan/check`), on a real
/// recording with its reference turns: tiers and their parents, time slots, media link; and
/// validated against ELAN's own schema with xmllint.
@Suite struct ELANPympiTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Document: Decodable {
        struct Tier: Decodable {
            var parent: String?
            var type: String
            var participant: String?
            var annotator: String?
            var annotations: [[Value]]
        }
        /// A JSON array cell: milliseconds or text.
        enum Value: Decodable, Equatable {
            case number(Int)
            case text(String)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Int.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
            }
        }
        var tiers: [String: Tier]
        var timeslots: [String: Int]
        var media: [[String: String]]
    }

    /// `file` as pympi reads it; fails the test (no silent skip) when the venv is missing.
    static func read(_ file: URL) throws -> Document {
        let python = root.appendingPathComponent("tools/elan/.venv/bin/python")
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "pympi-ling is missing: run tools/elan/check once (scripts/test does) to make tools/elan/.venv")
        let result = try ExportTestSupport.run(python.path, [root.appendingPathComponent("tools/elan/read_eaf.py").path, file.path])
        try #require(result.status == 0, "pympi cannot read \(file.lastPathComponent): \(result.output)")
        return try JSONDecoder().decode(Document.self, from: Data(result.output.utf8))
    }

    static func milliseconds(_ seconds: Double) -> Int { Int((seconds * 1000).rounded()) }

    @Test func pympiReadsTheCallWithItsTurnsTiersAndMedia() async throws {
        let study = try await InteropStudy.make()
        defer { study.temporary.cleanUp() }
        let bundle = try await study.bundle()
        let item = try #require(bundle.recordings.first { $0.recording.id == study.call.id })
        let folder = study.temporary.folder
        let mediaName = try #require(ExportFileNames(bundle).mediaNames[study.call.id!])
        try FileManager.default.copyItem(at: InteropStudy.callFile, to: folder.appendingPathComponent(mediaName))
        let file = folder.appendingPathComponent("call.eaf")
        try Data(ELANExport.document(item, in: bundle, mediaName: mediaName).utf8).write(to: file)
        let lint = try ExportTestSupport.xmllint(file, schema: ExportTestSupport.schema("EAFv3.0.xsd"))
        #expect(lint.status == 0, "\(lint.output)")
        let document = try Self.read(file)

        // One utterance tier per speaker holding exactly the reference turns (from the .stm), a
        // words tier under each, a codes tier per coder.
        #expect(Set(document.tiers.keys) == ["Diane", "Sheila", "words@Diane", "words@Sheila", "codes@Alice Martin", "codes@Bruno Petit"])
        let turns = try InteropStudy.callTurns()
        for speaker in ["Diane", "Sheila"] {
            let tier = try #require(document.tiers[speaker])
            #expect(tier.parent == nil)
            #expect(tier.type == "utterance")
            #expect(tier.participant == (speaker == "Diane" ? "P-021" : "P-022"))
            let expected = turns.filter { $0.speakerLabel == speaker }.map {
                [Document.Value.number(Self.milliseconds($0.start)), .number(Self.milliseconds($0.end)), .text($0.text)]
            }
            #expect(tier.annotations == expected, "\(speaker)")
            #expect(document.tiers["words@\(speaker)"]?.parent == speaker)
            #expect(document.tiers["words@\(speaker)"]?.type == "word")
        }
        // Codes: Alice's tier holds her three codings' stretches, named by code, within the call.
        let alice = try #require(document.tiers["codes@Alice Martin"])
        #expect(alice.annotator == "Alice Martin")
        let aliceCodings = item.codings.filter { $0.coderID == study.alice.id }.sorted { $0.startTime < $1.startTime }
        #expect(alice.annotations.count == aliceCodings.count)
        for (annotation, coding) in zip(alice.annotations, aliceCodings) {
            #expect(annotation[0] == .number(Self.milliseconds(coding.startTime)))
            let name = try #require(bundle.codes.first { $0.id == coding.codeID }).name
            #expect(annotation[2] == .text(name))
        }
        // Time slots: every one inside the 30 s recording; media linked beside the document.
        #expect(!document.timeslots.isEmpty)
        #expect(document.timeslots.values.allSatisfy { (0...30_000).contains($0) })
        let media = try #require(document.media.first)
        #expect(media["MEDIA_URL"] == mediaName)
        #expect(media["MIME_TYPE"] == "audio/x-wav")
        let relative = try #require(media["RELATIVE_MEDIA_URL"])
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).standardizedFileURL.path))
    }
}

import Foundation
import Testing
import Transcribe

@Suite("Model summaries read from the checkpoint header")
struct ModelSummaryTests {
    @Test func multilingualBase() throws {
        let directory = WhisperTestFiles.modelDirectory("whisper-base")
        let summary = try ModelSummary(directory: directory)
        #expect(summary.name == "base")
        #expect(summary.isMultilingual)
        #expect(summary.languages.count == 99)
        #expect(summary.languages.first == "en")
        #expect(summary.languages.contains("fr") && summary.languages.contains("su"))
        #expect(summary.melBins == 80)
        #expect(summary.encoderLayers == 6 && summary.decoderLayers == 6)
        #expect(summary.width == 512)
        #expect(summary.quantization == .float16)
        #expect(summary.sizeBytes == (try Self.bytes(in: directory)))
    }

    @Test func englishOnlyTiny() throws {
        let summary = try ModelSummary(directory: WhisperTestFiles.modelDirectory("whisper-tiny.en"))
        #expect(summary.name == "tiny.en")
        #expect(!summary.isMultilingual)
        #expect(summary.languages == ["en"])
        #expect(summary.melBins == 80)
        #expect(summary.encoderLayers == 4 && summary.decoderLayers == 4)
        #expect(summary.width == 384)
        #expect(summary.quantization == .float16)
    }

    /// A folder that has a `model.bin` but no checkpoint in it gives the loader's typed error.
    @Test func damagedCheckpointIsATypedError() throws {
        let installed = try InstalledModelsFolder()
        let directory = installed.url.appendingPathComponent("whisper-broken")
        let error = try #require(throws: ModelError.self) { try ModelSummary(directory: directory) }
        #expect(error.url.lastPathComponent == "model.bin")
        #expect(error.description.contains("Reinstall the model"))
    }

    /// The files' sizes as the file system gives them, links followed.
    static func bytes(in directory: URL) throws -> Int64 {
        let folder = directory.resolvingSymlinksInPath()
        var total: Int64 = 0
        for name in ["model.bin", "config.json", "vocabulary.txt", "tokenizer.json"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            total += try #require(attributes[.size] as? NSNumber).int64Value
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 4, "the model folder holds other files")
        return total
    }
}

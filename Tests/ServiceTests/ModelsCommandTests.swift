import Foundation
import Testing
import Transcribe

/// `verbatim models` and `verbatim transcribe --model` run as the built executable from another
/// folder, the way a user runs them: the models folder from `VERBATIM_MODELS` or beside the checkout.
@Suite("verbatim models and --model from another folder")
struct ModelsCommandTests {
    /// A models folder with the repository's `whisper-base` and `whisper-tiny.en` (links), its
    /// `silero-vad`, and `whisper-broken`, whose `model.bin` is not a checkpoint; and an empty
    /// working directory. Removed on deinit.
    final class Folders {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-cli-models-\(UUID().uuidString)")
        var models: URL { root.appendingPathComponent("site-models") }
        var work: URL { root.appendingPathComponent("work") }

        init() throws {
            let files = FileManager.default
            try files.createDirectory(at: models.appendingPathComponent("whisper-broken"), withIntermediateDirectories: true)
            try files.createDirectory(at: work, withIntermediateDirectories: true)
            for name in ["whisper-base", "whisper-tiny.en", "silero-vad"] {
                try files.createSymbolicLink(
                    at: models.appendingPathComponent(name), withDestinationURL: TestPaths.models.appendingPathComponent(name))
            }
            try Data("not a checkpoint".utf8).write(to: models.appendingPathComponent("whisper-broken/model.bin"))
        }

        deinit { try? FileManager.default.removeItem(at: root) }
    }

    /// Runs `verbatim` in `directory` with `VERBATIM_MODELS` set to `models` (or unset); standard
    /// error goes through a file, so that neither stream can fill a pipe and block the process.
    static func verbatim(_ arguments: [String], in directory: URL, models: URL?) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = TestPaths.verbatimExecutable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["VERBATIM_MODELS"] = models?.path
        process.environment = environment
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-cli-stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw TestFailure("cannot create \(errorFile.path)")
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text, String(decoding: try Data(contentsOf: errorFile), as: UTF8.self))
    }

    @Test func jsonListingFromTheEnvironmentFolder() throws {
        let folders = try Folders()
        let run = try Self.verbatim(["models", "--json"], in: folders.work, models: folders.models)
        #expect(run.status == 0, "\(run.errors)")
        let listing = try JSONDecoder().decode(ModelListing.self, from: Data(run.output.utf8))
        #expect(listing.folder == folders.models.standardizedFileURL.path)
        #expect(listing.whisper.map(\.name) == ["base", "tiny.en"])
        let base = try #require(listing.whisper.first)
        #expect(base.languages.count == 99 && base.isMultilingual)
        #expect([base.melBins, base.encoderLayers, base.decoderLayers, base.width] as [Int] == [80, 6, 6, 512])
        #expect(base.quantization == .float16)
        #expect(base.sizeBytes > 145_217_532, "model.bin alone is 145,217,532 bytes")
        let tiny = try #require(listing.whisper.last)
        #expect(tiny.languages == ["en"] && !tiny.isMultilingual)
        #expect([tiny.melBins, tiny.encoderLayers, tiny.decoderLayers, tiny.width] as [Int] == [80, 4, 4, 384])
        #expect(tiny.quantization == .float16)
        #expect(listing.damaged.map(\.name) == ["broken"])
        #expect(listing.damaged.first?.error.contains("whisper-broken/model.bin") == true)
        #expect(listing.other == ["silero-vad"])
    }

    @Test func tableListing() throws {
        let folders = try Folders()
        let run = try Self.verbatim(["models"], in: folders.work, models: folders.models)
        #expect(run.status == 0, "\(run.errors)")
        let lines = run.output.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(lines.first == "Models in \(folders.models.standardizedFileURL.path)")
        #expect(lines.dropFirst().first == "NAME SIZE LANGUAGES MEL ENC DEC WIDTH WEIGHTS")
        #expect(lines.contains { $0.hasPrefix("base 14") && $0.hasSuffix(" MB 99 80 6 6 512 float16") }, "\(run.output)")
        #expect(lines.contains { $0.hasPrefix("tiny.en ") && $0.hasSuffix(" MB English only 80 4 4 384 float16") }, "\(run.output)")
        #expect(lines.contains { $0.hasPrefix("broken: not usable: The Whisper model file") })
        #expect(lines.last == "Other models: silero-vad")
    }

    /// Without `VERBATIM_MODELS`, from a folder with no `models/`, the checkout's folder is used.
    @Test func checkoutFolderBesideTheExecutable() throws {
        let folders = try Folders()
        let run = try Self.verbatim(["models", "--json"], in: folders.work, models: nil)
        #expect(run.status == 0, "\(run.errors)")
        let listing = try JSONDecoder().decode(ModelListing.self, from: Data(run.output.utf8))
        #expect(listing.folder == TestPaths.models.standardizedFileURL.resolvingSymlinksInPath().path)
        #expect(listing.whisper.map(\.name).contains("base"))
    }

    @Test func unknownModelListsTheInstalledOnes() throws {
        let folders = try Folders()
        let run = try Self.verbatim(
            ["transcribe", "--model", "large-v3", TestPaths.speech("fr_picovoice_cheetah_test_fr_norm.wav").path], in: folders.work,
            models: folders.models)
        #expect(run.status != 0)
        #expect(run.output == "")
        #expect(
            run.errors.contains(
                "No Whisper model \"large-v3\" in \(folders.models.standardizedFileURL.path) (installed: whisper-base, whisper-broken, whisper-tiny.en)"
            ),
            "\(run.errors)")
    }

    /// `cd elsewhere && verbatim transcribe --model tiny.en FILE`: the checkout's models, found beside the executable.
    @Test func transcribesFromAnotherFolderByShortName() throws {
        let folders = try Folders()
        let run = try Self.verbatim(
            [
                "transcribe", "--model", "tiny.en", "--language", "en", "--beam", "1",
                TestPaths.speech("en_librispeech_1272-128104-0000_picovoice.wav").path,
            ],
            in: folders.work, models: nil)
        #expect(run.status == 0, "\(run.errors)")
        let words = Set(run.output.lowercased().split { !$0.isLetter }.map(String.init))
        #expect(words.isSuperset(of: ["apostle", "middle", "classes", "gospel"]), "\(run.output)")
        #expect(run.errors.contains("language en"), "\(run.errors)")
    }
}

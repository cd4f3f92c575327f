import Foundation
import Testing
import Transcribe

@Suite("Models folder: names, paths and where it is found")
struct ModelFolderTests {
    @Test func listsWhisperAndOtherFolders() throws {
        let installed = try InstalledModelsFolder()
        let folder = ModelFolder(url: installed.url)
        #expect(folder.whisperModels == ["whisper-base", "whisper-broken", "whisper-tiny.en"])
        #expect(folder.otherModels == ["notes", "silero-vad"])
    }

    @Test(arguments: [
        ("base", "whisper-base"), ("whisper-base", "whisper-base"), ("tiny.en", "whisper-tiny.en"), ("whisper-tiny.en", "whisper-tiny.en"),
    ])
    func resolvesNames(name: String, folderName: String) throws {
        let installed = try InstalledModelsFolder()
        let folder = ModelFolder(url: installed.url)
        #expect(folder.installedWhisperModel(named: name) == folderName)
        #expect(try folder.whisperModel(name).path == installed.url.appendingPathComponent(folderName).standardizedFileURL.path)
    }

    /// A folder outside the models folder is taken by its path; a name never reaches outside.
    @Test func resolvesCheckpointPaths() throws {
        let installed = try InstalledModelsFolder()
        let folder = ModelFolder(url: installed.url)
        let outside = WhisperTestFiles.modelDirectory("whisper-tiny.en")
        #expect(try folder.whisperModel(outside.path).path == outside.standardizedFileURL.path)
        #expect(folder.installedWhisperModel(named: outside.path) == nil)
        #expect(folder.installedWhisperModel(named: "../models/whisper-base") == nil)
        #expect(folder.installedWhisperModel(named: "silero-vad") == nil)
    }

    @Test func unknownNameListsTheInstalledModels() throws {
        let installed = try InstalledModelsFolder()
        let folder = ModelFolder(url: installed.url)
        let error = try #require(throws: ModelFolderError.self) { try folder.whisperModel("large-v3") }
        #expect(
            error.reason
                == .unknownModel(
                    "large-v3", folder: installed.url.standardizedFileURL.path,
                    installed: ["whisper-base", "whisper-broken", "whisper-tiny.en"]))
        #expect(error.description.contains("No Whisper model \"large-v3\" in \(installed.url.standardizedFileURL.path)"))
        #expect(error.description.contains("installed: whisper-base, whisper-broken, whisper-tiny.en"))
        // A path that does not exist is an unknown model too, not a crash later in the loader.
        let missing = try #require(throws: ModelFolderError.self) { try folder.whisperModel("/nonexistent/whisper-small") }
        #expect(missing.description.contains("No Whisper model \"/nonexistent/whisper-small\""))
    }

    @Test func folderWithoutCheckpointFilesNamesThem() throws {
        let installed = try InstalledModelsFolder()
        let folder = ModelFolder(url: installed.url)
        let notes = installed.url.appendingPathComponent("notes")
        try Data("{}".utf8).write(to: notes.appendingPathComponent("config.json"))
        let error = try #require(throws: ModelFolderError.self) { try folder.whisperModel(notes.path) }
        #expect(error.reason == .notACheckpoint(notes.path, missing: ["model.bin", "vocabulary.json", "tokenizer.json"]))
        #expect(error.description.contains("lacks model.bin, vocabulary.json, tokenizer.json"))
        // An installed name whose folder is incomplete says the same.
        let broken = try #require(throws: ModelFolderError.self) { try folder.whisperModel("broken") }
        #expect(
            broken.reason
                == .notACheckpoint(
                    installed.url.appendingPathComponent("whisper-broken").path,
                    missing: ["config.json", "vocabulary.json", "tokenizer.json"]))
    }

    @Test func shortNames() {
        #expect(ModelFolder.shortName("whisper-large-v3") == "large-v3")
        #expect(ModelFolder.shortName("distil-large-v3") == "distil-large-v3")
    }
}

@Suite("Models folder: where it is found")
struct ModelFolderLocationTests {
    /// A checkout (`models/` beside `.build/release/verbatim`), a working directory with its own
    /// `models/`, one without, and a folder named by `VERBATIM_MODELS`.
    final class Layout {
        let root: URL
        var checkout: URL { root.appendingPathComponent("checkout") }
        var executable: URL { checkout.appendingPathComponent(".build/x86_64-unknown-linux-gnu/release/verbatim") }
        var workWithModels: URL { root.appendingPathComponent("work") }
        var elsewhere: URL { root.appendingPathComponent("elsewhere") }
        var environmentFolder: URL { root.appendingPathComponent("site-models") }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-locate-\(UUID().uuidString)")
            for folder in [
                checkout.appendingPathComponent("models"), executable.deletingLastPathComponent(),
                workWithModels.appendingPathComponent("models"),
                elsewhere, environmentFolder,
            ] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            try Data().write(to: executable)
        }

        deinit { try? FileManager.default.removeItem(at: root) }
    }

    @Test func environmentWinsOverTheWorkingDirectory() throws {
        let layout = try Layout()
        let found = try ModelFolder.locate(
            environment: ["VERBATIM_MODELS": layout.environmentFolder.path], currentDirectory: layout.workWithModels,
            executable: layout.executable)
        #expect(found.url == layout.environmentFolder.standardizedFileURL)
    }

    @Test func workingDirectoryWinsOverTheCheckout() throws {
        let layout = try Layout()
        let found = try ModelFolder.locate(environment: [:], currentDirectory: layout.workWithModels, executable: layout.executable)
        #expect(found.url == layout.workWithModels.appendingPathComponent("models").standardizedFileURL)
    }

    @Test func checkoutOfTheExecutableFromAnotherFolder() throws {
        let layout = try Layout()
        let found = try ModelFolder.locate(
            environment: ["VERBATIM_MODELS": ""], currentDirectory: layout.elsewhere, executable: layout.executable)
        #expect(found.url == layout.checkout.appendingPathComponent("models").standardizedFileURL)
        // Through a symbolic link to the executable (as an installed `verbatim` on the PATH).
        let link = layout.elsewhere.appendingPathComponent("verbatim")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: layout.executable)
        let linked = try ModelFolder.locate(environment: [:], currentDirectory: layout.elsewhere, executable: link)
        #expect(linked.url == found.url)
    }

    @Test func environmentNamingAMissingFolderIsAnError() throws {
        let layout = try Layout()
        let missing = layout.root.appendingPathComponent("absent").path
        let error = try #require(throws: ModelFolderError.self) {
            try ModelFolder.locate(
                environment: ["VERBATIM_MODELS": missing], currentDirectory: layout.workWithModels, executable: layout.executable)
        }
        #expect(error.reason == .environmentFolderMissing(missing))
        #expect(error.description.hasPrefix("VERBATIM_MODELS is set to \(missing), which is not a folder."))
    }

    @Test func noFolderAnywhereNamesWhereItLooked() throws {
        let layout = try Layout()
        let loose = layout.elsewhere.appendingPathComponent("bin/verbatim")
        let error = try #require(throws: ModelFolderError.self) {
            try ModelFolder.locate(environment: [:], currentDirectory: layout.elsewhere, executable: loose)
        }
        #expect(
            error.reason
                == .noFolder(searched: [
                    layout.elsewhere.appendingPathComponent("models").standardizedFileURL.path, "the folders above \(loose.path)",
                ]))
        #expect(error.description.hasPrefix("No models folder found (looked in \(layout.elsewhere.standardizedFileURL.path)/models"))
    }
}

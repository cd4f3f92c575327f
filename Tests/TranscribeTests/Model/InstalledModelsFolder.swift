import Foundation

/// A models folder in a temporary directory, built from the repository's real checkpoints:
/// `whisper-base` and `whisper-tiny.en` (symbolic links), `silero-vad` (a link), a plain
/// `notes` folder, and `whisper-broken`, whose `model.bin` is not a checkpoint. Removed on deinit.
final class InstalledModelsFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-models-\(UUID().uuidString)")
        let files = FileManager.default
        try files.createDirectory(at: url, withIntermediateDirectories: true)
        for name in ["whisper-base", "whisper-tiny.en", "silero-vad"] {
            try files.createSymbolicLink(
                at: url.appendingPathComponent(name), withDestinationURL: WhisperTestFiles.modelDirectory(name))
        }
        try files.createDirectory(at: url.appendingPathComponent("notes"), withIntermediateDirectories: false)
        let broken = url.appendingPathComponent("whisper-broken")
        try files.createDirectory(at: broken, withIntermediateDirectories: false)
        try Data("not a checkpoint".utf8).write(to: broken.appendingPathComponent("model.bin"))
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

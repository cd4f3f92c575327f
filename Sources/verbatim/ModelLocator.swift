import Foundation

/// Finds the installed models: `$VERBATIM_MODELS`, else `./models`, else the `models` folder of
/// the checkout the executable was built in (the nearest folder above the executable that has one).
enum ModelLocator {
    /// The directory of the named model (`base`, `tiny.en`), which `models/fetch` installs as
    /// `whisper-<name>`.
    static func whisper(_ name: String) throws -> URL {
        let root = try modelsRoot()
        let directory = root.appendingPathComponent("whisper-\(name)")
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.bin").path) else {
            throw CommandError("model \"\(name)\" is not installed in \(root.path); run models/fetch")
        }
        return directory
    }

    static func modelsRoot() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["VERBATIM_MODELS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("models")
        if FileManager.default.fileExists(atPath: local.path) { return local }
        // The checkout the executable was built in: the nearest folder above it with models/.
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.pathComponents.count > 1 {
            let candidate = folder.appendingPathComponent("models")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("silero-vad").path) { return candidate }
            folder.deleteLastPathComponent()
        }
        throw CommandError("no models folder found; run models/fetch, or set VERBATIM_MODELS")
    }
}

/// A command-line failure with a message for the user.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import Foundation

/// The folder of installed models (`models/`, as `models/fetch` fills it): where it is, which
/// Whisper checkpoints it holds, and which folder a model name such as `base` stands for.
///
/// A Whisper model is a sub-folder holding a CTranslate2 checkpoint (``checkpointFiles``); it is
/// named by its folder name (`whisper-base`) or that name without `whisper-` (`base`).
public struct ModelFolder: Sendable, Equatable {
    /// The files of a CTranslate2 Whisper checkpoint, as `ct2-transformers-converter --copy_files tokenizer.json` writes them
    /// (the vocabulary is `vocabulary.json` since CTranslate2 4, `vocabulary.txt` before: either will do).
    public static let checkpointFiles = ["model.bin", "config.json", "vocabulary.json", "tokenizer.json"]
    /// The prefix `models/fetch` gives Whisper folders, which a name may leave out.
    public static let whisperPrefix = "whisper-"

    /// The folder itself.
    public var url: URL

    /// A models folder at `url` (not checked).
    public init(url: URL) {
        self.url = url.standardizedFileURL
    }

    /// Finds the models folder: `$VERBATIM_MODELS` if set (and then only it), else `models` in
    /// the current directory, else the `models` folder of the checkout the executable was built
    /// in (the nearest folder above the resolved executable that has one).
    ///
    /// - Throws: ``ModelFolderError`` naming every place searched.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        executable: URL = currentExecutable()
    ) throws(ModelFolderError) -> ModelFolder {
        if let path = environment["VERBATIM_MODELS"], !path.isEmpty {
            let url = URL(fileURLWithPath: path, relativeTo: currentDirectory)
            guard isDirectory(url) else { throw ModelFolderError(.environmentFolderMissing(url.path)) }
            return ModelFolder(url: url)
        }
        var searched: [String] = []
        let local = currentDirectory.appendingPathComponent("models", isDirectory: true)
        if isDirectory(local) { return ModelFolder(url: local) }
        searched.append(local.standardizedFileURL.path)
        var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.pathComponents.count > 1 {
            let candidate = folder.appendingPathComponent("models", isDirectory: true)
            if isDirectory(candidate) { return ModelFolder(url: candidate) }
            folder.deleteLastPathComponent()
        }
        searched.append("the folders above \(executable.path)")
        throw ModelFolderError(.noFolder(searched: searched))
    }

    /// This process's executable, symbolic links resolved (`/proc/self/exe` where there is one).
    public static func currentExecutable() -> URL {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: target)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    }

    /// Folder names of the installed Whisper models (sub-folders with a `model.bin`), sorted.
    public var whisperModels: [String] {
        subfolders.filter {
            FileManager.default.fileExists(atPath: url.appendingPathComponent($0).appendingPathComponent("model.bin").path)
        }
    }

    /// Folder names of the other models (voice activity, speaker encoder...), sorted.
    public var otherModels: [String] {
        let whisper = Set(whisperModels)
        return subfolders.filter { !whisper.contains($0) }
    }

    /// The folder name of the installed Whisper model `name` (`base`, `whisper-base`, `tiny.en`),
    /// or nil if none has that name. Only names of folders listed here match: never a path.
    public func installedWhisperModel(named name: String) -> String? {
        let installed = whisperModels
        if installed.contains(name) { return name }
        let prefixed = Self.whisperPrefix + name
        return installed.contains(prefixed) ? prefixed : nil
    }

    /// The directory of a Whisper model given by name (as ``installedWhisperModel(named:)``) or
    /// by the path of any folder holding a CTranslate2 Whisper checkpoint.
    ///
    /// - Throws: ``ModelFolderError`` listing the installed models if the name is unknown, or
    ///   naming the missing files if the folder is not a checkpoint.
    public func whisperModel(_ nameOrPath: String) throws(ModelFolderError) -> URL {
        if let folder = installedWhisperModel(named: nameOrPath) {
            let directory = url.appendingPathComponent(folder, isDirectory: true)
            try Self.requireCheckpoint(directory)
            return directory
        }
        let path = URL(fileURLWithPath: nameOrPath)
        if nameOrPath.contains("/") || Self.isDirectory(path) {
            guard Self.isDirectory(path) else {
                throw ModelFolderError(.unknownModel(nameOrPath, folder: url.path, installed: whisperModels))
            }
            try Self.requireCheckpoint(path)
            return path.standardizedFileURL
        }
        throw ModelFolderError(.unknownModel(nameOrPath, folder: url.path, installed: whisperModels))
    }

    /// The name a user types for a folder: without `whisper-` (`whisper-base` → `base`).
    public static func shortName(_ folderName: String) -> String {
        folderName.hasPrefix(whisperPrefix) ? String(folderName.dropFirst(whisperPrefix.count)) : folderName
    }

    /// Throws unless `directory` holds every file of ``checkpointFiles``.
    static func requireCheckpoint(_ directory: URL) throws(ModelFolderError) {
        let missing = checkpointFiles.filter {
            !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
                && !($0 == "vocabulary.json"
                    && FileManager.default.fileExists(atPath: directory.appendingPathComponent("vocabulary.txt").path))
        }
        guard missing.isEmpty else { throw ModelFolderError(.notACheckpoint(directory.path, missing: missing)) }
    }

    /// Names of the visible sub-folders (symbolic links to folders included), sorted.
    private var subfolders: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && Self.isDirectory(url.appendingPathComponent($0)) }.sorted()
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

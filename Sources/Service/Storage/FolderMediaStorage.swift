import Foundation
import Store

/// Media in a folder of this machine (the data folder's `media/`), one subfolder per study:
/// `media/study-<id>/<name>`. A reference is the file's absolute path, as recordings have always
/// kept it, so the stores of earlier versions read unchanged.
public struct FolderMediaStorage: MediaStorage {
    /// The media folder.
    public let root: URL

    /// Keeps media under `root`.
    public init(root: URL) {
        self.root = root
    }

    public func store(_ file: URL, studyID: Int64, name: String) throws -> String {
        guard !name.isEmpty, !name.contains("/"), name != "..", name != "." else {
            throw MediaStorageError(
                reference: name, "the media name \"\(name)\" is not a plain file name",
                fr: "le nom de média « \(name) » n’est pas un simple nom de fichier")
        }
        let folder = root.appendingPathComponent("study-\(studyID)", isDirectory: true)
        try PrivateFiles.createFolder(folder)
        let destination = folder.appendingPathComponent(name, isDirectory: false)
        try FileManager.default.moveItem(at: file, to: destination)
        return destination.path
    }

    public func file(for reference: String) throws -> URL {
        let url = URL(fileURLWithPath: reference, isDirectory: false)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MediaStorageError(
                reference: reference, "the media file \(url.lastPathComponent) is missing from the media folder",
                fr: "le fichier média \(url.lastPathComponent) manque dans le dossier des médias")
        }
        return url
    }

    public func remove(_ reference: String) throws {
        guard FileManager.default.fileExists(atPath: reference) else { return }
        try FileManager.default.removeItem(atPath: reference)
    }
}

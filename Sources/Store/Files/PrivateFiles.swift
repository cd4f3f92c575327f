import Foundation

/// Files and folders that hold health data, readable by the service's own user only: folders
/// 0700, files 0600, whatever the process's umask.
public enum PrivateFiles {
    /// Mode of private folders.
    public static let folderMode: Int16 = 0o700
    /// Mode of private files.
    public static let fileMode: Int16 = 0o600

    /// Creates the folder (and missing parents) with mode 0700, or gives an existing one that mode.
    public static func createFolder(_ url: URL) throws {
        let attributes: [FileAttributeKey: Any] = [.posixPermissions: folderMode]
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: attributes)
        try FileManager.default.setAttributes(attributes, ofItemAtPath: url.path)
    }

    /// Creates an empty file with mode 0600, or gives an existing one that mode.
    public static func createFile(_ url: URL) throws {
        let attributes: [FileAttributeKey: Any] = [.posixPermissions: fileMode]
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: attributes) else {
                throw StoreError(.file, "Cannot create \(url.path); check that its folder exists and is writable.", fr: "Impossible de créer \(url.path) ; vérifiez que son dossier existe et qu’il est accessible en écriture.")
            }
        }
        try restrict(url)
    }

    /// Gives an existing file mode 0600.
    public static func restrict(_ url: URL) throws {
        try FileManager.default.setAttributes([.posixPermissions: fileMode], ofItemAtPath: url.path)
    }
}

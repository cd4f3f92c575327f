import Foundation

/// Media files whose rows a deletion removed: a file system cannot join the transaction, so
/// every store removes them after its commit, the same way.
public enum ErasedFiles {
    /// Removes `paths`; returns those removed (or already absent) and those that could not be.
    public static func remove(_ paths: [String]) -> (removed: [String], failed: [String]) {
        var removed: [String] = [], failed: [String] = []
        for path in paths where !path.isEmpty {
            do {
                if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
                removed.append(path)
            } catch {
                failed.append(path)
            }
        }
        return (removed, failed)
    }
}

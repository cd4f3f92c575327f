import Foundation

/// Free space of the file system that holds a folder.
enum DiskSpace {
    /// Bytes available to the service on `folder`'s file system; `nil` if it cannot be read.
    static func freeBytes(at folder: URL) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfFileSystem(forPath: folder.path),
            let free = attributes[.systemFreeSize] as? NSNumber
        else { return nil }
        return free.int64Value
    }
}

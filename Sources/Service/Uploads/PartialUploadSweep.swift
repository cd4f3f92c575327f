import Foundation
import Logging

/// Removes the partial upload files (`upload-*.part`) that a server killed in the middle of an
/// upload leaves in the media folder. Run at server start, when no upload of this server is in
/// progress; one server per data directory, as the embedded store requires.
public enum PartialUploadSweep {
    /// Deletes every partial upload in `mediaDirectory`; returns how many files and bytes went.
    @discardableResult
    public static func run(in mediaDirectory: URL, logger: Logger) -> (files: Int, bytes: Int64) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: mediaDirectory.path)) ?? []
        var files = 0
        var bytes: Int64 = 0
        for name in names where name.hasPrefix("upload-") && name.hasSuffix(".part") {
            let url = mediaDirectory.appendingPathComponent(name)
            let size = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
            do {
                try FileManager.default.removeItem(at: url)
                files += 1
                bytes += size
            } catch {
                logger.warning("cannot remove a partial upload", metadata: ["file": "\(url.path)", "error": "\(error)"])
            }
        }
        if files > 0 { logger.info("removed partial uploads", metadata: ["files": "\(files)", "bytes": "\(bytes)"]) }
        return (files, bytes)
    }
}

import Foundation
import Store

extension Recording {
    /// The recording as the API shows it: the media file's name only, never where the server
    /// keeps it (an absolute path tells an attacker about the host).
    var forResponse: Recording {
        var shown = self
        shown.mediaPath = URL(fileURLWithPath: mediaPath).lastPathComponent
        return shown
    }
}

extension ErasureReport {
    /// The report as the API shows it: file names, not the server's paths.
    var forResponse: ErasureReport {
        var shown = self
        shown.removedFiles = removedFiles.map { URL(fileURLWithPath: $0).lastPathComponent }
        shown.failedFiles = failedFiles.map { URL(fileURLWithPath: $0).lastPathComponent }
        return shown
    }
}

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

    /// The recording without the uploaded file's own name (it may name someone), as a coder of
    /// a study pseudonymised for coders sees it.
    var withoutOriginalName: Recording {
        var shown = self
        shown.originalName = nil
        return shown
    }
}

extension ErasureReport {
    /// The report as the API shows it: file names, not the server's paths.
    var forResponse: ErasureReport {
        var shown = self
        shown.removedFiles = removedFiles.map(fileName)
        shown.failedFiles = failedFiles.map(fileName)
        return shown
    }
}

extension RecordingDeletion {
    /// The report as the API shows it: file names, not the server's paths.
    var forResponse: RecordingDeletion {
        var shown = self
        shown.removedFiles = removedFiles.map(fileName)
        shown.failedFiles = failedFiles.map(fileName)
        return shown
    }
}

/// The last component of a server path: what the API may show of a media file.
private func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

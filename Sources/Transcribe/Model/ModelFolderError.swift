import Foundation

/// A model that cannot be found: no models folder, an unknown name, or a folder that is not a
/// CTranslate2 Whisper checkpoint. The message says where Verbatim looked and what to do.
public struct ModelFolderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// No models folder was found in any of the places searched (in order).
        case noFolder(searched: [String])
        /// `VERBATIM_MODELS` names a path that is not a folder.
        case environmentFolderMissing(String)
        /// No installed model has this name; `installed` lists the Whisper models there are.
        case unknownModel(String, folder: String, installed: [String])
        /// The folder exists but lacks files a CTranslate2 Whisper checkpoint has.
        case notACheckpoint(String, missing: [String])
    }

    /// What went wrong.
    public var reason: Reason

    /// Creates an error.
    public init(_ reason: Reason) {
        self.reason = reason
    }

    /// A sentence for the user, naming what was looked for and the remedy.
    public var description: String {
        switch reason {
        case .noFolder(let searched):
            return "No models folder found (looked in \(searched.joined(separator: ", "))). "
                + "Run models/fetch in the Verbatim checkout, or set VERBATIM_MODELS to the folder holding the models."
        case .environmentFolderMissing(let path):
            return "VERBATIM_MODELS is set to \(path), which is not a folder. "
                + "Set it to the folder holding the models (the one models/fetch fills), or unset it."
        case .unknownModel(let name, let folder, let installed):
            let choices =
                installed.isEmpty
                ? "none is installed there; run models/fetch" : "installed: \(installed.joined(separator: ", "))"
            return "No Whisper model \"\(name)\" in \(folder) (\(choices)). "
                + "Give one of those names, or the path of a folder holding a CTranslate2 Whisper checkpoint."
        case .notACheckpoint(let path, let missing):
            return "The folder \(path) is not a CTranslate2 Whisper checkpoint: it lacks \(missing.joined(separator: ", ")). "
                + "Convert the model with ct2-transformers-converter --copy_files tokenizer.json, or run models/fetch."
        }
    }
}

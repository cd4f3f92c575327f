import Foundation

/// What a models folder holds: a summary of each readable Whisper checkpoint, the Whisper
/// folders that cannot be read (with the reason), and the other models' folders.
public struct ModelListing: Sendable, Equatable, Codable {
    /// A Whisper folder whose checkpoint could not be read.
    public struct Damaged: Sendable, Equatable, Codable {
        /// The name `--model` would take.
        public var name: String
        /// Why it cannot be used, and what to do.
        public var error: String
    }

    /// The models folder.
    public var folder: String
    /// The readable Whisper models, by folder name.
    public var whisper: [ModelSummary]
    /// The Whisper folders that cannot be read.
    public var damaged: [Damaged]
    /// The other folders (`silero-vad`, `speaker-encoder`...).
    public var other: [String]

    /// Reads the summary of every Whisper model in `folder`; a damaged one is listed, not thrown.
    public init(_ folder: ModelFolder) {
        self.folder = folder.url.path
        whisper = []
        damaged = []
        other = folder.otherModels
        for name in folder.whisperModels {
            do {
                whisper.append(try ModelSummary(directory: folder.url.appendingPathComponent(name, isDirectory: true)))
            } catch {
                damaged.append(Damaged(name: ModelFolder.shortName(name), error: "\(error)"))
            }
        }
    }
}

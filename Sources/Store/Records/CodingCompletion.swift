import Foundation

/// A coder's mark that they have finished coding a transcript version ("I have finished coding").
///
/// In a blind study, the mark is what lets the coder see the other coders' codings.
public struct CodingCompletion: Codable, Sendable, Hashable {
    /// The transcript version coded.
    public var transcriptID: Int64
    /// The coder who finished.
    public var coderID: Int64
    /// When they marked it (UTC).
    public var doneAt: Date

    /// Creates a completion mark.
    public init(transcriptID: Int64, coderID: Int64, doneAt: Date = Date()) {
        self.transcriptID = transcriptID
        self.coderID = coderID
        self.doneAt = doneAt
    }
}

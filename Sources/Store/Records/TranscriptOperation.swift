import Foundation

/// One change a person makes to a transcript, as in oTranscribe, noScribe or ELAN: correct a
/// segment's text or speaker, split a segment, merge it with the next, or move the time boundary
/// between two segments.
///
/// Operations of one request apply in order; each `index` counts segments as they are after the
/// operations before it.
public enum TranscriptOperation: Sendable, Hashable {
    /// Replaces segment `index`'s text and/or speaker label (`nil` keeps it).
    case correct(index: Int, text: String?, speakerLabel: String?)
    /// Splits segment `index` before character `at` (Unicode scalars of its text); spaces at the cut are dropped.
    case split(index: Int, at: Int)
    /// Merges segment `index` with the one after it (the first one's speaker stays).
    case merge(index: Int)
    /// Moves the boundary between segment `index` and the next to `time` seconds: the first ends and the second starts there.
    case moveBoundary(index: Int, time: Double)

    /// The segment the operation names.
    public var index: Int {
        switch self {
        case .correct(let index, _, _), .split(let index, _), .merge(let index), .moveBoundary(let index, _): index
        }
    }

    /// A short name for the edit history and the audit log: `correct`, `split`, `merge`, `boundary`.
    public var kind: String {
        switch self {
        case .correct: "correct"
        case .split: "split"
        case .merge: "merge"
        case .moveBoundary: "boundary"
        }
    }
}

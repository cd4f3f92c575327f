import Foundation

/// How the person resolving a disagreement decides one unit (segment) of a transcript version.
///
/// The consensus of the unit becomes: the codings of `keepCoders` on it (clipped to the unit),
/// plus each code of `codeIDs` on the whole unit. "Keep A's" is `keepCoders: [A]`; "both" is
/// `[A, B]`; "neither" is both lists empty; "a chosen code" is `codeIDs: [code]`.
public struct ConsensusDecision: Codable, Sendable, Hashable {
    /// The unit decided: the index of the segment in the transcript version.
    public var unitIndex: Int
    /// Coders whose codings on the unit are kept.
    public var keepCoders: [Int64]
    /// Codes applied to the whole unit in addition.
    public var codeIDs: [Int64]

    /// Creates a decision.
    public init(unitIndex: Int, keepCoders: [Int64] = [], codeIDs: [Int64] = []) {
        self.unitIndex = unitIndex
        self.keepCoders = keepCoders
        self.codeIDs = codeIDs
    }
}

/// The stored record that a unit was decided, by whom and when (its codings are consensus codings).
public struct ConsensusRecord: Codable, Sendable, Hashable {
    /// The transcript version.
    public var transcriptID: Int64
    /// The unit (segment index).
    public var unitIndex: Int
    /// Who decided, if still a user.
    public var decidedBy: Int64?
    /// When (UTC).
    public var decidedAt: Date

    /// Creates a record.
    public init(transcriptID: Int64, unitIndex: Int, decidedBy: Int64?, decidedAt: Date) {
        self.transcriptID = transcriptID
        self.unitIndex = unitIndex
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}

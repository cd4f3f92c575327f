import Foundation

/// What merging one code into another did (``Store/mergeCode(_:into:actorID:)``).
public struct CodeMerge: Sendable, Hashable, Codable {
    /// The code merged away (deleted).
    public var sourceID: Int64
    /// The code that received its codings.
    public var targetID: Int64
    /// Codings moved to the target (its own and its merged sub-codes').
    public var movedCodings: Int
    /// Codings dropped because the same coder had coded the same span with the target already.
    public var collapsedCodings: Int
    /// Sub-codes moved under the target.
    public var movedSubcodes: Int
    /// Sub-codes merged into a same-named sub-code of the target.
    public var mergedSubcodes: Int
    /// The audit event recording the merge.
    public var auditEventID: Int64

    /// Creates a merge summary.
    public init(
        sourceID: Int64, targetID: Int64, movedCodings: Int, collapsedCodings: Int, movedSubcodes: Int, mergedSubcodes: Int,
        auditEventID: Int64
    ) {
        self.sourceID = sourceID
        self.targetID = targetID
        self.movedCodings = movedCodings
        self.collapsedCodings = collapsedCodings
        self.movedSubcodes = movedSubcodes
        self.mergedSubcodes = mergedSubcodes
        self.auditEventID = auditEventID
    }
}

/// What deleting a code takes with it (``Store/codeDeletionPlan(codeID:)``); nothing is changed.
public struct CodeDeletionPlan: Sendable, Hashable, Codable {
    /// The code.
    public var codeID: Int64
    /// Its sub-codes at every depth, deleted with it.
    public var subcodes: Int
    /// Codings of the code and its sub-codes, in every transcript version.
    public var codings: Int
    /// Memos on the code, its sub-codes or their codings.
    public var memos: Int

    /// Creates a deletion plan.
    public init(codeID: Int64, subcodes: Int, codings: Int, memos: Int) {
        self.codeID = codeID
        self.subcodes = subcodes
        self.codings = codings
        self.memos = memos
    }
}

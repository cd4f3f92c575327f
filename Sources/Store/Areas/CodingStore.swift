import Foundation

/// The codebook, codings and memos, with the coding workflow.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol CodingStore: Sendable {
    /// Stores a new code (colour `#RRGGBB`; parent in the same study).
    func addCode(_ code: Code) async throws -> Code
    /// The code with this id, or `nil`.
    func code(id: Int64) async throws -> Code?
    /// A study's codebook, parents before children.
    func codes(studyID: Int64) async throws -> [Code]
    /// Changes a code's name, colour, definition or parent (not its study); the parent may not be a descendant.
    func updateCode(_ code: Code) async throws
    /// Deletes a code with its sub-codes and their codings.
    func deleteCode(id: Int64) async throws
    /// What deleting a code would take with it (sub-codes, codings, memos); nothing is changed.
    func codeDeletionPlan(codeID: Int64) async throws -> CodeDeletionPlan
    /// Merges code `sourceID` into `targetID` in one transaction: codings move (the same coder's
    /// duplicate on the same span collapses into one), sub-codes move under the target (same-named
    /// ones merge), memos follow, the source is deleted; leaves an audit event `code.merge`.
    func mergeCode(_ sourceID: Int64, into targetID: Int64, actorID: Int64?) async throws -> CodeMerge
    /// Adds a codebook tree (for example from ``REFICodebook/parse(_:)``) in one transaction; a code
    /// whose name exists already under the same parent is reused, not duplicated. Returns the study's codes.
    func importCodebook(studyID: Int64, _ entries: [CodebookEntry]) async throws -> [Code]
    /// Applies a code to characters `charStart..<charEnd` of a transcript version; times come from its segments.
    func addCoding(transcriptID: Int64, codeID: Int64, coderID: Int64, charStart: Int, charEnd: Int) async throws
        -> Coding
    /// Removes a coding.
    func deleteCoding(id: Int64) async throws
    /// The codings of a transcript version.
    func codings(transcriptID: Int64) async throws -> [Coding]
    /// The coding with this id, or `nil`.
    func coding(id: Int64) async throws -> Coding?
    /// Sets a study's blind double coding and blind names settings.
    func setStudyBlinding(studyID: Int64, blindCoding: Bool, blindNames: Bool) async throws -> Study
    /// Marks that `coderID` finished coding a transcript version (again: keeps the first time).
    func markCodingDone(transcriptID: Int64, coderID: Int64, at date: Date) async throws -> CodingCompletion
    /// Removes a coder's "done" mark (reopens their coding); `.notFound` when there is none.
    func reopenCoding(transcriptID: Int64, coderID: Int64) async throws
    /// The "done" marks of a transcript version, by coder id.
    func codingCompletions(transcriptID: Int64) async throws -> [CodingCompletion]
    /// Decides one unit of a transcript version's consensus in one transaction: replaces the
    /// unit's consensus codings by those the decision names (stored with `isConsensus`,
    /// `decidedBy`) and records the decision; the coders' own codings are never changed.
    func decideConsensus(transcriptID: Int64, _ decision: ConsensusDecision, deciderID: Int64, at date: Date) async throws
        -> [Coding]
    /// The consensus decisions of a transcript version, by unit.
    func consensusDecisions(transcriptID: Int64) async throws -> [ConsensusRecord]
    /// Stores a memo (its `id` is ignored and assigned); every object it is attached to must belong
    /// to the memo's study, else `.notFound`.
    func addMemo(_ memo: Memo) async throws -> Memo
    /// The memos of a study.
    func memos(studyID: Int64) async throws -> [Memo]
    /// Deletes a memo.
    func deleteMemo(id: Int64) async throws
}

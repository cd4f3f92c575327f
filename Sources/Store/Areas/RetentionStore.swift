import Foundation

/// Retention: each study's rule for deleting original media after validation, and the deletion.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol RetentionStore: Sendable {
    /// The study's rule, or `nil` when its media are kept.
    func retentionRule(studyID: Int64) async throws -> RetentionRule?
    /// Every study's rule, by study.
    func retentionRules() async throws -> [RetentionRule]
    /// Sets the study's rule (`rule.studyID`), replacing any earlier one.
    /// - Throws: `.invalidInput` for days outside 0...``RetentionRule/maximumDays``; `.notFound` for an unknown study.
    func setRetentionRule(_ rule: RetentionRule) async throws -> RetentionRule
    /// Removes the study's rule: its media are kept from now on.
    func removeRetentionRule(studyID: Int64) async throws
    /// Deletes a recording's original media: the recording now names `replacement` (a redacted
    /// copy already stored) or no media, with `mediaRemovedAt` set and the audit event
    /// `recording.media-removed` (no words, no file names), in one transaction; the original
    /// file is removed after the commit unless another recording still uses it.
    /// - Throws: `.conflict` when its original media is already gone; `.notFound` for an unknown recording.
    func removeOriginalMedia(recordingID: Int64, replacement: String?, at date: Date, actorID: Int64?) async throws -> MediaRemoval
}

extension RetentionStore {
    /// Checks a rule before it is stored.
    public static func check(_ rule: RetentionRule) throws {
        guard (0...RetentionRule.maximumDays).contains(rule.days) else {
            throw StoreError(
                .invalidInput, "A retention delay is a number of days from 0 to \(RetentionRule.maximumDays), not \(rule.days).",
                fr: "Un délai de conservation est un nombre de jours de 0 à \(RetentionRule.maximumDays), pas \(rule.days).")
        }
    }

    /// The error for media deleted already.
    public static func mediaAlreadyRemoved(_ recordingID: Int64) -> StoreError {
        StoreError(
            .conflict, "The original media of recording \(recordingID) was deleted already under the study's retention rule.",
            fr: "Le média original de l’enregistrement \(recordingID) a déjà été supprimé selon la règle de conservation de l’étude.")
    }
}

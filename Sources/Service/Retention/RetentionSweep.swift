import Foundation
import Logging
import Media
import Store

/// Applies the studies' retention rules: deletes the original media of every recording past its
/// due date, first storing its redacted copy when the rule keeps one. Run by the server every
/// hour and at start, and by a study admin from the retention page.
///
/// A recording whose redacted copy cannot be made yet (identifying spans wait for a decision)
/// keeps its original and stays listed as waiting: nothing is deleted that the rule asked to keep.
struct RetentionSweep: Sendable {
    let backend: ServiceBackend

    /// What happened to one due recording.
    struct Outcome: Codable, Sendable {
        enum Result: String, Codable, Sendable { case removed, waitingForReview, failed }
        var recordingID: Int64
        var result: Result
        var keptRedactedCopy: Bool
        /// Why it failed or waits (English).
        var message: String?
    }

    /// How often the server sweeps.
    static let interval: Duration = .seconds(3_600)

    /// Sweeps one study, or every study with a rule; `actor` is the admin who asked (none: the server).
    func run(studyID: Int64? = nil, actor: AuthenticatedUser? = nil) async throws -> [Outcome] {
        let rules =
            if let studyID { try await backend.store.retentionRule(studyID: studyID).map { [$0] } ?? [] } else {
                try await backend.store.retentionRules()
            }
        var outcomes: [Outcome] = []
        for rule in rules {
            let schedule = try await RetentionSchedule.make(studyID: rule.studyID, backend: backend, now: backend.configuration.clock.now())
            for entry in schedule.entries where entry.state == .due || entry.state == .waitingForReview {
                let outcome = await remove(entry.recordingID, rule: rule, actor: actor)
                if outcome.result != .removed {
                    backend.logger.warning(
                        "retention: original media kept for now",
                        metadata: ["recording": "\(entry.recordingID)", "reason": "\(outcome.message ?? "")"])
                }
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    /// Deletes one recording's original media, with its redacted copy first if the rule keeps one.
    private func remove(_ recordingID: Int64, rule: RetentionRule, actor: AuthenticatedUser?) async -> Outcome {
        var stored: String?
        do {
            if rule.keepRedactedMedia {
                stored = try await storeRedactedCopy(recordingID, rule: rule)
            }
            let removal = try await backend.store.removeOriginalMedia(
                recordingID: recordingID, replacement: stored, at: backend.configuration.clock.now(), actorID: actor?.userID)
            for file in removal.failedFiles {
                backend.logger.error("retention: remove this media file by hand", metadata: ["recording": "\(recordingID)", "file": "\(file)"])
            }
            return Outcome(recordingID: recordingID, result: .removed, keptRedactedCopy: removal.keptRedactedCopy)
        } catch {
            if let stored { try? backend.media.remove(stored) }
            if let error = error as? APIError, error.code == "pseudonymisation_pending" {
                return Outcome(recordingID: recordingID, result: .waitingForReview, keptRedactedCopy: false, message: error.message)
            }
            return Outcome(recordingID: recordingID, result: .failed, keptRedactedCopy: false, message: "\(error)")
        }
    }

    /// Makes the redacted copy of the recording's current transcript version and stores it as
    /// media of its study; returns its reference.
    private func storeRedactedCopy(_ recordingID: Int64, rule: RetentionRule) async throws -> String {
        guard let recording = try await backend.store.recording(id: recordingID) else { throw StoreError.notFound("recording", recordingID) }
        let bundle = try await backend.store.exportBundle(studyID: recording.studyID, recordingIDs: [recordingID])
        let spans = try await RedactionReview(backend: backend).decidedSpans(
            of: bundle.recordings.compactMap(\.transcript), studyID: recording.studyID, for: nil)
        let fill: AudioRedaction.Fill = rule.fill == .silence ? .silence : .tone
        let copies = try await RedactedExportMedia.build(bundle, spans: spans, fill: fill, backend: backend)
        defer { copies.remove() }
        guard let file = copies.files.first else { throw StoreError(.conflict, "No redacted copy was made.", fr: "Aucune copie expurgée n’a été faite.") }
        let media = backend.media
        let studyID = recording.studyID
        return try await BlockingWork.run { try media.store(file, studyID: studyID, name: "recording-\(recordingID)-redacted-\(UUID().uuidString.prefix(8)).flac") }
    }
}

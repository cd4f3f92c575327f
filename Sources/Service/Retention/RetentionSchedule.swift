import Foundation
import Store

/// Where each recording of a study stands under its retention rule: what will be deleted when,
/// what was, and what waits (`GET /studies/{studyID}/retention`, the study's retention page).
struct RetentionSchedule: Codable, Sendable {
    /// One recording's place in the schedule.
    struct Entry: Codable, Sendable {
        /// Where it stands.
        enum State: String, Codable, Sendable {
            /// Its transcript is not validated: the clock has not started.
            case notValidated
            /// Validated; deleted at `dueAt`.
            case scheduled
            /// Past `dueAt`: the next sweep deletes it.
            case due
            /// Past `dueAt`, but its redacted copy cannot be made until the pseudonymisation review is finished.
            case waitingForReview
            /// The original is gone (`removedAt`).
            case removed
        }

        var recordingID: Int64
        var title: String
        var state: State
        /// When its current transcript version was validated.
        var validatedAt: Date?
        /// When its original media is (or was) due for deletion.
        var dueAt: Date?
        /// When the original was deleted.
        var removedAt: Date?
        /// Whether a redacted copy stays (or stayed) in its place.
        var keepsRedactedCopy: Bool
        /// Identifying spans that still wait for a decision (blocks the redacted copy).
        var pendingDecisions: Int
    }

    var studyID: Int64
    /// The rule; `nil`: media are kept.
    var rule: RetentionRule?
    /// Every recording of the study, the soonest deletion first.
    var entries: [Entry]

    /// The study's schedule at `now`.
    static func make(studyID: Int64, backend: ServiceBackend, now: Date) async throws -> RetentionSchedule {
        let store = backend.store
        let rule = try await store.retentionRule(studyID: studyID)
        var entries: [Entry] = []
        for recording in try await store.recordings(studyID: studyID) {
            guard let id = recording.id else { continue }
            var entry = Entry(
                recordingID: id, title: recording.title, state: .notValidated, validatedAt: nil, dueAt: nil,
                removedAt: recording.mediaRemovedAt, keepsRedactedCopy: recording.mediaIsRedacted, pendingDecisions: 0)
            if let removed = recording.mediaRemovedAt {
                entry.state = .removed
                entry.dueAt = removed
                entries.append(entry)
                continue
            }
            entry.keepsRedactedCopy = rule?.keepRedactedMedia ?? false
            if let transcript = try await store.currentTranscript(recordingID: id), transcript.status == .reviewed {
                entry.validatedAt = try await validationDate(of: transcript, store: store)
                entry.pendingDecisions = try await store.redactions(transcriptID: transcript.id!).filter { $0.state == .proposed }.count
                if let rule, let validated = entry.validatedAt {
                    let due = rule.dueDate(validatedAt: validated)
                    entry.dueAt = due
                    entry.state = due > now ? .scheduled : (rule.keepRedactedMedia && entry.pendingDecisions > 0 ? .waitingForReview : .due)
                }
            }
            entries.append(entry)
        }
        entries.sort { ($0.dueAt ?? .distantFuture, $0.recordingID) < ($1.dueAt ?? .distantFuture, $1.recordingID) }
        return RetentionSchedule(studyID: studyID, rule: rule, entries: entries)
    }

    /// When a validated version was validated: its last change of status to `reviewed`, else
    /// its creation (a version stored validated).
    static func validationDate(of transcript: Transcript, store: any Store) async throws -> Date {
        let edits = try await store.transcriptEdits(transcriptID: transcript.id!)
        return edits.last { $0.kind == "status" && $0.after == TranscriptStatus.reviewed.rawValue }?.createdAt ?? transcript.createdAt
    }
}

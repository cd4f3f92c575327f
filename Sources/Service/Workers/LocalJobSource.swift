import Foundation
import Store
import Transcribe

/// Jobs straight from the store, media straight from the media storage: the source of the
/// worker processes that `verbatim serve` starts on its own machine. It offers every job kind.
public struct LocalJobSource: JobSource {
    /// The store holding the queue.
    public let store: any Store
    /// Where the recordings' media are.
    public let media: any MediaStorage

    /// A source over `store` and `media`.
    public init(store: any Store, media: any MediaStorage) {
        self.store = store
        self.media = media
    }

    public var kinds: [String] {
        [LiveTranscriptionRequest.kind, BiometricImportRequest.kind, TranscriptionRequest.kind, AlignmentRequest.kind]
    }

    public func claim(worker: String, kinds: [String], lease: Double) async throws -> Job? {
        try await store.claimJob(worker: worker, kinds: kinds, lease: lease)
    }

    public func renew(jobID: Int64, worker: String, lease: Double, progress: Double) async throws {
        try await store.renewLease(jobID: jobID, worker: worker, lease: lease, progress: progress)
    }

    public func complete(jobID: Int64, worker: String, result: String) async throws {
        try await store.completeJob(jobID: jobID, worker: worker, result: result)
    }

    public func completeTranscription(
        jobID: Int64, worker: String, recordingID: Int64, transcript: TranscriptInput
    ) async throws -> Int64 {
        let stored = try await store.completeTranscriptionJob(
            jobID: jobID, worker: worker, recordingID: recordingID, transcript: transcript)
        return stored.id!
    }

    public func fail(jobID: Int64, worker: String, error: String, retryable: Bool, policy: RetryPolicy) async throws -> JobState {
        try await store.failJob(jobID: jobID, worker: worker, error: error, retryable: retryable, policy: policy).state
    }

    public func media(recordingID: Int64, jobID: Int64, worker: String) async throws -> JobMedia {
        guard let recording = try await store.recording(id: recordingID) else {
            throw PipelineError(step: "payload", "recording \(recordingID) no longer exists (erased?)", isRetryable: false)
        }
        guard recording.mediaRemovedAt == nil else {
            throw PipelineError(
                step: "media", "recording \(recordingID): its original media was deleted under the study's retention rule", isRetryable: false)
        }
        let storage = self.media
        do {
            return try await BlockingWork.run { try storage.jobMedia(for: recording.mediaPath) }
        } catch let error as MediaStorageError {
            throw PipelineError(step: "media", "recording \(recordingID): \(error.message)", isRetryable: false)
        } catch let error as EncryptionError {
            throw PipelineError(step: "media", "recording \(recordingID): \(error.message)", isRetryable: false)
        }
    }
}

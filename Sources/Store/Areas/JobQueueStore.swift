import Foundation

/// The job queue: claims with leases, renewals, completion, failure with retries.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol JobQueueStore: Sendable {
    /// Queues a job.
    func enqueue(kind: String, payload: String, studyID: Int64?, priority: Int, maxAttempts: Int) async throws -> Job
    /// Atomically claims the next runnable job of one of `kinds` (any kind when empty) for `worker`,
    /// with a lease of `lease` seconds; `nil` when none is runnable.
    func claimJob(worker: String, kinds: [String], lease: Double) async throws -> Job?
    /// Extends the lease and records progress; throws `.leaseLost` if `worker` no longer holds the job.
    func renewLease(jobID: Int64, worker: String, lease: Double, progress: Double) async throws
    /// Marks the job succeeded with its result; throws `.leaseLost` if `worker` no longer holds it.
    func completeJob(jobID: Int64, worker: String, result: String) async throws
    /// Stores a transcription job's transcript and marks the job succeeded (result `{"transcriptID":N}`)
    /// in one transaction; throws `.leaseLost` and stores nothing if `worker` no longer holds the job.
    func completeTranscriptionJob(jobID: Int64, worker: String, recordingID: Int64, transcript: TranscriptInput)
        async throws -> Transcript
    /// Records a failure: re-queued after the policy's backoff if `retryable` and attempts remain, else failed.
    func failJob(jobID: Int64, worker: String, error: String, retryable: Bool, policy: RetryPolicy) async throws -> Job
    /// Cancels a queued or running job (a running worker learns it when it renews).
    func cancelJob(jobID: Int64) async throws
    /// The job with this id, or `nil`.
    func job(id: Int64) async throws -> Job?
    /// Jobs in a state, oldest first.
    func jobs(state: JobState) async throws -> [Job]
    /// Jobs that finished (succeeded, failed or cancelled) at `since` or later, by finishing time,
    /// at most `limit`: what `/metrics` turns into job durations.
    func finishedJobs(since: Date, limit: Int) async throws -> [Job]
    /// Queues a job unless one of the same kind and payload is waiting unclaimed; `nil` when one was.
    func enqueueUnlessWaiting(kind: String, payload: String, studyID: Int64?, priority: Int, maxAttempts: Int) async throws -> Job?
}

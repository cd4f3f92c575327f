import Foundation

/// A job that a write completes in the same transaction: the write happens only while `worker`
/// holds the job's lease, and the job is marked succeeded with `result` as it commits. A worker
/// killed before the commit leaves neither the data nor a finished job; one killed after it
/// leaves both, so a retried job never stores the data twice.
public struct JobCompletion: Sendable, Hashable {
    /// The job.
    public var jobID: Int64
    /// The lease owner.
    public var worker: String
    /// The result stored in the job, usually JSON.
    public var result: String

    /// Describes the completion.
    public init(jobID: Int64, worker: String, result: String) {
        self.jobID = jobID
        self.worker = worker
        self.result = result
    }
}

import Foundation

extension Job {
    /// This job after its worker reported a failure at `date`: re-queued after the policy's backoff
    /// when `retryable` and attempts remain, else failed; the lease is released either way.
    public func failed(_ error: String, retryable: Bool, policy: RetryPolicy, at date: Date) -> Job {
        var job = self
        job.error = error
        job.leaseOwner = nil
        job.leaseExpiresAt = nil
        job.updatedAt = date
        if retryable && attempts < maxAttempts {
            job.state = .queued
            job.runAfter = date.addingTimeInterval(policy.delay(afterAttempt: attempts))
        } else {
            job.state = .failed
        }
        return job
    }
}

import Foundation
import GRDB

extension SQLiteStore {
    /// Queues a job.
    public func enqueue(kind: String, payload: String, studyID: Int64? = nil, priority: Int = 0, maxAttempts: Int = 3)
        async throws -> Job
    {
        try StoreInputChecks.job(kind: kind, maxAttempts: maxAttempts)
        return try await write { db in
            var job = Job(kind: kind, payload: payload, studyID: studyID, priority: priority, maxAttempts: maxAttempts)
            try job.insert(db)
            return job
        }
    }

    /// Atomically claims the next runnable job for `worker` with a lease of `lease` seconds.
    ///
    /// Runnable: queued with `runAfter` passed, or running with an expired lease (its worker died).
    /// A job whose lease expired on its last allowed attempt is marked failed instead. The claim is
    /// one `UPDATE … RETURNING` inside an immediate transaction, so two workers, in any processes,
    /// never get the same job.
    public func claimJob(worker: String, kinds: [String] = [], lease: Double) async throws -> Job? {
        try StoreInputChecks.lease(lease)
        return try await write { db in
            let now = Date()
            try db.execute(
                sql: """
                    UPDATE job SET state = 'failed', leaseOwner = NULL, leaseExpiresAt = NULL, updatedAt = ?,
                        error = 'lease expired on the last allowed attempt (worker died or hung): ' || ifnull(error, '')
                    WHERE state = 'running' AND leaseExpiresAt < ? AND attempts >= maxAttempts
                    """, arguments: [now, now])
            var arguments: StatementArguments = [worker, now.addingTimeInterval(lease), now, now, now, now]
            var kindFilter = ""
            if !kinds.isEmpty {
                kindFilter = "AND kind IN (\(Array(repeating: "?", count: kinds.count).joined(separator: ", ")))"
                arguments += StatementArguments(kinds)
            }
            return try Job.fetchOne(
                db,
                sql: """
                    UPDATE job SET state = 'running', leaseOwner = ?, leaseExpiresAt = ?, attempts = attempts + 1,
                        updatedAt = ?, startedAt = ?
                    WHERE id = (
                        SELECT id FROM job
                        WHERE ((state = 'queued' AND runAfter <= ?) OR (state = 'running' AND leaseExpiresAt < ?))
                        \(kindFilter)
                        ORDER BY priority DESC, id LIMIT 1)
                    RETURNING *
                    """, arguments: arguments)
        }
    }

    /// Extends the lease and records progress; throws `.leaseLost` if `worker` no longer holds the job.
    public func renewLease(jobID: Int64, worker: String, lease: Double, progress: Double) async throws {
        try await write { db in
            let now = Date()
            try db.execute(
                sql: """
                    UPDATE job SET leaseExpiresAt = ?, progress = ?, updatedAt = ?
                    WHERE id = ? AND state = 'running' AND leaseOwner = ?
                    """, arguments: [now.addingTimeInterval(lease), min(1, max(0, progress)), now, jobID, worker])
            if db.changesCount == 0 { throw try Self.leaseError(db, jobID: jobID, worker: worker) }
        }
    }

    /// Marks the job succeeded with its result; throws `.leaseLost` if `worker` no longer holds it.
    public func completeJob(jobID: Int64, worker: String, result: String) async throws {
        try await write { db in try Self.complete(JobCompletion(jobID: jobID, worker: worker, result: result), db) }
    }

    /// Marks the job succeeded inside the caller's transaction; throws `.leaseLost` if the worker no longer holds it.
    static func complete(_ job: JobCompletion, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE job SET state = 'succeeded', result = ?, progress = 1, leaseOwner = NULL, leaseExpiresAt = NULL,
                    updatedAt = ?
                WHERE id = ? AND state = 'running' AND leaseOwner = ?
                """, arguments: [job.result, Date(), job.jobID, job.worker])
        if db.changesCount == 0 { throw try Self.leaseError(db, jobID: job.jobID, worker: job.worker) }
    }

    /// Stores a transcription job's transcript and marks the job succeeded in one transaction.
    ///
    /// A worker whose lease expired (and whose job another worker took) stores nothing, so a
    /// recording never gets two versions from the same job.
    public func completeTranscriptionJob(jobID: Int64, worker: String, recordingID: Int64, transcript: TranscriptInput)
        async throws -> Transcript
    {
        try Self.validate(transcript)
        return try await write { db in
            guard let job = try Job.fetchOne(db, key: jobID), job.state == .running, job.leaseOwner == worker else {
                throw try Self.leaseError(db, jobID: jobID, worker: worker)
            }
            guard try Recording.exists(db, key: recordingID) else { throw StoreError.notFound("recording", recordingID) }
            let stored = try Self.insertVersion(db, recordingID: recordingID, basedOnID: nil, input: transcript)
            try db.execute(
                sql: """
                    UPDATE job SET state = 'succeeded', result = ?, progress = 1, leaseOwner = NULL, leaseExpiresAt = NULL,
                        updatedAt = ?
                    WHERE id = ?
                    """, arguments: ["{\"transcriptID\":\(stored.id!)}", Date(), jobID])
            return stored
        }
    }

    /// Records a failure: re-queued after the policy's backoff if `retryable` and attempts remain, else failed.
    public func failJob(jobID: Int64, worker: String, error: String, retryable: Bool, policy: RetryPolicy = RetryPolicy())
        async throws -> Job
    {
        try await write { db in
            guard let held = try Job.fetchOne(db, key: jobID), held.state == .running, held.leaseOwner == worker else {
                throw try Self.leaseError(db, jobID: jobID, worker: worker)
            }
            let job = held.failed(error, retryable: retryable, policy: policy, at: Date())
            try job.update(db)
            return job
        }
    }

    /// Cancels a queued or running job (a running worker learns it when it renews, completes or fails).
    public func cancelJob(jobID: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE job SET state = 'cancelled', leaseOwner = NULL, leaseExpiresAt = NULL, updatedAt = ?
                    WHERE id = ? AND state IN ('queued', 'running')
                    """, arguments: [Date(), jobID])
            guard db.changesCount == 0 else { return }
            guard let job = try Job.fetchOne(db, key: jobID) else { throw StoreError.notFound("job", jobID) }
            throw StoreInputChecks.notCancellable(job)
        }
    }

    /// The job with this id, or `nil`.
    public func job(id: Int64) async throws -> Job? {
        try await read { db in try Job.fetchOne(db, key: id) }
    }

    /// Jobs in a state, oldest first.
    public func jobs(state: JobState) async throws -> [Job] {
        try await read { db in try Job.filter(Column("state") == state).order(Column("id")).fetchAll(db) }
    }

    /// Jobs that finished at `since` or later, by finishing time, at most `limit`.
    public func finishedJobs(since: Date, limit: Int) async throws -> [Job] {
        try await read { db in
            try Job.filter([JobState.succeeded, .failed, .cancelled].contains(Column("state")) && Column("updatedAt") >= since)
                .order(Column("updatedAt"), Column("id")).limit(max(1, limit)).fetchAll(db)
        }
    }

    static func leaseError(_ db: Database, jobID: Int64, worker: String) throws -> StoreError {
        StoreInputChecks.leaseLost(jobID: jobID, worker: worker, job: try Job.fetchOne(db, key: jobID))
    }
}

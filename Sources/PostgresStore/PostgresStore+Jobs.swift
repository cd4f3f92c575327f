import Foundation
import PostgresNIO
import Store

extension PostgresStore: JobQueueStore {
    /// Queues a job.
    public func enqueue(kind: String, payload: String, studyID: Int64?, priority: Int, maxAttempts: Int) async throws -> Job {
        try StoreInputChecks.job(kind: kind, maxAttempts: maxAttempts)
        let job = Job(kind: kind, payload: payload, studyID: studyID, priority: priority, maxAttempts: maxAttempts)
        return try await withTransaction { connection in try await self.insert(job, connection) }
    }

    /// Queues a job unless one of the same kind and payload is waiting unclaimed; `nil` when one was.
    ///
    /// An advisory lock on the kind and payload makes two simultaneous calls queue one job, as
    /// SQLite's serialized writes do.
    public func enqueueUnlessWaiting(kind: String, payload: String, studyID: Int64?, priority: Int, maxAttempts: Int)
        async throws -> Job?
    {
        try StoreInputChecks.job(kind: kind, maxAttempts: maxAttempts)
        let job = Job(kind: kind, payload: payload, studyID: studyID, priority: priority, maxAttempts: maxAttempts)
        return try await withTransaction { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtext(\(kind)), hashtext(\(payload)))", logger: self.logger)
            let waiting = try await connection.count(
                "SELECT id FROM job WHERE kind = \(kind) AND payload = \(payload) AND state = 'queued' LIMIT 1",
                logger: self.logger)
            guard waiting == 0 else { return nil }
            return try await self.insert(job, connection)
        }
    }

    /// Atomically claims the next runnable job for `worker` with a lease of `lease` seconds.
    ///
    /// Runnable: queued with `runAfter` passed, or running with an expired lease (its worker died).
    /// A job whose lease expired on its last allowed attempt is marked failed instead. The claim
    /// locks its row with `FOR UPDATE SKIP LOCKED`, so concurrent claimers, on any machine, pass
    /// over each other's rows instead of waiting, and never get the same job.
    public func claimJob(worker: String, kinds: [String], lease: Double) async throws -> Job? {
        try StoreInputChecks.lease(lease)
        let now = Date()
        let expires = now.addingTimeInterval(lease)
        return try await withTransaction { connection in
            try await connection.query(
                """
                UPDATE job SET state = 'failed', leaseOwner = NULL, leaseExpiresAt = NULL, updatedAt = \(now),
                    error = 'lease expired on the last allowed attempt (worker died or hung): ' || coalesce(error, '')
                WHERE id IN (
                    SELECT id FROM job WHERE state = 'running' AND leaseExpiresAt < \(now) AND attempts >= maxAttempts
                    FOR UPDATE SKIP LOCKED)
                """, logger: self.logger)
            let runnable: PostgresQuery =
                kinds.isEmpty
                ? """
                SELECT id FROM job
                WHERE (state = 'queued' AND runAfter <= \(now)) OR (state = 'running' AND leaseExpiresAt < \(now))
                ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED
                """
                : """
                SELECT id FROM job
                WHERE ((state = 'queued' AND runAfter <= \(now)) OR (state = 'running' AND leaseExpiresAt < \(now)))
                    AND kind = ANY(\(kinds))
                ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED
                """
            guard let row = try await connection.query(runnable, logger: self.logger).collect().first else { return nil }
            let id = try row.decode(Int64.self)
            return try await connection.fetchOne(
                Job.self,
                """
                UPDATE job SET state = 'running', leaseOwner = \(worker), leaseExpiresAt = \(expires),
                    attempts = attempts + 1, updatedAt = \(now), startedAt = \(now)
                WHERE id = \(id)
                RETURNING \(unescaped: Job.columns)
                """, logger: self.logger)
        }
    }

    /// Extends the lease and records progress; throws `.leaseLost` if `worker` no longer holds the job.
    public func renewLease(jobID: Int64, worker: String, lease: Double, progress: Double) async throws {
        let now = Date()
        try await withTransaction { connection in
            let renewed = try await connection.count(
                """
                UPDATE job SET leaseExpiresAt = \(now.addingTimeInterval(lease)), progress = \(min(1, max(0, progress))),
                    updatedAt = \(now)
                WHERE id = \(jobID) AND state = 'running' AND leaseOwner = \(worker)
                RETURNING id
                """, logger: self.logger)
            if renewed == 0 { throw try await self.leaseError(jobID: jobID, worker: worker, connection) }
        }
    }

    /// Marks the job succeeded with its result; throws `.leaseLost` if `worker` no longer holds it.
    public func completeJob(jobID: Int64, worker: String, result: String) async throws {
        try await withTransaction { connection in
            try await self.complete(JobCompletion(jobID: jobID, worker: worker, result: result), connection)
        }
    }

    /// Marks a job succeeded in the caller's transaction, only while `completion`'s worker holds it
    /// (`.leaseLost` otherwise, and the caller's writes roll back with it).
    func complete(_ completion: JobCompletion, _ connection: PostgresConnection) async throws {
        let completed = try await connection.count(
            """
            UPDATE job SET state = 'succeeded', result = \(completion.result), progress = 1, leaseOwner = NULL,
                leaseExpiresAt = NULL, updatedAt = \(Date())
            WHERE id = \(completion.jobID) AND state = 'running' AND leaseOwner = \(completion.worker)
            RETURNING id
            """, logger: logger)
        if completed == 0 { throw try await leaseError(jobID: completion.jobID, worker: completion.worker, connection) }
    }

    /// Stores a transcription job's transcript and marks the job succeeded in one transaction; a
    /// worker whose lease was lost stores nothing.
    public func completeTranscriptionJob(jobID: Int64, worker: String, recordingID: Int64, transcript: TranscriptInput)
        async throws -> Transcript
    {
        try StoreInputChecks.transcript(transcript)
        return try await withTransaction { connection in
            guard let job = try await self.lockedJob(jobID, connection), job.state == .running, job.leaseOwner == worker else {
                throw try await self.leaseError(jobID: jobID, worker: worker, connection)
            }
            let stored = try await self.insertVersion(
                recordingID: recordingID, basedOnID: nil, input: transcript, connection)
            try await connection.query(
                """
                UPDATE job SET state = 'succeeded', result = \("{\"transcriptID\":\(stored.id!)}"), progress = 1,
                    leaseOwner = NULL, leaseExpiresAt = NULL, updatedAt = \(Date())
                WHERE id = \(jobID)
                """, logger: self.logger)
            return stored
        }
    }

    /// Records a failure: re-queued after the policy's backoff if `retryable` and attempts remain, else failed.
    public func failJob(jobID: Int64, worker: String, error: String, retryable: Bool, policy: RetryPolicy) async throws -> Job {
        try await withTransaction { connection in
            guard let held = try await self.lockedJob(jobID, connection), held.state == .running, held.leaseOwner == worker
            else {
                throw try await self.leaseError(jobID: jobID, worker: worker, connection)
            }
            let job = held.failed(error, retryable: retryable, policy: policy, at: Date())
            return try await connection.fetchOne(
                Job.self,
                """
                UPDATE job SET state = \(job.state.rawValue), error = \(job.error), leaseOwner = NULL, leaseExpiresAt = NULL,
                    runAfter = \(job.runAfter), updatedAt = \(job.updatedAt)
                WHERE id = \(jobID)
                RETURNING \(unescaped: Job.columns)
                """, logger: self.logger)!
        }
    }

    /// Cancels a queued or running job (a running worker learns it when it renews, completes or fails).
    public func cancelJob(jobID: Int64) async throws {
        try await withTransaction { connection in
            let cancelled = try await connection.count(
                """
                UPDATE job SET state = 'cancelled', leaseOwner = NULL, leaseExpiresAt = NULL, updatedAt = \(Date())
                WHERE id = \(jobID) AND state IN ('queued', 'running')
                RETURNING id
                """, logger: self.logger)
            guard cancelled == 0 else { return }
            guard let job = try await self.lockedJob(jobID, connection) else { throw StoreError.notFound("job", jobID) }
            throw StoreInputChecks.notCancellable(job)
        }
    }

    /// The job with this id, or `nil`.
    public func job(id: Int64) async throws -> Job? {
        try await withConnection { connection in
            try await connection.fetchOne(Job.self, "SELECT \(unescaped: Job.columns) FROM job WHERE id = \(id)", logger: self.logger)
        }
    }

    /// Jobs in a state, oldest first.
    public func jobs(state: JobState) async throws -> [Job] {
        try await withConnection { connection in
            try await connection.fetchAll(
                Job.self, "SELECT \(unescaped: Job.columns) FROM job WHERE state = \(state.rawValue) ORDER BY id",
                logger: self.logger)
        }
    }

    /// Jobs that finished at `since` or later, by finishing time, at most `limit`.
    public func finishedJobs(since: Date, limit: Int) async throws -> [Job] {
        try await withConnection { connection in
            try await connection.fetchAll(
                Job.self,
                """
                SELECT \(unescaped: Job.columns) FROM job
                WHERE state IN ('succeeded', 'failed', 'cancelled') AND updatedAt >= \(since)
                ORDER BY updatedAt, id LIMIT \(max(1, limit))
                """, logger: self.logger)
        }
    }

    /// Inserts `job` in the caller's transaction and returns it with its id.
    func insert(_ job: Job, _ connection: PostgresConnection) async throws -> Job {
        try await connection.fetchOne(
            Job.self,
            """
            INSERT INTO job (kind, payload, studyID, state, priority, attempts, maxAttempts, runAfter, progress,
                createdAt, updatedAt)
            VALUES (\(job.kind), \(job.payload), \(job.studyID), \(job.state.rawValue), \(job.priority), \(job.attempts),
                \(job.maxAttempts), \(job.runAfter), \(job.progress), \(job.createdAt), \(job.updatedAt))
            RETURNING \(unescaped: Job.columns)
            """, logger: logger)!
    }

    /// The job, its row locked until the transaction ends, or `nil`.
    private func lockedJob(_ jobID: Int64, _ connection: PostgresConnection) async throws -> Job? {
        try await connection.fetchOne(
            Job.self, "SELECT \(unescaped: Job.columns) FROM job WHERE id = \(jobID) FOR UPDATE", logger: logger)
    }

    /// Why `worker` may no longer act on the job, read in the caller's transaction.
    private func leaseError(jobID: Int64, worker: String, _ connection: PostgresConnection) async throws -> StoreError {
        let job = try await connection.fetchOne(
            Job.self, "SELECT \(unescaped: Job.columns) FROM job WHERE id = \(jobID)", logger: logger)
        return StoreInputChecks.leaseLost(jobID: jobID, worker: worker, job: job)
    }
}

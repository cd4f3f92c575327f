import Foundation
import Testing

@testable import Store

@Suite struct JobQueueTests {
    @Test func claimCompleteInPriorityOrder() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let low = try await store.enqueue(kind: "transcribe", payload: "{\"recording\":1}", studyID: nil, priority: 0, maxAttempts: 3)
        let high = try await store.enqueue(kind: "transcribe", payload: "{\"recording\":2}", studyID: nil, priority: 5, maxAttempts: 3)
        _ = try await store.enqueue(kind: "import", payload: "{}", studyID: nil, priority: 9, maxAttempts: 3)
        let first = try #require(try await store.claimJob(worker: "w1", kinds: ["transcribe"], lease: 60))
        #expect(first.id == high.id)
        #expect(first.state == .running)
        #expect(first.attempts == 1)
        #expect(first.leaseOwner == "w1")
        let second = try #require(try await store.claimJob(worker: "w2", kinds: ["transcribe"], lease: 60))
        #expect(second.id == low.id)
        #expect(try await store.claimJob(worker: "w3", kinds: ["transcribe"], lease: 60) == nil)
        try await store.renewLease(jobID: first.id!, worker: "w1", lease: 60, progress: 0.5)
        #expect(try await store.job(id: first.id!)?.progress == 0.5)
        // Only the lease holder may finish the job.
        await #expect(throws: StoreError.self) { try await store.completeJob(jobID: first.id!, worker: "w2", result: "") }
        try await store.completeJob(jobID: first.id!, worker: "w1", result: "{\"segments\":12}")
        let done = try #require(try await store.job(id: first.id!))
        #expect(done.state == .succeeded)
        #expect(done.result == "{\"segments\":12}")
        #expect(done.progress == 1)
        #expect(done.leaseOwner == nil)
        await #expect(throws: StoreError.self) { try await store.completeJob(jobID: first.id!, worker: "w1", result: "") }
    }

    @Test func aLiveLeaseKeepsOthersOut() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        _ = try await store.enqueue(kind: "k", payload: "", studyID: nil, priority: 0, maxAttempts: 2)
        // A lease of ten minutes: no scheduling delay on a loaded machine can let it lapse here.
        _ = try #require(try await store.claimJob(worker: "w1", kinds: [], lease: 600))
        #expect(try await store.claimJob(worker: "w2", kinds: [], lease: 60) == nil)
    }

    @Test func expiredLeaseIsReclaimedAndTheOldWorkerLosesIt() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let job = try await store.enqueue(kind: "k", payload: "", studyID: nil, priority: 0, maxAttempts: 2)
        // Short leases; the test sleeps until each has passed, so only the order of events matters.
        let claimed = try #require(try await store.claimJob(worker: "dead", kinds: [], lease: 0.5))
        try await Self.sleep(until: try #require(claimed.leaseExpiresAt))
        let reclaimed = try #require(try await store.claimJob(worker: "w2", kinds: [], lease: 0.5))
        #expect(reclaimed.id == job.id)
        #expect(reclaimed.attempts == 2)
        do {
            try await store.renewLease(jobID: job.id!, worker: "dead", lease: 60, progress: 0.1)
            Issue.record("the old worker renewed a lease it lost")
        } catch let error as StoreError {
            #expect(error.kind == .leaseLost)
        }
        // The second lease expires on the last allowed attempt: the job fails instead of running a third time.
        try await Self.sleep(until: try #require(reclaimed.leaseExpiresAt))
        #expect(try await store.claimJob(worker: "w3", kinds: [], lease: 60) == nil)
        let failed = try #require(try await store.job(id: job.id!))
        #expect(failed.state == .failed)
        #expect(failed.error?.contains("lease expired") == true)
    }

    /// Sleeps until `date` has passed by 100 ms.
    static func sleep(until date: Date) async throws {
        let seconds = date.timeIntervalSinceNow + 0.1
        if seconds > 0 { try await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
    }

    @Test func retryPolicyDoublesUpToItsCap() {
        let policy = RetryPolicy(baseDelay: 1.5, maxDelay: 10)
        #expect(policy.delay(afterAttempt: 1) == 1.5)
        #expect(policy.delay(afterAttempt: 3) == 6)
        #expect(policy.delay(afterAttempt: 4) == 10)
        #expect(RetryPolicy(baseDelay: 5, maxDelay: 600).delay(afterAttempt: 20) == 600)
    }

    @Test func aJobBackingOffCannotBeClaimed() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let job = try await store.enqueue(kind: "k", payload: "", studyID: nil, priority: 0, maxAttempts: 2)
        _ = try #require(try await store.claimJob(worker: "w", kinds: [], lease: 60))
        // A ten-minute backoff: no scheduling delay on a loaded machine can let it pass here.
        let policy = RetryPolicy(baseDelay: 600, maxDelay: 600)
        let requeued = try await store.failJob(jobID: job.id!, worker: "w", error: "decoder crashed", retryable: true, policy: policy)
        #expect(requeued.state == .queued)
        #expect(requeued.error == "decoder crashed")
        #expect(abs(requeued.runAfter.timeIntervalSince(requeued.updatedAt) - 600) < 0.002)
        #expect(try await store.claimJob(worker: "w", kinds: [], lease: 60) == nil)
    }

    @Test func retryAfterBackoffThenFinalFailure() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let policy = RetryPolicy(baseDelay: 0.5, maxDelay: 10)
        let job = try await store.enqueue(kind: "k", payload: "", studyID: nil, priority: 0, maxAttempts: 2)
        _ = try #require(try await store.claimJob(worker: "w", kinds: [], lease: 60))
        let requeued = try await store.failJob(jobID: job.id!, worker: "w", error: "decoder crashed", retryable: true, policy: policy)
        #expect(requeued.state == .queued)
        try await Self.sleep(until: requeued.runAfter)
        let again = try #require(try await store.claimJob(worker: "w", kinds: [], lease: 60))
        #expect(again.attempts == 2)
        let final = try await store.failJob(jobID: job.id!, worker: "w", error: "still crashing", retryable: true, policy: policy)
        #expect(final.state == .failed)
        #expect(try await store.jobs(state: .failed).map(\.id) == [job.id])
    }

    @Test func nonRetryableFailureAndCancel() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let bad = try await store.enqueue(kind: "k", payload: "", studyID: nil, priority: 0, maxAttempts: 5)
        _ = try await store.claimJob(worker: "w", kinds: [], lease: 60)
        #expect(
            try await store.failJob(jobID: bad.id!, worker: "w", error: "unsupported codec", retryable: false, policy: RetryPolicy()).state
                == .failed)
        let queued = try await store.enqueue(kind: "k", payload: "", studyID: nil, priority: 0, maxAttempts: 5)
        try await store.cancelJob(jobID: queued.id!)
        #expect(try await store.claimJob(worker: "w", kinds: [], lease: 60) == nil)
        let running = try await store.enqueue(kind: "k", payload: "", studyID: nil, priority: 0, maxAttempts: 5)
        _ = try #require(try await store.claimJob(worker: "w", kinds: [], lease: 60))
        try await store.cancelJob(jobID: running.id!)
        do {
            try await store.renewLease(jobID: running.id!, worker: "w", lease: 60, progress: 0.3)
            Issue.record("renewing a cancelled job succeeded")
        } catch let error as StoreError {
            #expect(error.kind == .leaseLost)
            #expect(error.message.contains("cancelled"))
        }
        do {
            try await store.cancelJob(jobID: bad.id!)
            Issue.record("cancelling a failed job succeeded")
        } catch let error as StoreError {
            #expect(error.kind == .conflict)
        }
    }

    @Test func concurrentClaimsInOneProcessNeverShareAJob() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        for index in 0..<40 { _ = try await store.enqueue(kind: "k", payload: "\(index)", studyID: nil, priority: 0, maxAttempts: 1) }
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var mine: [Int64] = []
                    while let job = try await store.claimJob(worker: "w\(worker)", kinds: [], lease: 60) {
                        mine.append(job.id!)
                        try await store.completeJob(jobID: job.id!, worker: "w\(worker)", result: "")
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 40)
        #expect(Set(claimed).count == 40)
    }

    @Test func transcriptAndCompletionCommitTogether() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let study = try await store.createStudy(name: "S", details: "")
        let recording = try await store.addRecording(
            Recording(studyID: study.id!, title: "R", mediaPath: "/nonexistent.wav", fileHash: "00", container: "wav"))
        let input = TranscriptInput(
            engine: "whisper", model: "whisper-base", language: "fr", segments: [SegmentInput(start: 0, end: 1, text: "Bonjour.")])
        let job = try await store.enqueue(kind: "transcribe", payload: "{}", studyID: study.id, priority: 0, maxAttempts: 3)
        _ = try #require(try await store.claimJob(worker: "slow", kinds: [], lease: 0.3))
        try await Task.sleep(for: .milliseconds(500))
        _ = try #require(try await store.claimJob(worker: "fast", kinds: [], lease: 60))
        // The worker whose lease lapsed cannot store its transcript.
        do {
            _ = try await store.completeTranscriptionJob(jobID: job.id!, worker: "slow", recordingID: recording.id!, transcript: input)
            Issue.record("a worker without the lease stored a transcript")
        } catch let error as StoreError {
            #expect(error.kind == .leaseLost)
        }
        #expect(try await store.transcripts(recordingID: recording.id!).isEmpty)
        let stored = try await store.completeTranscriptionJob(jobID: job.id!, worker: "fast", recordingID: recording.id!, transcript: input)
        #expect(stored.version == 1)
        let done = try #require(try await store.job(id: job.id!))
        #expect(done.state == .succeeded)
        #expect(done.result == "{\"transcriptID\":\(stored.id!)}")
    }
}

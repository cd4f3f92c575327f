import Foundation
import Store
import Testing

@testable import PostgresStore

/// The job queue on both backends: claims in priority order, leases that expire and are taken
/// again, `.leaseLost` for a worker that no longer holds its job, retries, cancellation, and
/// concurrent claimers that never share a job.
@Suite("Store contract: job queue")
struct JobQueueContractTests {
    static func transcript(_ text: String) -> TranscriptInput {
        TranscriptInput(
            engine: "whisper", model: "base", language: "fr", status: .draft,
            segments: [
                SegmentInput(
                    start: 0, end: 1.5, speakerLabel: "SPEAKER_00", text: text, confidence: 0.9,
                    words: [WordInput(start: 0, end: 1.5, text: text, probability: 0.9)])
            ])
    }

    /// Waits until `date` has passed (leases are timed with the wall clock, as in production).
    static func wait(until date: Date) async throws {
        let left = date.timeIntervalSinceNow
        if left > 0 { try await Task.sleep(for: .milliseconds(Int(left * 1000) + 20)) }
    }

    @Test(arguments: StoreBackend.allCases)
    func claimsFollowPriorityThenAgeAndKinds(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let noKind = await #expect(throws: StoreError.self) {
            try await store.enqueue(kind: "", payload: "{}", studyID: nil, priority: 0, maxAttempts: 3)
        }
        #expect(noKind?.kind == .invalidInput && noKind?.french != nil)
        let noAttempt = await #expect(throws: StoreError.self) {
            try await store.enqueue(kind: "transcribe", payload: "{}", studyID: nil, priority: 0, maxAttempts: 0)
        }
        #expect(noAttempt?.kind == .invalidInput)
        let noLease = await #expect(throws: StoreError.self) { try await store.claimJob(worker: "w", kinds: [], lease: 0) }
        #expect(noLease?.kind == .invalidInput)

        let studyID = try #require(try await store.createStudy(name: "Étude", details: "").id)
        let first = try await store.enqueue(kind: "transcribe", payload: "{\"recordingID\":1}", studyID: studyID, priority: 0, maxAttempts: 3)
        let urgent = try await store.enqueue(kind: "transcribe", payload: "{\"recordingID\":2}", studyID: nil, priority: 5, maxAttempts: 3)
        let other = try await store.enqueue(kind: "waveform", payload: "{}", studyID: nil, priority: 9, maxAttempts: 1)
        #expect(first.state == .queued && first.attempts == 0 && first.studyID == studyID)

        let a = try #require(try await store.claimJob(worker: "w1", kinds: ["transcribe"], lease: 60))
        #expect(a.id == urgent.id && a.state == .running && a.leaseOwner == "w1" && a.attempts == 1)
        let b = try #require(try await store.claimJob(worker: "w2", kinds: ["transcribe", "live"], lease: 60))
        #expect(b.id == first.id)
        #expect(try await store.claimJob(worker: "w3", kinds: ["transcribe"], lease: 60) == nil)
        let c = try #require(try await store.claimJob(worker: "w3", kinds: [], lease: 60))
        #expect(c.id == other.id)
        #expect(try await store.claimJob(worker: "w4", kinds: [], lease: 60) == nil)
        #expect(try await store.jobs(state: .running).map(\.id) == [first.id, urgent.id, other.id], "oldest first")

        try await store.renewLease(jobID: a.id!, worker: "w1", lease: 60, progress: 1.7)
        #expect(try await store.job(id: a.id!)?.progress == 1, "progress is clamped to 1")
        let stolen = await #expect(throws: StoreError.self) {
            try await store.renewLease(jobID: a.id!, worker: "w2", lease: 60, progress: 0.5)
        }
        #expect(stolen?.kind == .leaseLost && stolen?.french != nil)
        try await store.completeJob(jobID: a.id!, worker: "w1", result: "{\"ok\":true}")
        let done = try #require(try await store.job(id: a.id!))
        #expect(done.state == .succeeded && done.result == "{\"ok\":true}" && done.progress == 1 && done.leaseOwner == nil)
        let twice = await #expect(throws: StoreError.self) {
            try await store.completeJob(jobID: a.id!, worker: "w1", result: "{}")
        }
        #expect(twice?.kind == .leaseLost)
        let gone = await #expect(throws: StoreError.self) {
            try await store.completeJob(jobID: 999_999, worker: "w1", result: "{}")
        }
        #expect(gone?.kind == .leaseLost)
        #expect(try await store.job(id: 999_999) == nil)
    }

    @Test(arguments: StoreBackend.allCases)
    func aDeadWorkersExpiredLeaseIsTakenAgainUntilTheLastAttempt(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let job = try await store.enqueue(kind: "transcribe", payload: "{}", studyID: nil, priority: 0, maxAttempts: 2)
        let id = try #require(job.id)

        // Long enough for the next claim to come before it ends, even on a loaded machine; if the
        // machine was so slow that it did not, the claim is right only after the lease's end.
        let dead = try #require(try await store.claimJob(worker: "dead", kinds: [], lease: 5))
        if try await store.claimJob(worker: "alive", kinds: [], lease: 60) != nil {
            #expect(Date() >= (try #require(dead.leaseExpiresAt)), "claimed while the lease still ran")
            print("the machine was too slow to claim within the 5 s lease: the rest of the test is left out")
            return
        }
        try await Self.wait(until: try #require(dead.leaseExpiresAt))
        let again = try #require(try await store.claimJob(worker: "alive", kinds: [], lease: 0.3))
        #expect(again.id == id && again.attempts == 2 && again.leaseOwner == "alive")
        let late = await #expect(throws: StoreError.self) {
            try await store.renewLease(jobID: id, worker: "dead", lease: 60, progress: 0.5)
        }
        #expect(late?.kind == .leaseLost)

        // The second lease expires on the last allowed attempt: the job fails instead of running a third time.
        try await Self.wait(until: try #require(again.leaseExpiresAt))
        #expect(try await store.claimJob(worker: "third", kinds: [], lease: 60) == nil)
        let failed = try #require(try await store.job(id: id))
        #expect(failed.state == .failed && failed.leaseOwner == nil)
        #expect(failed.error?.hasPrefix("lease expired on the last allowed attempt") == true)
    }

    @Test(arguments: StoreBackend.allCases)
    func failuresAreRetriedAfterTheBackoffThenFail(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let id = try #require(try await store.enqueue(kind: "transcribe", payload: "{}", studyID: nil, priority: 0, maxAttempts: 2).id)
        _ = try #require(try await store.claimJob(worker: "w", kinds: [], lease: 60))
        let wrong = await #expect(throws: StoreError.self) {
            try await store.failJob(jobID: id, worker: "other", error: "x", retryable: true, policy: RetryPolicy())
        }
        #expect(wrong?.kind == .leaseLost)
        let before = Date()
        let retried = try await store.failJob(
            jobID: id, worker: "w", error: "decoder crashed", retryable: true, policy: RetryPolicy(baseDelay: 2, maxDelay: 10))
        #expect(retried.state == .queued && retried.error == "decoder crashed" && retried.leaseOwner == nil)
        #expect(retried.runAfter >= before.addingTimeInterval(1.99))
        #expect(try await store.job(id: id)?.state == .queued)
        // Not before the backoff: a job claimed now is a failure only if the answer came before
        // `runAfter` (on a loaded machine the claim may legitimately come after it).
        let early = try await store.claimJob(worker: "w", kinds: [], lease: 60)
        let answered = Date()
        if early != nil { #expect(answered >= retried.runAfter, "claimed before the backoff") }
        var second = early
        if second == nil {
            try await Self.wait(until: retried.runAfter)
            second = try await store.claimJob(worker: "w", kinds: [], lease: 60)
        }
        let claimed = try #require(second)
        #expect(claimed.attempts == 2)
        let final = try await store.failJob(jobID: id, worker: "w", error: "again", retryable: true, policy: RetryPolicy())
        #expect(final.state == .failed, "no attempt left")
        #expect(try await store.jobs(state: .failed).map(\.id) == [id])

        let other = try #require(try await store.enqueue(kind: "x", payload: "{}", studyID: nil, priority: 0, maxAttempts: 5).id)
        _ = try #require(try await store.claimJob(worker: "w", kinds: ["x"], lease: 60))
        #expect(try await store.failJob(jobID: other, worker: "w", error: "bad file", retryable: false, policy: RetryPolicy()).state == .failed)
    }

    @Test(arguments: StoreBackend.allCases)
    func cancellationStopsTheWorkerAndOnlyOnce(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let queued = try #require(try await store.enqueue(kind: "t", payload: "1", studyID: nil, priority: 0, maxAttempts: 3).id)
        let running = try #require(try await store.enqueue(kind: "t", payload: "2", studyID: nil, priority: 0, maxAttempts: 3).id)
        try await store.cancelJob(jobID: queued)
        #expect(try await store.claimJob(worker: "w", kinds: [], lease: 60)?.id == running)
        try await store.cancelJob(jobID: running)
        let told = await #expect(throws: StoreError.self) {
            try await store.renewLease(jobID: running, worker: "w", lease: 60, progress: 0.1)
        }
        #expect(told?.kind == .leaseLost && told?.message.contains("cancelled") == true)
        let again = await #expect(throws: StoreError.self) { try await store.cancelJob(jobID: queued) }
        #expect(again?.kind == .conflict && again?.french != nil)
        let missing = await #expect(throws: StoreError.self) { try await store.cancelJob(jobID: 999_999) }
        #expect(missing?.kind == .notFound)
        #expect(try await store.jobs(state: .cancelled).map(\.id) == [queued, running])
    }

    @Test(arguments: StoreBackend.allCases)
    func aWaitingJobIsNotQueuedTwice(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        // Ten calls at once queue one job.
        let queued = try await withThrowingTaskGroup(of: Job?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await store.enqueueUnlessWaiting(kind: "live", payload: "{\"capture\":7}", studyID: nil, priority: 1, maxAttempts: 1)
                }
            }
            return try await group.reduce(into: [Job]()) { if let job = $1 { $0.append(job) } }
        }
        #expect(queued.count == 1)
        #expect(try await store.enqueueUnlessWaiting(kind: "live", payload: "{\"capture\":8}", studyID: nil, priority: 1, maxAttempts: 1) != nil)
        _ = try #require(try await store.claimJob(worker: "w", kinds: ["live"], lease: 60))
        _ = try #require(try await store.claimJob(worker: "w", kinds: ["live"], lease: 60))
        #expect(
            try await store.enqueueUnlessWaiting(kind: "live", payload: "{\"capture\":7}", studyID: nil, priority: 1, maxAttempts: 1) != nil,
            "the waiting one was claimed")
    }

    @Test(arguments: StoreBackend.allCases)
    func aTranscriptionJobStoresItsVersionOnlyForTheWorkerHoldingIt(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Étude", details: "").id)
        let recordingID = try await opened.addRecording(studyID, String(repeating: "ab", count: 32))
        let id = try #require(try await store.enqueue(kind: "transcribe", payload: "{}", studyID: studyID, priority: 0, maxAttempts: 3).id)

        let slow = try #require(try await store.claimJob(worker: "slow", kinds: [], lease: 0.3))
        try await Self.wait(until: try #require(slow.leaseExpiresAt))
        _ = try #require(try await store.claimJob(worker: "fast", kinds: [], lease: 60))
        let lost = await #expect(throws: StoreError.self) {
            try await store.completeTranscriptionJob(jobID: id, worker: "slow", recordingID: recordingID, transcript: Self.transcript("trop tard"))
        }
        #expect(lost?.kind == .leaseLost)
        let badText = await #expect(throws: StoreError.self) {
            try await store.completeTranscriptionJob(jobID: id, worker: "fast", recordingID: recordingID, transcript: Self.transcript("deux\nlignes"))
        }
        #expect(badText?.kind == .invalidInput)
        let noRecording = await #expect(throws: StoreError.self) {
            try await store.completeTranscriptionJob(jobID: id, worker: "fast", recordingID: recordingID + 99, transcript: Self.transcript("x"))
        }
        #expect(noRecording?.kind == .notFound)
        #expect(try await store.job(id: id)?.state == .running, "the failed completions changed nothing")

        let stored = try await store.completeTranscriptionJob(
            jobID: id, worker: "fast", recordingID: recordingID, transcript: Self.transcript("Bonjour à vous"))
        #expect(stored.version == 1, "the slow worker stored no version")
        #expect(stored.recordingID == recordingID && stored.text == "Bonjour à vous" && stored.status == .draft)
        let job = try #require(try await store.job(id: id))
        #expect(job.state == .succeeded && job.result == "{\"transcriptID\":\(stored.id!)}")
    }

    /// 8 claimers, each a store of its own on the same database (PostgreSQL: 8 connection pools, as
    /// 8 worker processes would have; SQLite: 8 connections to one file), drain 1,000 jobs.
    @Test(arguments: StoreBackend.allCases)
    func eightWorkersClaimAThousandJobsAndNoneTwice(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let total = 1000
        for n in 0..<total {
            _ = try await opened.store.enqueue(kind: "transcribe", payload: "{\"n\":\(n)}", studyID: nil, priority: n % 3, maxAttempts: 3)
        }
        var workers: [(any StoreBackend.Areas, @Sendable () -> Void)] = []
        for _ in 0..<8 { workers.append(try await opened.another()) }
        defer { for (_, close) in workers { close() } }

        let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for (index, (store, _)) in workers.enumerated() {
                group.addTask {
                    var done: [Int64] = []
                    // Bounded: no worker can do more than every job.
                    for _ in 0...total {
                        guard let job = try await store.claimJob(worker: "worker-\(index)", kinds: ["transcribe"], lease: 300) else { break }
                        try await store.completeJob(jobID: job.id!, worker: "worker-\(index)", result: "{\"by\":\(index)}")
                        done.append(job.id!)
                    }
                    return done
                }
            }
            return try await group.reduce(into: [[Int64]]()) { $0.append($1) }
        }
        let all = claims.flatMap { $0 }
        #expect(all.count == total, "every job claimed once")
        #expect(Set(all).count == total, "no job claimed twice")
        #expect(claims.filter { !$0.isEmpty }.count > 1, "the claims were shared: \(claims.map(\.count))")
        #expect(try await opened.store.jobs(state: .succeeded).count == total)
        #expect(try await opened.store.jobs(state: .queued).isEmpty)
        #expect(try await opened.store.jobs(state: .running).isEmpty)
    }
}

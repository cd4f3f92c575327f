import Foundation
import Testing

@testable import Store

/// The live transcript of a capture: appended step by step, atomically, never by a stale step.
@Suite struct LiveTranscriptTests {
    static func segment(_ start: Double, _ end: Double, _ text: String) -> LiveTranscriptSegment {
        LiveTranscriptSegment(start: start, end: end, text: text)
    }

    /// A capture being recorded, which live text belongs to.
    static func capture(_ store: SQLiteStore) async throws -> Int64 {
        let study = try await store.createStudy(name: "Live \(UUID().uuidString.prefix(6))", details: "")
        let user = try await store.createUser(name: "Camille", email: "camille-\(UUID().uuidString.prefix(6))@example.org")
        return try await store.createCapture(
            Capture(studyID: study.id!, title: "Entretien", createdBy: user.id!, consentBy: user.id!, mimeType: "audio/webm;codecs=opus")
        ).id!
    }

    @Test func stepsAppendInOrderAndAStaleStepWritesNothing() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let four = try await Self.capture(store), five = try await Self.capture(store)
        #expect(try await store.liveTranscript(captureID: four) == LiveTranscript())
        let first = [Self.segment(0.4, 2.1, "Bonjour."), Self.segment(2.3, 4.0, "Vous allez bien ?")]
        #expect(try await store.appendLiveSegments(captureID: four, expectedUntil: 0, segments: first, transcribedUntil: 4.5, partStarts: [0], language: "fr"))
        let second = [Self.segment(5.0, 7.5, "Très bien.")]
        #expect(try await store.appendLiveSegments(captureID: four, expectedUntil: 4.5, segments: second, transcribedUntil: 8, partStarts: [0, 6.2], language: "fr"))
        // A step that started from 4.5 as well comes too late: nothing of it is written.
        #expect(!(try await store.appendLiveSegments(captureID: four, expectedUntil: 4.5, segments: [Self.segment(5.0, 7.4, "Tres bien")], transcribedUntil: 7.9, partStarts: [0], language: "en")))
        let live = try await store.liveTranscript(captureID: four)
        #expect(live.segments == first + second)
        #expect(live.transcribedUntil == 8)
        #expect(live.partStarts == [0, 6.2])
        #expect(live.language == "fr")
        #expect(live.text == "Bonjour. Vous allez bien ? Très bien.")
        // Another capture is apart.
        #expect(try await store.liveTranscript(captureID: five).segments.isEmpty)
    }

    @Test func overlappingOrBackwardStepsAreRefused() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let one = try await Self.capture(store)
        _ = try await store.appendLiveSegments(captureID: one, expectedUntil: 0, segments: [Self.segment(1, 3, "Un.")], transcribedUntil: 3, partStarts: [0], language: nil)
        let refused: [(Double, [LiveTranscriptSegment], Double)] = [
            (3, [Self.segment(2.5, 4, "Deux.")], 5),  // starts before what is transcribed
            (3, [Self.segment(3.5, 6, "Deux.")], 5),  // ends after the new transcribedUntil
            (3, [Self.segment(3.5, 4.5, "Deux."), Self.segment(4.0, 4.8, "Trois.")], 5),  // overlap
            (3, [], 2),  // backwards
        ]
        for (expected, segments, until) in refused {
            do {
                _ = try await store.appendLiveSegments(captureID: one, expectedUntil: expected, segments: segments, transcribedUntil: until, partStarts: [0], language: nil)
                Issue.record("accepted \(segments) until \(until)")
            } catch let error as StoreError {
                #expect(error.kind == .invalidInput)
                #expect(error.french?.isEmpty == false)
            }
        }
        let live = try await store.liveTranscript(captureID: one)
        #expect(live.segments.map(\.text) == ["Un."] && live.transcribedUntil == 3)
    }

    @Test func oneWaitingJobPerPayload() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let payload = "{\"captureID\":3}"
        let queued = try #require(try await store.enqueueUnlessWaiting(kind: "live-transcribe", payload: payload, studyID: nil, priority: 20, maxAttempts: 2))
        #expect(try await store.enqueueUnlessWaiting(kind: "live-transcribe", payload: payload, studyID: nil, priority: 20, maxAttempts: 2) == nil)
        // Another capture gets its own.
        #expect(try await store.enqueueUnlessWaiting(kind: "live-transcribe", payload: "{\"captureID\":4}", studyID: nil, priority: 20, maxAttempts: 2) != nil)
        // Once the waiting one runs, the next chunk queues one more.
        let claimed = try #require(try await store.claimJob(worker: "w", kinds: ["live-transcribe"], lease: 60))
        #expect(claimed.id == queued.id)
        let next = try #require(try await store.enqueueUnlessWaiting(kind: "live-transcribe", payload: payload, studyID: nil, priority: 20, maxAttempts: 2))
        #expect(next.id != queued.id)
        #expect(try await store.jobs(state: .queued).filter { $0.payload == payload }.count == 1)
    }

    @Test func chunksArrivingTogetherQueueOneStep() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let queued = try await withThrowingTaskGroup(of: Job?.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await store.enqueueUnlessWaiting(kind: "live-transcribe", payload: "{\"captureID\":1}", studyID: nil, priority: 20, maxAttempts: 2)
                }
            }
            var jobs: [Job] = []
            for try await job in group { if let job { jobs.append(job) } }
            return jobs
        }
        #expect(queued.count == 1)
        #expect(try await store.jobs(state: .queued).count == 1)
    }

    /// A step that ends after the capture finished or was discarded writes nothing, and a discard takes the live text away.
    @Test func aClosedCaptureTakesNoLiveTextAndADiscardRemovesIt() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let id = try await Self.capture(store)
        #expect(try await store.appendLiveSegments(captureID: id, expectedUntil: 0, segments: [Self.segment(1, 3, "Un.")], transcribedUntil: 3, partStarts: [0], language: "fr"))
        _ = try await store.discardCapture(id: id)
        #expect(try await store.liveTranscript(captureID: id) == LiveTranscript())
        #expect(!(try await store.appendLiveSegments(captureID: id, expectedUntil: 0, segments: [Self.segment(4, 5, "Deux.")], transcribedUntil: 6, partStarts: [0], language: "fr")))
        #expect(try await store.liveTranscript(captureID: id).segments.isEmpty)
    }
}

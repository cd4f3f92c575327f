import Foundation
import Store
import Testing

@testable import PostgresStore

/// Captures and their live transcript on both backends: chunks in order (409 otherwise), parts,
/// discarding, finishing into a recording and a queued job in one transaction, and the live
/// transcript's compare-and-set.
@Suite("Store contract: captures and live transcript")
struct CaptureContractTests {
    static let consentAt = Date(timeIntervalSince1970: 1_790_000_000)

    /// A study, a user and a participant, and a capture of theirs.
    static func capture(_ opened: OpenedStore) async throws -> (capture: Capture, studyID: Int64, userID: Int64, participantID: Int64) {
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Entretiens", details: "").id)
        let userID = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let participantID = try await opened.addParticipant(studyID, "P-014")
        let capture = try await store.createCapture(
            Capture(
                studyID: studyID, title: "Entretien du 4", createdBy: userID, consentBy: userID, consentAt: consentAt,
                consentNote: "Oral, enregistré", mimeType: "audio/webm", participantID: participantID, language: "fr",
                state: .finished, chunkCount: 9, createdAt: consentAt, updatedAt: consentAt))
        return (capture, studyID, userID, participantID)
    }

    static func chunk(_ captureID: Int64, _ index: Int, part: Int, bytes: Int64) -> CaptureChunk {
        CaptureChunk(
            captureID: captureID, chunkIndex: index, part: part, sha256: String(repeating: "\(index % 10)", count: 64),
            byteCount: bytes, receivedAt: consentAt.addingTimeInterval(Double(index)))
    }

    @Test(arguments: StoreBackend.allCases)
    func chunksArriveInOrderAndTheCaptureFinishesIntoARecordingAndAJob(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let (capture, studyID, userID, participantID) = try await Self.capture(opened)
        let id = try #require(capture.id)
        #expect(capture.state == .recording && capture.chunkCount == 0 && capture.parts == 0, "a new capture starts empty")
        #expect(capture.consentNote == "Oral, enregistré" && capture.consentAt == Self.consentAt)
        #expect(try await store.capture(id: id) == capture)
        let badUser = await #expect(throws: StoreError.self) {
            try await store.createCapture(with(capture) { $0.consentBy = 9_999 })
        }
        #expect(badUser?.kind == .notFound)

        let wrongPart = await #expect(throws: StoreError.self) { try await store.appendCaptureChunk(Self.chunk(id, 0, part: 1, bytes: 10)) }
        #expect(wrongPart?.kind == .conflict, "the first chunk is in part 0")
        var current = try await store.appendCaptureChunk(Self.chunk(id, 0, part: 0, bytes: 1_000))
        current = try await store.appendCaptureChunk(Self.chunk(id, 1, part: 0, bytes: 500))
        let gap = await #expect(throws: StoreError.self) { try await store.appendCaptureChunk(Self.chunk(id, 3, part: 0, bytes: 10)) }
        #expect(gap?.kind == .conflict && gap?.message.contains("expects chunk 2") == true)
        let again = await #expect(throws: StoreError.self) { try await store.appendCaptureChunk(Self.chunk(id, 1, part: 0, bytes: 10)) }
        #expect(again?.kind == .conflict)
        let skipped = await #expect(throws: StoreError.self) { try await store.appendCaptureChunk(Self.chunk(id, 2, part: 2, bytes: 10)) }
        #expect(skipped?.kind == .conflict && skipped?.french?.contains("partie 0") == true)
        current = try await store.appendCaptureChunk(Self.chunk(id, 2, part: 1, bytes: 250))
        #expect((current.chunkCount, current.byteCount, current.parts) == (3, 1_750, 2))
        #expect(try await store.capturePartBytes(captureID: id, part: 0) == 1_500)
        #expect(try await store.capturePartBytes(captureID: id, part: 1) == 250)
        #expect(try await store.capturePartBytes(captureID: id, part: 5) == 0)
        #expect(try await store.captureChunk(captureID: id, index: 1) == Self.chunk(id, 1, part: 0, bytes: 500))
        #expect(try await store.captureChunk(captureID: id, index: 7) == nil)

        let recording = Recording(
            studyID: studyID, title: "Entretien du 4", mediaPath: "media/capture.webm", fileHash: String(repeating: "f", count: 64),
            container: "webm", audioChannels: 1, duration: 12.5, recordedAt: Self.consentAt, createdAt: Self.consentAt,
            consentBy: userID, consentAt: Self.consentAt)
        let finished = try await store.finishCapture(
            id: id, recording: recording, jobKind: "transcribe", priority: 5, payload: { #"{"recordingID":\#($0)}"# })
        #expect(finished.capture.state == .finished && finished.capture.recordingID == finished.recording.id)
        #expect(finished.capture.jobID == finished.job.id && finished.capture.chunkCount == 3)
        #expect(finished.recording == with(recording) { $0.id = finished.recording.id })
        #expect(finished.job.payload == #"{"recordingID":\#(finished.recording.id!)}"#)
        #expect(finished.job.state == .queued && finished.job.priority == 5 && finished.job.studyID == studyID)
        #expect(try await store.job(id: finished.job.id!)?.payload == finished.job.payload)
        #expect(
            try await opened.integer(
                "SELECT count(*) FROM recording_participant WHERE recordingID = \(finished.recording.id!) AND participantID = \(participantID) AND role = 'interviewee'")
                == 1)
        #expect(try await opened.integer("SELECT count(*) FROM recording WHERE consentBy = \(userID)") == 1, "the consent is kept")
        let late = await #expect(throws: StoreError.self) { try await store.appendCaptureChunk(Self.chunk(id, 3, part: 1, bytes: 10)) }
        #expect(late?.kind == .conflict && late?.message.contains("finished") == true)
        #expect(await (#expect(throws: StoreError.self) { try await store.discardCapture(id: id) })?.kind == .conflict)

        // A second capture of the same file: refused whole, the capture still recording, nothing queued.
        let second = try await store.createCapture(with(capture) { $0.id = nil })
        let jobsBefore = try await store.jobs(state: .queued).count
        let duplicate = await #expect(throws: StoreError.self) {
            try await store.finishCapture(
                id: second.id!, recording: recording, jobKind: "transcribe", priority: 5, payload: { #"{"recordingID":\#($0)}"# })
        }
        #expect(duplicate?.kind == .conflict && duplicate?.message.contains("recording \(finished.recording.id!)") == true)
        #expect(try await store.capture(id: second.id!)?.state == .recording)
        #expect(try await store.jobs(state: .queued).count == jobsBefore)
        #expect(try await store.captures(studyID: studyID, state: nil).map(\.id) == [second.id, id], "newest first")
        #expect(try await store.captures(studyID: studyID, state: .finished).map(\.id) == [id])
    }

    @Test(arguments: StoreBackend.allCases)
    func theLiveTranscriptMovesForwardOnlyFromWhereItWas(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let id = try #require(try await Self.capture(opened).capture.id)
        #expect(try await store.liveTranscript(captureID: id) == LiveTranscript())

        let first = [LiveTranscriptSegment(start: 0.5, end: 2, text: "Bonjour."), LiveTranscriptSegment(start: 2, end: 4.5, text: "Ça va ?")]
        #expect(
            try await store.appendLiveSegments(
                captureID: id, expectedUntil: 0, segments: first, transcribedUntil: 5, partStarts: [0], language: "fr"))
        #expect(
            try await store.appendLiveSegments(
                captureID: id, expectedUntil: 0, segments: [LiveTranscriptSegment(start: 0, end: 1, text: "Doublon")],
                transcribedUntil: 5, partStarts: [0], language: "fr") == false,
            "a step that started from 0 comes too late once the transcript is at 5")
        let overlapping = await #expect(throws: StoreError.self) {
            try await store.appendLiveSegments(
                captureID: id, expectedUntil: 5, segments: [LiveTranscriptSegment(start: 4, end: 6, text: "x")], transcribedUntil: 8,
                partStarts: [0], language: "fr")
        }
        #expect(overlapping?.kind == .invalidInput && overlapping?.french != nil)
        let second = [LiveTranscriptSegment(start: 5.25, end: 7.75, text: "Oui, merci.")]
        #expect(
            try await store.appendLiveSegments(
                captureID: id, expectedUntil: 5, segments: second, transcribedUntil: 8, partStarts: [0, 6.5], language: "fr"))
        let live = try await store.liveTranscript(captureID: id)
        #expect(live == LiveTranscript(transcribedUntil: 8, partStarts: [0, 6.5], language: "fr", segments: first + second))
        #expect(live.text == "Bonjour. Ça va ? Oui, merci.")

        // Concurrent steps from the same point: exactly one wins.
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for n in 0..<6 {
                group.addTask {
                    try await store.appendLiveSegments(
                        captureID: id, expectedUntil: 8, segments: [LiveTranscriptSegment(start: 8, end: 9, text: "pas \(n)")],
                        transcribedUntil: 10, partStarts: [0, 6.5], language: "fr")
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        #expect(try await store.liveTranscript(captureID: id).segments.count == 4)

        let discarded = try await store.discardCapture(id: id)
        #expect(discarded.state == .discarded)
        #expect(try await store.discardCapture(id: id).state == .discarded, "discarding again changes nothing")
        #expect(try await store.liveTranscript(captureID: id) == LiveTranscript(), "a discarded interview keeps no live text")
        #expect(
            try await store.appendLiveSegments(
                captureID: id, expectedUntil: 0, segments: [], transcribedUntil: 1, partStarts: [0], language: nil) == false)
        #expect(
            try await store.appendLiveSegments(
                captureID: 9_999, expectedUntil: 0, segments: [], transcribedUntil: 1, partStarts: [0], language: nil) == false)
    }
}

import Foundation

/// Captures: interviews recorded in the pages, chunk by chunk.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol CaptureStore: Sendable {
    /// Stores a new capture (nothing received yet); the study, users and participant must exist,
    /// the participant in the study.
    func createCapture(_ capture: Capture) async throws -> Capture
    /// The capture with this id, or `nil`.
    func capture(id: Int64) async throws -> Capture?
    /// A study's captures, newest first, only those in `state` when given.
    func captures(studyID: Int64, state: Capture.State?) async throws -> [Capture]
    /// The chunk at `index` of a capture, or `nil`.
    func captureChunk(captureID: Int64, index: Int) async throws -> CaptureChunk?
    /// Bytes received so far in one part of a capture.
    func capturePartBytes(captureID: Int64, part: Int) async throws -> Int64
    /// Records the capture's next chunk: its index must be the capture's `chunkCount` and its part
    /// the current one or the next (`.conflict` otherwise, or when the capture is not recording).
    func appendCaptureChunk(_ chunk: CaptureChunk) async throws -> Capture
    /// Marks a recording capture discarded; `.conflict` when it is finished.
    func discardCapture(id: Int64) async throws -> Capture
    /// In one transaction: stores `recording`, queues its transcription (the payload is made from
    /// the recording's new id) and marks the capture finished, linked to both; `.conflict` when the
    /// capture is not recording or the study has this file already.
    func finishCapture(
        id: Int64, recording: Recording, jobKind: String, priority: Int, payload: @escaping @Sendable (Int64) throws -> String
    ) async throws -> (capture: Capture, recording: Recording, job: Job)
}

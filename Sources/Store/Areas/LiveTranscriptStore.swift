import Foundation

/// The live transcript of a capture in progress.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol LiveTranscriptStore: Sendable {
    /// Appends a live transcription step's segments and sets the capture's `transcribedUntil`,
    /// part starts and language in one transaction, only if `transcribedUntil` is still
    /// `expectedUntil` and the capture is still recording; `false`, with nothing written, otherwise.
    func appendLiveSegments(
        captureID: Int64, expectedUntil: Double, segments: [LiveTranscriptSegment], transcribedUntil: Double, partStarts: [Double],
        language: String?
    ) async throws -> Bool
    /// The capture's live transcript so far (empty before its first step).
    func liveTranscript(captureID: Int64) async throws -> LiveTranscript
}

import Foundation
import Store

extension ServiceBackend {
    /// Queues a step of the capture's live transcript (called after each accepted chunk), unless
    /// one is already waiting: that one will hear the new chunk too. A step already running does
    /// not count, so the chunks it did not see get a step of their own.
    ///
    /// - Returns: the queued job, or nil when one was waiting.
    @discardableResult
    public func requestLiveTranscription(captureID: Int64, folder: URL, language: String?) async throws -> Job? {
        let request = LiveTranscriptionRequest(captureID: captureID, folder: folder.standardizedFileURL.path, language: language)
        return try await store.enqueueUnlessWaiting(
            kind: LiveTranscriptionRequest.kind, payload: try request.payload(), studyID: nil, priority: LiveTranscriptionRequest.priority,
            maxAttempts: 2)
    }
}

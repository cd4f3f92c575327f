import Foundation
import Media
import Logging
import Store
import Transcribe

extension Worker {
    /// Runs a `live-transcribe` job: one ``LiveTranscriber`` step over the capture's part files
    /// from where its live transcript stands, with the worker's loaded models, then appends the
    /// new segments. A step that finds the transcript moved meanwhile (another worker's step)
    /// writes nothing: its audio is that step's.
    func transcribeLive(_ job: Job, logger: Logger) async throws {
        let jobID = job.id!
        let store = try localStore(for: LiveTranscriptionRequest.kind)
        let request = try payload(LiveTranscriptionRequest.self, of: job)
        let folder = URL(fileURLWithPath: request.folder, isDirectory: true).standardizedFileURL
        let media = configuration.mediaDirectory.standardizedFileURL.path + "/"
        guard folder.path.hasPrefix(media) else {
            throw PipelineError(step: "payload", "capture \(request.captureID): its folder is not under the media folder", isRetryable: false)
        }
        // A capture that finished or was discarded has no parts left to hear: the step is done.
        guard try await store.capture(id: request.captureID)?.state == .recording else {
            try await source.complete(jobID: jobID, worker: identifier, result: "{\"segments\":0,\"closed\":true}")
            logger.info("live step skipped: the capture is no longer recording", metadata: ["capture": "\(request.captureID)"])
            return
        }
        let live = try await store.liveTranscript(captureID: request.captureID)
        let state = LiveState(transcribedUntil: live.transcribedUntil, partStarts: live.partStarts, language: live.language)
        let control = JobControl()
        let renewal = leaseRenewal(jobID: jobID, control: control, logger: logger)
        defer { renewal.cancel() }
        let pipelines = pipelines, previous = live.text
        // Parts sealed at rest are read through a decrypting reader: no clear copy.
        let files = (source as? LocalJobSource).map { PartialMediaFiles(sealingLike: $0.media) } ?? PartialMediaFiles(keyring: nil)
        let parts = CaptureParts.files(in: folder).map(files.input)
        let result = await DedicatedThread.run(name: "verbatim-live-\(jobID)") {
            Result { () throws(PipelineError) -> LiveStep in
                let pipeline = try pipelines.pipeline(model: LiveTranscriptionRequest.model, logger: logger)
                let transcriber = LiveTranscriber(transcriber: pipeline.transcriber, vad: pipeline.vad, logger: logger)
                return try transcriber.step(parts: parts, state: state, language: request.language, previousText: previous)
            }
        }
        renewal.cancel()
        if control.leaseLost {
            logger.warning("lease lost (job cancelled or expired); live step dropped")
            return
        }
        let step = try result.get()
        let written = try await store.appendLiveSegments(
            captureID: request.captureID, expectedUntil: state.transcribedUntil,
            segments: step.segments.map { LiveTranscriptSegment(start: $0.start, end: $0.end, text: $0.text) },
            transcribedUntil: step.state.transcribedUntil, partStarts: step.state.partStarts, language: step.state.language)
        try await source.complete(
            jobID: jobID, worker: identifier,
            result: "{\"segments\":\(written ? step.segments.count : 0),\"transcribedUntil\":\(written ? step.state.transcribedUntil : state.transcribedUntil),\"stale\":\(!written)}")
        logger.info(
            "live step", metadata: ["capture": "\(request.captureID)", "segments": "\(step.segments.count)", "until": "\(step.state.transcribedUntil)", "stale": "\(!written)"])
    }
}

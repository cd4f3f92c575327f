import Foundation
import Media
import Logging
import Store
import Transcribe

extension Worker {
    /// Runs an `align` job: the segments of a transcript version that have no words (text a
    /// person corrected) get words timed on the recording's audio, by the same alignment as
    /// Whisper's own words. Segments whose text cannot be aligned keep no words and say so in
    /// the job's result.
    func align(_ job: Job, logger: Logger) async throws {
        let jobID = job.id!
        let store = try localStore(for: AlignmentRequest.kind)
        let request = try payload(AlignmentRequest.self, of: job)
        guard let transcript = try await store.transcript(id: request.transcriptID),
            let recording = try await store.recording(id: transcript.recordingID)
        else {
            throw PipelineError(step: "payload", "transcript \(request.transcriptID) no longer exists (erased?)", isRetryable: false)
        }
        let segments = try await store.segments(transcriptID: request.transcriptID)
        let timed = Set(try await store.words(transcriptID: request.transcriptID).map(\.segmentID))
        let missing = segments.filter {
            !timed.contains($0.id ?? -1) && !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        var aligned = 0
        if !missing.isEmpty {
            let spans = missing.map { Transcriber.TextSpan(start: $0.start, end: $0.end, text: $0.text) }
            let media = try await source.media(recordingID: recording.id!, jobID: jobID, worker: identifier)
            defer { media.discard() }
            let input = media.input
            let pipelines = pipelines, language = transcript.language
            let result = await DedicatedThread.run(name: "verbatim-align-\(jobID)") {
                Result { () throws(PipelineError) -> [[TranscriptionWord]] in
                    try pipelines.pipeline(model: AlignmentRequest.model, logger: logger).realign(
                        input: input, spans: spans, language: language)
                }
            }
            var words: [Int: [WordInput]] = [:]
            for (segment, found) in zip(missing, try result.get()) where !found.isEmpty {
                words[segment.position] = found.map { WordInput(start: $0.start, end: $0.end, text: $0.text, probability: $0.probability) }
            }
            aligned = words.count
            try await store.setWords(transcriptID: request.transcriptID, words: words)
        }
        try await source.complete(
            jobID: jobID, worker: identifier, result: "{\"aligned\":\(aligned),\"unaligned\":\(missing.count - aligned)}")
        logger.info("words aligned", metadata: ["transcript": "\(request.transcriptID)", "segments": "\(aligned)"])
    }
}

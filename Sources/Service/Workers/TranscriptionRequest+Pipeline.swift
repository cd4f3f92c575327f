import Foundation
import Store
import Transcribe

extension TranscriptionRequest {
    /// The pipeline's options for this job: speech only, every word timed, the language the
    /// user forced (an English-only model has none to force), and the speaker count if given.
    func pipelineOptions(multilingual: Bool) -> PipelineOptions {
        let transcription = TranscriptionOptions(
            language: multilingual ? language : nil, initialPrompt: prompt, wordTimestamps: true, speechOnly: true)
        return PipelineOptions(transcription: transcription, speakers: speakers.map { .count($0) } ?? .estimate)
    }
}

extension TranscriptInput {
    /// The store's input for a pipeline's transcript: one segment per labelled Whisper segment,
    /// with its words, speaker and the guards' flags.
    init(_ transcript: RecordingTranscript, model: String) {
        let transcription = transcript.transcription
        var segments: [SegmentInput] = []
        for segment in transcription.segments {
            let text = segment.text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, segment.end > segment.start else { continue }
            segments.append(
                SegmentInput(
                    start: segment.start, end: segment.end, speakerLabel: segment.speaker, text: text,
                    confidence: min(1, max(0, Foundation.exp(segment.avgLogProb))),
                    words: segment.words.map {
                        WordInput(
                            start: $0.start, end: $0.end, text: $0.text.replacingOccurrences(of: "\n", with: " "),
                            probability: $0.probability)
                    },
                    flags: segment.flags.map(\.rawValue)))
        }
        self.init(engine: "whisper", model: model, language: transcription.language, segments: segments)
    }
}

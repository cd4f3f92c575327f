import Foundation
import Logging
import Media
import Store
import Transcribe

/// The work of a `transcribe` job, as explicit steps: decode (Media) → segment (voice activity)
/// → transcribe (Whisper) → speakers → a ``TranscriptInput`` for the store.
///
/// Each step reports progress in its share of 0...1 and checks `shouldStop` between steps. It
/// runs synchronously and blocks: call it on a dedicated thread, never on a server's threads.
public struct TranscriptionPipeline: Sendable {
    /// Where the model weights live (`whisper-base/`, `silero-vad/`...).
    public var modelsDirectory: URL
    /// The logger for step timings.
    public var logger: Logger

    /// Creates a pipeline reading models from `modelsDirectory`.
    public init(modelsDirectory: URL, logger: Logger) {
        self.modelsDirectory = modelsDirectory
        self.logger = logger
    }

    /// Progress shares of the steps, which sum to 1.
    static let shares: [(step: String, share: Double)] = [("decode", 0.1), ("segment", 0.1), ("transcribe", 0.7), ("speakers", 0.1)]

    /// Runs every step on `mediaURL` and returns the transcript to store.
    public func run(
        _ request: TranscriptionRequest, mediaURL: URL, progress: @escaping @Sendable (Double) -> Void,
        shouldStop: @Sendable () -> Bool
    ) throws(PipelineError) -> TranscriptInput {
        var base = 0.0
        func advance(_ step: String) throws(PipelineError) {
            base += Self.share(step)
            progress(min(1, base))
            if shouldStop() { throw PipelineError.stopped(step) }
        }

        let started = ContinuousClock.now
        let audio = try decode(mediaURL)
        logger.info("decoded", metadata: ["seconds": "\(audio.duration)", "elapsed": "\(started.duration(to: .now))"])
        try advance("decode")

        let regions = try segment(audio)
        logger.info("segmented", metadata: ["regions": "\(regions.count)", "elapsed": "\(started.duration(to: .now))"])
        try advance("segment")

        let offset = base, share = Self.share("transcribe")
        let transcription = try transcribe(audio, regions: regions, request: request) { fraction in progress(offset + share * fraction) }
        logger.info(
            "transcribed",
            metadata: [
                "segments": "\(transcription.segments.count)", "language": "\(transcription.language)",
                "elapsed": "\(started.duration(to: .now))",
            ])
        try advance("transcribe")

        let turns = try speakers(audio, mediaURL: mediaURL, regions: regions, transcription: transcription, request: request)
        try advance("speakers")
        return Self.transcriptInput(transcription, turns: turns, model: request.model, tokenizer: tokenizer(request))
    }

    static func share(_ step: String) -> Double { shares.first { $0.step == step }?.share ?? 0 }

    /// Step 1: the recording as 16 kHz mono samples.
    func decode(_ url: URL) throws(PipelineError) -> DecodedAudio {
        do {
            let audio = try AudioDecoder.decodeAll(url: url)
            guard !audio.samples.isEmpty else {
                throw PipelineError(
                    step: "decode", "\(url.lastPathComponent): the file decodes to no audio at all; upload a recording with sound",
                    isRetryable: false)
            }
            return audio
        } catch let error as MediaError {
            throw PipelineError(step: "decode", error.description, isRetryable: error.kind == .io)
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError(step: "decode", "\(error)", isRetryable: true)
        }
    }

    /// Step 2: the stretches of speech, from the Silero voice-activity detector.
    func segment(_ audio: DecodedAudio) throws(PipelineError) -> [SpeechRegion] {
        let directory = modelsDirectory.appendingPathComponent("silero-vad", isDirectory: true)
        do {
            let vad = try SileroVAD(modelDirectory: directory)
            return vad.speechRegions(samples: audio.samples)
        } catch {
            throw PipelineError(
                step: "segment", "cannot load the voice-activity model from \(directory.path) (\(error)); run `models/fetch`",
                isRetryable: false)
        }
    }

    /// Step 3: text with word timestamps, from Whisper on the speech regions (long silences cut out),
    /// with the guards' flags.
    func transcribe(
        _ audio: DecodedAudio, regions: [SpeechRegion], request: TranscriptionRequest, progress: @escaping @Sendable (Double) -> Void
    ) throws(PipelineError) -> Transcription {
        let directory = modelsDirectory.appendingPathComponent(request.model, isDirectory: true)
        let transcriber: Transcriber
        do {
            transcriber = try Transcriber(modelDirectory: directory, logger: logger)
        } catch {
            throw PipelineError(
                step: "transcribe", "cannot load the model \(request.model) from \(directory.path): \(error); run `models/fetch`",
                isRetryable: false)
        }
        var options = TranscriptionOptions(
            language: request.language, initialPrompt: request.prompt, wordTimestamps: true, speechOnly: true)
        if !transcriber.model.isMultilingual { options.language = nil }
        do {
            return try transcriber.transcribe(samples: audio.samples, speech: regions, options: options, progress: progress)
        } catch {
            throw PipelineError(step: "transcribe", error.description, isRetryable: false)
        }
    }

    /// The model's tokenizer (for re-encoding segments cut at speaker changes), `nil` if it cannot be loaded.
    func tokenizer(_ request: TranscriptionRequest) -> WhisperTokenizer? {
        try? WhisperTokenizer(directory: modelsDirectory.appendingPathComponent(request.model, isDirectory: true))
    }

    /// Step 4: who speaks when: each word to the channel in which it is loudest when the
    /// recording's channels differ (one microphone per speaker), else speaker embeddings of the
    /// speech regions.
    func speakers(
        _ audio: DecodedAudio, mediaURL: URL, regions: [SpeechRegion], transcription: Transcription, request: TranscriptionRequest
    ) throws(PipelineError) -> [SpeakerTurn] {
        guard !regions.isEmpty else { return [] }
        if let channels = try? AudioDecoder.decodeAll(url: mediaURL, options: DecodeOptions(keepChannels: true)).channels,
            channels.count >= 2, ChannelAttribution.channelsDiffer(channels)
        {
            return transcription.channelTurns(channels: channels)
        }
        let directory = modelsDirectory.appendingPathComponent("speaker-encoder", isDirectory: true)
        do {
            let diarizer = try Diarizer(modelDirectory: directory)
            return diarizer.diarize(samples: audio.samples, speechRegions: regions, speakerCount: request.speakers)
        } catch {
            throw PipelineError(
                step: "speakers", "cannot load the speaker encoder from \(directory.path) (\(error)); run `models/fetch`",
                isRetryable: false)
        }
    }

    /// The store's input: one segment per Whisper segment (cut where its words change speaker), its
    /// speaker the one who holds most of its words, with its words and the guards' flags.
    static func transcriptInput(
        _ transcription: Transcription, turns: [SpeakerTurn], model: String, tokenizer: WhisperTokenizer?
    ) -> TranscriptInput {
        let labelled = tokenizer.map { transcription.withSpeakers(turns, tokenizer: $0) } ?? transcription
        var segments: [SegmentInput] = []
        for segment in labelled.segments {
            let text = segment.text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, segment.end > segment.start else { continue }
            let confidence = min(1, max(0, Foundation.exp(segment.avgLogProb)))
            let speaker = tokenizer == nil ? SpeakerTurn.speaker(from: segment.start, to: segment.end, in: turns) : segment.speaker
            segments.append(
                SegmentInput(
                    start: segment.start, end: segment.end, speakerLabel: speaker, text: text, confidence: confidence,
                    words: segment.words.map {
                        WordInput(
                            start: $0.start, end: $0.end, text: $0.text.replacingOccurrences(of: "\n", with: " "),
                            probability: $0.probability)
                    },
                    flags: segment.flags.map(\.rawValue)))
        }
        return TranscriptInput(engine: "whisper", model: model, language: transcription.language, segments: segments)
    }
}

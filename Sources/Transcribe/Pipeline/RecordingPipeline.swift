import Foundation
import Logging
import Media

/// The one way a recording becomes a transcript, used by the worker and by `verbatim transcribe`:
/// decode once (Media) → speech regions (``SileroVAD``) → Whisper on the speech, with word times
/// and guards (``Transcriber``) → speakers (``RecordingPipeline/speakerTurns(_:audio:regions:speakers:)``).
///
/// A pipeline holds its loaded models, so a worker keeps one between jobs. ``run(url:options:progress:shouldStop:)``
/// blocks its thread: call it from a worker process or a dedicated thread, never from a server's pool.
public struct RecordingPipeline: Sendable {
    /// The Whisper model and its decoding loop.
    public let transcriber: Transcriber
    /// The voice-activity detector.
    public let vad: SileroVAD
    /// Where the speaker encoder is loaded from when a recording needs it.
    public let speakerEncoderDirectory: URL
    /// Step timings and decisions.
    public var logger: Logger

    /// Progress shares of the steps, which sum to 1.
    static let shares: [(step: String, share: Double)] = [("decode", 0.1), ("segment", 0.1), ("transcribe", 0.7), ("speakers", 0.1)]

    /// Loads the Whisper model in `modelDirectory` and the voice-activity detector and (lazily)
    /// speaker encoder from `modelsDirectory` (`silero-vad/`, `speaker-encoder/`).
    ///
    /// - Throws: ``PipelineError`` (step `models`) naming the model that cannot be loaded.
    public init(
        modelDirectory: URL, modelsDirectory: URL, computeType: ComputeType = .preferred, logger: Logger = Logger(label: "verbatim.pipeline")
    ) throws(PipelineError) {
        do {
            transcriber = try Transcriber(modelDirectory: modelDirectory, computeType: computeType, logger: logger)
        } catch {
            throw PipelineError(
                step: "models", "cannot load the Whisper model from \(modelDirectory.lastPathComponent): \(error); run models/fetch",
                isRetryable: false)
        }
        let vadDirectory = modelsDirectory.appendingPathComponent("silero-vad", isDirectory: true)
        do {
            vad = try SileroVAD(modelDirectory: vadDirectory)
        } catch {
            throw PipelineError(
                step: "models", "cannot load the voice-activity model (silero-vad): \(error); run models/fetch", isRetryable: false)
        }
        speakerEncoderDirectory = modelsDirectory.appendingPathComponent("speaker-encoder", isDirectory: true)
        self.logger = logger
    }

    /// Runs every step on the file at `url`.
    ///
    /// - Parameters:
    ///   - progress: the fraction done (0...1), after each step and each Whisper window.
    ///   - shouldStop: asked between steps; `true` stops with ``PipelineError/stopped(_:)``.
    public func run(
        url: URL, options: PipelineOptions, progress: @escaping @Sendable (Double) -> Void = { _ in },
        shouldStop: @Sendable () -> Bool = { false }
    ) throws(PipelineError) -> RecordingTranscript {
        try run(input: .file(url), options: options, progress: progress, shouldStop: shouldStop)
    }

    /// Runs the pipeline on `input`: a file, or bytes read through a ``MediaByteSource`` (media
    /// encrypted at rest, decrypted as FFmpeg reads them).
    public func run(
        input: MediaInput, options: PipelineOptions, progress: @escaping @Sendable (Double) -> Void = { _ in },
        shouldStop: @Sendable () -> Bool = { false }
    ) throws(PipelineError) -> RecordingTranscript {
        var done = 0.0
        func finish(_ step: String) throws(PipelineError) {
            done += Self.share(step)
            progress(min(1, done))
            if shouldStop() { throw PipelineError.stopped(step) }
        }
        let started = ContinuousClock.now
        func elapsed() -> Logger.MetadataValue { "\(started.duration(to: .now))" }

        var audio = try decode(input, streamIndex: options.streamIndex)
        logger.info("decoded", metadata: ["seconds": "\(audio.duration)", "channels": "\(max(1, audio.channels.count))", "elapsed": elapsed()])
        try finish("decode")

        let needsRegions = options.transcription.speechOnly || options.speakers != .none
        let regions = needsRegions ? vad.speechRegions(samples: audio.mono) : []
        logger.info("segmented", metadata: ["regions": "\(regions.count)", "elapsed": elapsed()])
        // Channels are kept only when they may be one microphone per speaker; else they go now.
        if audio.channels.count >= 2 && !usesChannels(audio.channels, speakers: options.speakers) { audio.channels = [] }
        try finish("segment")

        let base = done, share = Self.share("transcribe")
        var transcription: Transcription
        do {
            transcription = try transcriber.transcribe(
                samples: audio.mono, speech: options.transcription.speechOnly ? regions : nil, options: options.transcription
            ) { fraction in progress(base + share * fraction) }
        } catch {
            throw PipelineError(step: "transcribe", error.description, isRetryable: false)
        }
        logger.info(
            "transcribed",
            metadata: ["segments": "\(transcription.segments.count)", "language": "\(transcription.language)", "elapsed": elapsed()])
        try finish("transcribe")

        let found = try speakerTurns(transcription, audio: audio, regions: regions, speakers: options.speakers)
        if let found {
            transcription = transcription.withSpeakers(found.turns, tokenizer: transcriber.model.tokenizer)
            logger.info("speakers", metadata: ["method": "\(found.method.rawValue)", "turns": "\(found.turns.count)", "elapsed": elapsed()])
        }
        try finish("speakers")
        return RecordingTranscript(
            transcription: transcription, turns: found?.turns, speakerMethod: found?.method,
            speech: options.transcription.speechOnly ? regions : [], report: audio.report, duration: audio.duration)
    }

    static func share(_ step: String) -> Double { shares.first { $0.step == step }?.share ?? 0 }

    /// The recording's audio at 16 kHz: the mono mix Whisper hears, and the source channels.
    struct Audio: Sendable {
        var mono: [Float]
        var channels: [[Float]]
        var report: DecodeReport
        var duration: Double { Double(mono.count) / Double(LogMelSpectrogram.sampleRate) }
    }

    /// Step 1: one decode, channels kept; the mono mix is their mean.
    func decode(_ input: MediaInput, streamIndex: Int?) throws(PipelineError) -> Audio {
        let decoded: DecodedAudio
        do {
            decoded = try AudioDecoder.decodeAll(input: input, options: DecodeOptions(streamIndex: streamIndex, keepChannels: true))
        } catch {
            throw PipelineError(step: "decode", error.description, isRetryable: error.kind == .io)
        }
        guard let first = decoded.channels.first, !first.isEmpty else {
            throw PipelineError(
                step: "decode", "\(input.name): the file decodes to no audio at all; upload a recording with sound",
                isRetryable: false)
        }
        if decoded.report.isTruncated {
            logger.warning(
                "truncated file",
                metadata: ["missing": "\(decoded.report.shortfall)", "declared": "\(decoded.report.declaredDuration ?? 0)"])
        }
        guard decoded.channels.count > 1 else { return Audio(mono: first, channels: [], report: decoded.report) }
        return Audio(mono: Self.mix(decoded.channels), channels: decoded.channels, report: decoded.report)
    }

    /// The mean of the channels, sample by sample (what FFmpeg's stereo-to-mono down-mix gives).
    static func mix(_ channels: [[Float]]) -> [Float] {
        let count = channels.map(\.count).min() ?? 0
        var mono = [Float](repeating: 0, count: count)
        let scale = 1 / Float(channels.count)
        for channel in channels {
            channel.withUnsafeBufferPointer { source in
                for index in 0..<count { mono[index] += source[index] * scale }
            }
        }
        return mono
    }
}

extension RecordingPipeline {
    /// Times the words of text a person wrote over stretches of the recording at `url` (corrected
    /// segments), with the same alignment as Whisper's own words
    /// (``Transcriber/alignText(_:samples:language:)``). One list of words per span, in order.
    public func realign(url: URL, spans: [Transcriber.TextSpan], language: String?) throws(PipelineError) -> [[TranscriptionWord]] {
        try realign(input: .file(url), spans: spans, language: language)
    }

    /// ``realign(url:spans:language:)`` on a file or a byte source.
    public func realign(input: MediaInput, spans: [Transcriber.TextSpan], language: String?) throws(PipelineError) -> [[TranscriptionWord]] {
        let audio = try decode(input, streamIndex: nil)
        return transcriber.alignText(spans, samples: audio.mono, language: language)
    }
}

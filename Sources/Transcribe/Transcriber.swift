import COpenBLAS
import Foundation
import Logging

/// Transcribes 16 kHz mono audio with a Whisper model, in Swift on the CPU.
///
/// Long audio is transcribed window by window (30 s), seeking on the predicted timestamps as
/// Whisper and faster-whisper do, with temperature fallback, no-speech skipping and
/// conditioning on the previous text. A transcriber is a value: each call allocates its own
/// work buffers, so several calls may run at once on different threads (each blocks its thread).
public struct Transcriber: Sendable {
    /// The model used.
    public let model: WhisperModel
    private let logger: Logger?

    /// A transcriber for an already loaded model.
    public init(model: WhisperModel, logger: Logger? = nil) {
        self.model = model
        self.logger = logger
    }

    /// Loads the model in `modelDirectory` (e.g. `models/whisper-base`), its dense layers in
    /// `computeType` (by default the faster type on this CPU).
    ///
    /// - Throws: ``ModelError`` if the directory does not hold a usable Whisper model.
    public init(modelDirectory: URL, computeType: ComputeType = .preferred, logger: Logger? = nil) throws(ModelError) {
        self.init(model: try WhisperModel(directory: modelDirectory, computeType: computeType), logger: logger)
    }

    /// Sets the number of threads OpenBLAS uses in this process (matrix products only).
    public static func setMatrixThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// Transcribes `samples` (16 kHz mono, [-1, 1]).
    ///
    /// - Parameter progress: called after each window with the fraction of the audio done (0...1).
    /// - Throws: ``TranscriptionError`` if an option is invalid (unknown language, beam size < 1).
    public func transcribe(
        samples: [Float], options: TranscriptionOptions = TranscriptionOptions(),
        progress: (@Sendable (Double) -> Void)? = nil
    ) throws(TranscriptionError) -> Transcription {
        let clock = ContinuousClock()
        let started = clock.now
        var timings = TranscriptionTimings()
        guard options.beamSize >= 1 else { throw TranscriptionError.invalidBeamSize(options.beamSize) }
        guard options.bestOf >= 1 else { throw TranscriptionError.invalidBestOf(options.bestOf) }
        guard !options.temperatures.isEmpty else { throw TranscriptionError.noTemperature }
        let tokenizer = model.tokenizer
        var fixedLanguage: Int?
        if !model.isMultilingual {
            fixedLanguage = nil
        } else if let code = options.language {
            guard let token = tokenizer.languageToken(code) else { throw TranscriptionError.unknownLanguage(code) }
            fixedLanguage = token
        }

        let mark = clock.now
        let mel = LogMelSpectrogram(samples: samples, melBins: model.melBins)
        timings.mel = seconds(clock.now - mark)
        let encoder = WhisperEncoder(weights: model.weights)
        let decoder = WhisperDecoder(weights: model.weights, maxBatch: max(options.beamSize, options.bestOf, 1))
        let sequenceDecoder = SequenceDecoder(decoder: decoder, tokenizer: tokenizer, filter: filter(options))
        var generator = SplitMix64(seed: options.seed)

        // Matrix threads help the encoder's large products; the decoder's many small products
        // run faster on one thread (waking helper threads costs more than it saves, and much
        // more when other processes share the cores).
        let encoderThreads = openblas_get_num_threads()
        defer { openblas_set_num_threads(encoderThreads) }
        func encode(_ window: [Float]) -> [Float] {
            let mark = clock.now
            openblas_set_num_threads(encoderThreads)
            defer { openblas_set_num_threads(1) }
            let output = encoder.encode(window)
            timings.encoder += seconds(clock.now - mark)
            timings.windows += 1
            return output
        }
        func detectLanguage(_ encoded: [Float]) -> (token: Int, probability: Double) {
            let mark = clock.now
            decoder.start(encoderOutput: encoded)
            let logits = decoder.forward(tokens: [tokenizer.startOfTranscript], batch: 1).logits[0]
            timings.decoder += seconds(clock.now - mark)
            let ids = tokenizer.languages.map(\.token)
            let maximum = ids.map { logits[$0] }.max() ?? 0
            let weights = ids.map { Foundation.exp(Double(logits[$0] - maximum)) }
            let total = weights.reduce(0, +)
            let best = weights.indices.max { weights[$0] < weights[$1] } ?? 0
            return (ids[best], weights[best] / total)
        }

        let contentFrames = mel.contentFrames
        var language = fixedLanguage
        var languageCode = model.isMultilingual ? (options.language ?? "en") : "en"
        var languageProbability = 1.0
        if model.isMultilingual && fixedLanguage == nil {
            let detected = detectLanguage(encode(mel.window(start: 0, length: min(3000, mel.frameCount))))
            language = detected.token
            languageCode = tokenizer.languageCode(detected.token) ?? languageCode
            languageProbability = detected.probability
            logger?.debug("detected language \(languageCode) (p=\(detected.probability))")
        }

        var segments: [TranscriptionSegment] = []
        var allTokens: [Int] = []
        if let prompt = options.initialPrompt, !prompt.isEmpty {
            allTokens = tokenizer.encode(" " + prompt.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var promptResetSince = 0
        var seek = 0
        let maxLength = model.weights.maxTargetPositions
        while seek < contentFrames {
            let timeOffset = Double(seek) * 0.01
            let segmentSize = min(LogMelSpectrogram.windowFrames, contentFrames - seek)
            let segmentDuration = Double(segmentSize) * 0.01
            let encoded = encode(mel.window(start: seek, length: segmentSize))
            var windowLanguage = language
            var windowCode = languageCode
            if model.isMultilingual && options.detectLanguagePerWindow && fixedLanguage == nil {
                let detected = detectLanguage(encoded)
                windowLanguage = detected.token
                windowCode = tokenizer.languageCode(detected.token) ?? windowCode
            }
            var prompt: [Int] = []
            let previous = Array(allTokens[promptResetSince...])
            if !previous.isEmpty {
                prompt.append(tokenizer.startOfPrevious)
                prompt.append(contentsOf: previous.suffix(maxLength / 2 - 1))
            }
            prompt.append(contentsOf: tokenizer.startSequence(language: windowLanguage))
            if options.withoutTimestamps { prompt.append(tokenizer.noTimestamps) }

            let mark = clock.now
            decoder.start(encoderOutput: encoded)
            let maxNew = min(maxLength / 2, maxLength - (prompt.count - 1))
            let (result, compression) = decodeWithFallback(
                sequenceDecoder, prompt: prompt, options: options, maxNewTokens: maxNew, generator: &generator,
                steps: &timings.decoderSteps)
            timings.decoder += seconds(clock.now - mark)

            if let threshold = options.noSpeechThreshold, result.noSpeechProb > threshold,
                !(options.logProbThreshold.map { result.avgLogProb > $0 } ?? false)
            {
                seek += segmentSize
                progress?(Double(min(seek, contentFrames)) / Double(max(contentFrames, 1)))
                continue
            }
            let split = splitByTimestamps(
                result.tokens, timestampBegin: tokenizer.timestampBegin, timeOffset: timeOffset,
                segmentSize: segmentSize, segmentDuration: segmentDuration, seek: seek)
            seek = split.seek
            for piece in split.segments {
                let text = tokenizer.decode(piece.tokens)
                if piece.start == piece.end || text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
                allTokens.append(contentsOf: piece.tokens)
                segments.append(
                    TranscriptionSegment(
                        id: segments.count, start: piece.start, end: piece.end, text: text, tokens: piece.tokens,
                        temperature: result.temperature, avgLogProb: result.avgLogProb, compressionRatio: compression,
                        noSpeechProb: result.noSpeechProb, language: windowCode))
            }
            if !options.conditionOnPreviousText || result.temperature > options.promptResetOnTemperature {
                promptResetSince = allTokens.count
            }
            progress?(Double(min(seek, contentFrames)) / Double(max(contentFrames, 1)))
        }
        timings.total = seconds(clock.now - started)
        return Transcription(
            segments: segments, language: languageCode, languageProbability: languageProbability,
            duration: Double(samples.count) / Double(LogMelSpectrogram.sampleRate), model: model.name,
            options: options, timings: timings)
    }

    func filter(_ options: TranscriptionOptions) -> LogitFilter {
        let tokenizer = model.tokenizer
        let special = [
            tokenizer.transcribe, tokenizer.translate, tokenizer.startOfTranscript, tokenizer.startOfPrevious,
            tokenizer.startOfLM, tokenizer.noSpeech,
        ]
        return LogitFilter(
            suppressed: Array(Set(model.config.suppressIds + special)).sorted(),
            suppressedAtBegin: options.suppressBlank ? [tokenizer.encode(" ").first ?? 220, tokenizer.endOfText] : [],
            timestamps: !options.withoutTimestamps, endOfText: tokenizer.endOfText,
            noTimestamps: tokenizer.noTimestamps, timestampBegin: tokenizer.timestampBegin,
            maxInitialTimestampIndex: Int((options.maxInitialTimestamp / 0.02).rounded()))
    }

    private func decodeWithFallback(
        _ decoder: SequenceDecoder, prompt: [Int], options: TranscriptionOptions, maxNewTokens: Int,
        generator: inout SplitMix64, steps: inout Int
    ) -> (DecodedSequence, Double) {
        var all: [(DecodedSequence, Double)] = []
        var belowThreshold: [(DecodedSequence, Double)] = []
        for temperature in options.temperatures {
            let result = decoder.decode(
                prompt: prompt, beamSize: temperature > 0 ? 1 : options.beamSize, bestOf: options.bestOf,
                patience: options.patience,
                temperature: temperature, maxNewTokens: maxNewTokens, generator: &generator)
            steps += result.tokens.count + 1
            let text = model.tokenizer.decode(result.tokens).trimmingCharacters(in: .whitespacesAndNewlines)
            let compression = CompressionRatio.of(text)
            all.append((result, compression))
            var needsFallback = false
            if let threshold = options.compressionRatioThreshold {
                if compression > threshold { needsFallback = true } else { belowThreshold.append((result, compression)) }
            }
            if let threshold = options.logProbThreshold, result.avgLogProb < threshold { needsFallback = true }
            if let noSpeech = options.noSpeechThreshold, let threshold = options.logProbThreshold,
                result.noSpeechProb > noSpeech, result.avgLogProb < threshold
            {
                needsFallback = false
            }
            if !needsFallback { return (result, compression) }
            logger?.debug("fallback: temperature \(temperature), compression \(compression), logprob \(result.avgLogProb)")
        }
        let pool = belowThreshold.isEmpty ? all : belowThreshold
        var best = pool.max { $0.0.avgLogProb < $1.0.avgLogProb }!
        best.0.temperature = options.temperatures.last!
        return best
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// A window's tokens cut into segments at pairs of consecutive timestamps, and the next seek.
struct TimestampSplit {
    struct Piece {
        var start: Double
        var end: Double
        var tokens: [Int]
    }

    var segments: [Piece]
    var seek: Int
}

/// Splits as faster-whisper does: at consecutive timestamp pairs; seeks to the last timestamp,
/// or past the window when it ends on a single timestamp or has none.
func splitByTimestamps(
    _ tokens: [Int], timestampBegin: Int, timeOffset: Double, segmentSize: Int, segmentDuration: Double, seek: Int
) -> TimestampSplit {
    let singleTimestampEnding =
        tokens.count >= 2 && tokens[tokens.count - 2] < timestampBegin && tokens[tokens.count - 1] >= timestampBegin
    let consecutive = tokens.indices.filter { $0 > 0 && tokens[$0] >= timestampBegin && tokens[$0 - 1] >= timestampBegin }
    var pieces: [TimestampSplit.Piece] = []
    var newSeek = seek
    if !consecutive.isEmpty {
        var slices = consecutive
        if singleTimestampEnding { slices.append(tokens.count) }
        var lastSlice = 0
        for current in slices {
            let sliced = Array(tokens[lastSlice..<current])
            let start = timeOffset + Double(sliced[0] - timestampBegin) * 0.02
            let end = timeOffset + Double(sliced[sliced.count - 1] - timestampBegin) * 0.02
            pieces.append(.init(start: start, end: end, tokens: sliced))
            lastSlice = current
        }
        if singleTimestampEnding {
            newSeek += segmentSize
        } else {
            newSeek += (tokens[lastSlice - 1] - timestampBegin) * 2
        }
    } else {
        var duration = segmentDuration
        let timestamps = tokens.filter { $0 >= timestampBegin }
        if let last = timestamps.last, last != timestampBegin { duration = Double(last - timestampBegin) * 0.02 }
        pieces.append(.init(start: timeOffset, end: timeOffset + duration, tokens: tokens))
        newSeek += segmentSize
    }
    return TimestampSplit(segments: pieces, seek: newSeek)
}

/// A small seeded generator, so that fallback sampling is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

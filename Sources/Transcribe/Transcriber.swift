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
    let logger: Logger?

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
    /// With `speech` (the recording's speech regions, from ``SileroVAD``) and
    /// ``TranscriptionOptions/speechOnly``, only the speech is transcribed: regions are packed into
    /// windows of at most 30 s with the silences longer than ``TranscriptionOptions/maxSilence``
    /// cut out (``SpeechWindow``), and no segment or word crosses such a silence. The regions also
    /// serve the text-in-silence guard. Every segment is checked (``SegmentGuard``); a window with
    /// a flagged segment is decoded once more with fallback settings, and what stays flagged is
    /// marked `needsReview`.
    ///
    /// - Parameter progress: called after each window with the fraction of the audio done (0...1).
    /// - Throws: ``TranscriptionError`` if an option is invalid (unknown language, beam size < 1).
    public func transcribe(
        samples: [Float], speech: [SpeechRegion]? = nil, options: TranscriptionOptions = TranscriptionOptions(),
        progress: (@Sendable (Double) -> Void)? = nil
    ) throws(TranscriptionError) -> Transcription {
        let clock = ContinuousClock()
        let started = clock.now
        var timings = TranscriptionTimings()
        guard options.beamSize >= 1 else { throw TranscriptionError.invalidBeamSize(options.beamSize) }
        guard options.bestOf >= 1 else { throw TranscriptionError.invalidBestOf(options.bestOf) }
        guard !options.temperatures.isEmpty else { throw TranscriptionError.noTemperature }
        guard options.maxSilence > 0 else { throw TranscriptionError.invalidMaxSilence(options.maxSilence) }
        let tokenizer = model.tokenizer
        var fixedLanguage: Int?
        if !model.isMultilingual {
            fixedLanguage = nil
        } else if let code = options.language {
            guard let token = tokenizer.languageToken(code) else { throw TranscriptionError.unknownLanguage(code) }
            fixedLanguage = token
        }
        let speechOnly = options.speechOnly && speech != nil
        let windows =
            speechOnly
            ? SpeechWindow.pack(
                speech ?? [], sampleCount: samples.count, maxSilence: options.maxSilence,
                separateStretches: options.detectLanguagePerWindow)
            : [SpeechWindow.whole(sampleCount: samples.count)]
        let wantsWords = options.wordTimestamps || speechOnly

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
        let detection = LanguageDetection(tokenizer: tokenizer)
        func detectLanguage(_ encoded: [Float]) -> (token: Int, probability: Double) {
            let mark = clock.now
            defer { timings.decoder += seconds(clock.now - mark) }
            return detection.detect(encoded, decoder: decoder)
        }
        // The language is detected on the first window the loop decodes: its encoding serves both.
        var firstEncoding: [Float]?

        var language = fixedLanguage
        var languageCode = model.isMultilingual ? (options.language ?? "en") : "en"
        var languageProbability = 1.0
        var segments: [TranscriptionSegment] = []
        var allTokens: [Int] = []
        if let prompt = options.initialPrompt, !prompt.isEmpty {
            allTokens = tokenizer.encode(" " + prompt.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var promptResetSince = 0
        var lastSpeech = 0.0
        let maxLength = model.weights.maxTargetPositions
        let totalSamples = max(1, windows.reduce(0) { $0 + $1.sampleCount })
        var doneSamples = 0

        for (windowIndex, window) in windows.enumerated() {
            let mark = clock.now
            let clip = speechOnly ? window.clip(of: samples) : samples
            let mel = LogMelWindows(samples: clip, melBins: model.melBins)
            timings.mel += seconds(clock.now - mark)
            let contentFrames = mel.contentFrames
            if windowIndex == 0 && model.isMultilingual && fixedLanguage == nil {
                let encoded = encode(mel.window(start: 0, length: min(LogMelSpectrogram.windowFrames, contentFrames)))
                firstEncoding = encoded
                let detected = detectLanguage(encoded)
                language = detected.token
                languageCode = tokenizer.languageCode(detected.token) ?? languageCode
                languageProbability = detected.probability
                logger?.debug("detected language \(languageCode) (p=\(detected.probability))")
            }
            var seek = 0
            if speechOnly { lastSpeech = 0 }
            while seek < contentFrames {
                let timeOffset = Double(seek) * 0.01
                let segmentSize = min(LogMelSpectrogram.windowFrames, contentFrames - seek)
                let segmentDuration = Double(segmentSize) * 0.01
                let encoded: [Float]
                if windowIndex == 0, seek == 0, let first = firstEncoding {
                    encoded = first
                    firstEncoding = nil
                } else {
                    encoded = encode(mel.window(start: seek, length: segmentSize))
                }
                // The window's own language: decoded in it when asked, checked against the recording's always.
                var windowLanguage = language
                var windowCode = languageCode
                var detectedCode = languageCode
                var detectedToken = language
                if model.isMultilingual && (options.detectLanguagePerWindow || speechOnly) {
                    let detected = detectLanguage(encoded)
                    detectedToken = detected.token
                    detectedCode = tokenizer.languageCode(detected.token) ?? windowCode
                    if options.detectLanguagePerWindow && fixedLanguage == nil {
                        windowLanguage = detected.token
                        windowCode = detectedCode
                    }
                }

                /// One decoding of this window: its segments (recording times), the next seek, and whether it was skipped.
                func decodeWindow(
                    previous: [Int], settings: TranscriptionOptions, languageToken: Int?, code: String
                ) -> (segments: [TranscriptionSegment], seek: Int, result: DecodedSequence?, speechEnd: Double) {
                    var prompt: [Int] = []
                    if !previous.isEmpty {
                        prompt.append(tokenizer.startOfPrevious)
                        prompt.append(contentsOf: previous.suffix(maxLength / 2 - 1))
                    }
                    prompt.append(contentsOf: tokenizer.startSequence(language: languageToken))
                    if settings.withoutTimestamps { prompt.append(tokenizer.noTimestamps) }
                    let mark = clock.now
                    decoder.start(encoderOutput: encoded)
                    let maxNew = min(maxLength / 2, maxLength - (prompt.count - 1))
                    let (result, compression) = decodeWithFallback(
                        sequenceDecoder, prompt: prompt, options: settings, maxNewTokens: maxNew, generator: &generator,
                        steps: &timings.decoderSteps)
                    timings.decoder += seconds(clock.now - mark)
                    if let threshold = settings.noSpeechThreshold, result.noSpeechProb > threshold,
                        !(settings.logProbThreshold.map { result.avgLogProb > $0 } ?? false)
                    {
                        return ([], seek + segmentSize, nil, lastSpeech)
                    }
                    let split = splitByTimestamps(
                        result.tokens, timestampBegin: tokenizer.timestampBegin, timeOffset: timeOffset,
                        segmentSize: segmentSize, segmentDuration: segmentDuration, seek: seek)
                    var pieces: [TranscriptionSegment] = []
                    for piece in split.segments {
                        let text = tokenizer.decode(piece.tokens)
                        if piece.start == piece.end || text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
                        pieces.append(
                            TranscriptionSegment(
                                id: 0, start: piece.start, end: piece.end, text: text, tokens: piece.tokens,
                                temperature: result.temperature, avgLogProb: result.avgLogProb, compressionRatio: compression,
                                noSpeechProb: result.noSpeechProb, language: code))
                    }
                    var speechEnd = lastSpeech
                    if wantsWords {
                        let mark = clock.now
                        alignWords(
                            &pieces, decoder: decoder, language: languageToken, languageCode: code, positions: segmentSize / 2,
                            timeOffset: timeOffset, lastSpeech: &speechEnd)
                        timings.alignment += seconds(clock.now - mark)
                    }
                    if speechOnly { pieces = Self.mapped(pieces, through: window, tokenizer: tokenizer) }
                    for index in pieces.indices {
                        pieces[index].flags = SegmentGuard.flags(
                            pieces[index], speech: speech, recordingLanguage: languageCode, windowLanguage: detectedCode,
                            endOfText: tokenizer.endOfText)
                    }
                    return (pieces, split.seek, result, speechEnd)
                }

                let previous = Array(allTokens[promptResetSince...])
                var attempt = decodeWindow(previous: previous, settings: options, languageToken: windowLanguage, code: windowCode)
                let flagged = Set(attempt.segments.flatMap(\.flags))
                let bad = flagged.filter(\.isRetryable)
                // Decoded in the recording's language while the window speaks another: decode it in its own.
                // A language the user forced is the one decoded, in every window and every fallback.
                let wrongLanguage = fixedLanguage == nil && flagged.contains(.otherLanguage) && detectedToken != windowLanguage
                if options.guardRetry && (!bad.isEmpty || wrongLanguage) {
                    // Once more with fallback settings: no previous text; hotter when the text itself
                    // looked bad; in the window's detected language when it differs.
                    var fallback = options
                    fallback.conditionOnPreviousText = false
                    if !bad.isEmpty {
                        let hotter = options.temperatures.filter { $0 > 0 }
                        fallback.temperatures = hotter.isEmpty ? [0.2, 0.4, 0.6, 0.8, 1.0] : hotter
                        fallback.beamSize = 1
                    }
                    let retry = decodeWindow(
                        previous: [], settings: fallback, languageToken: wrongLanguage ? detectedToken : windowLanguage,
                        code: wrongLanguage ? detectedCode : windowCode)
                    let badness = { (segments: [TranscriptionSegment]) in
                        segments.reduce(0) { $0 + $1.flags.filter(\.isRetryable).count }
                    }
                    logger?.debug(
                        "guard retry at \(timeOffset) s: flags \(flagged.sorted()), \(badness(attempt.segments)) → \(badness(retry.segments))"
                    )
                    if retry.result != nil && !retry.segments.isEmpty
                        && (badness(retry.segments) < badness(attempt.segments)
                            || (wrongLanguage && badness(retry.segments) <= badness(attempt.segments)))
                    {
                        attempt = retry
                    }
                }
                for index in attempt.segments.indices {
                    attempt.segments[index].id = segments.count + index
                    attempt.segments[index].needsReview = !attempt.segments[index].flags.isEmpty
                    if !options.wordTimestamps { attempt.segments[index].words = [] }
                    allTokens.append(contentsOf: attempt.segments[index].tokens)
                }
                segments.append(contentsOf: attempt.segments)
                seek = attempt.seek
                lastSpeech = attempt.speechEnd
                let stillFlagged = options.guardRetry && attempt.segments.contains { !$0.flags.isEmpty }
                if let result = attempt.result,
                    !options.conditionOnPreviousText || result.temperature > options.promptResetOnTemperature || stillFlagged
                {
                    promptResetSince = allTokens.count
                }
                let done = doneSamples + min(seek, contentFrames) * clip.count / max(contentFrames, 1)
                progress?(Double(done) / Double(totalSamples))
            }
            doneSamples += clip.count
        }
        var missedSpeech: [SpeechRegion] = []
        if speechOnly, let speech {
            // The passes below transcribe pieces again: their encoders take the matrix threads
            // back (the loop left one thread set for the decoder).
            openblas_set_num_threads(encoderThreads)
            let mark = clock.now
            redecodeFlaggedRuns(&segments, samples: samples, options: options)
            timings.secondPass = seconds(clock.now - mark)
            let recovery = clock.now
            missedSpeech = recoverMissedSpeech(&segments, samples: samples, speech: speech, options: options)
            timings.recovery = seconds(clock.now - recovery)
            if !missedSpeech.isEmpty { logger?.warning("speech left without text at \(missedSpeech.map(\.start)) s") }
        }
        timings.total = seconds(clock.now - started)
        var transcription = Transcription(
            segments: segments, language: languageCode, languageProbability: languageProbability,
            duration: Double(samples.count) / Double(LogMelSpectrogram.sampleRate), model: model.name,
            computeType: model.computeType, options: options, timings: timings, missedSpeech: missedSpeech)
        transcription.approximateWordTimes = options.wordTimestamps && model.hasApproximateWordTimes
        return transcription
    }

    /// Times the words of a window's segments from one teacher-forced decoder pass over their text.
    func alignWords(
        _ segments: inout [TranscriptionSegment], decoder: WhisperDecoder, language: Int?, languageCode: String, positions: Int,
        timeOffset: Double, lastSpeech: inout Double
    ) {
        let tokenizer = model.tokenizer
        let textTokens = segments.flatMap { $0.tokens.filter { $0 < tokenizer.endOfText } }
        let start = tokenizer.startSequence(language: language)
        guard !textTokens.isEmpty, start.count + textTokens.count + 2 <= decoder.maxLength else { return }
        let heads = model.alignmentHeads
        let pass = decoder.alignmentPass(
            startSequence: start, noTimestamps: tokenizer.noTimestamps, textTokens: textTokens, endOfText: tokenizer.endOfText,
            heads: heads)
        let alignment = WordAligner.align(
            attention: pass.attention, sourcePositions: decoder.sourcePositions, positions: positions, textTokens: textTokens,
            probabilities: pass.tokenProbabilities, tokenizer: tokenizer, language: languageCode)
        WordAligner.assign(alignment, to: &segments, timeOffset: timeOffset, endOfText: tokenizer.endOfText, lastSpeech: &lastSpeech)
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

import Foundation
import Logging
import Media

/// Transcribes a capture while it is being recorded, a few seconds behind, keeping the text
/// already given stable.
///
/// Each ``step(folder:state:previousText:isFinal:)`` decodes only the audio after the state's
/// `transcribedUntil` (earlier packets are skipped undecoded, parts already complete are not
/// opened again), finds its speech regions (``SileroVAD``) and transcribes the *committed* ones:
/// those followed by enough silence (``LiveOptions/trailingSilence``), or cut because they ran
/// longer than ``LiveOptions/maxRegion``. It then moves `transcribedUntil` past them, never over
/// speech still going on, so no audio is transcribed twice and earlier text never changes.
/// A part whose tail is still being written (cut mid-packet or mid-header) is "not yet", never an
/// error. Blocks its thread, as ``RecordingPipeline`` does.
public struct LiveTranscriber: Sendable {
    /// The Whisper model and its decoding loop.
    public let transcriber: Transcriber
    /// The voice-activity detector.
    public let vad: SileroVAD
    /// When regions are committed, and the Whisper settings.
    public var options: LiveOptions
    /// Step decisions.
    public var logger: Logger

    /// A live transcriber with the models of a loaded pipeline.
    public init(transcriber: Transcriber, vad: SileroVAD, options: LiveOptions = LiveOptions(), logger: Logger = Logger(label: "verbatim.live")) {
        self.transcriber = transcriber
        self.vad = vad
        self.options = options
        self.logger = logger
    }

    /// One step over the capture in `folder` from `state`.
    ///
    /// - Parameters:
    ///   - language: the capture's language, or nil to detect it in each step (the state keeps the last one found).
    ///   - previousText: the live text so far (its end primes Whisper).
    ///   - isFinal: the capture has stopped: commit everything heard, with no silence after it.
    /// - Throws: ``PipelineError`` when Whisper refuses the options (an unknown language). A part
    ///   that cannot be read is never an error: the last one is still arriving, and an earlier
    ///   one (a recorder that died before its header was out) counts as empty, with a warning.
    public func step(
        folder: URL, state: LiveState, language: String? = nil, previousText: String = "", isFinal: Bool = false
    ) throws(PipelineError) -> LiveStep {
        try step(
            parts: CaptureParts.files(in: folder).map { .file($0) }, state: state, language: language, previousText: previousText,
            isFinal: isFinal)
    }

    /// ``step(folder:state:language:previousText:isFinal:)`` over the capture's parts given in
    /// order, as files or byte sources (parts sealed at rest, decrypted as they are read).
    public func step(
        parts: [MediaInput], state: LiveState, language: String? = nil, previousText: String = "", isFinal: Bool = false
    ) throws(PipelineError) -> LiveStep {
        let rate = Double(SileroVAD.sampleRate)
        var next = state
        if next.partStarts.isEmpty { next.partStarts = [0] }
        if let language { next.language = language }
        let origin = state.transcribedUntil
        let audio = newAudio(parts: parts, from: origin, starts: &next.partStarts)
        let heard = Double(audio.count) / rate

        let regions = SpeechRegion.regions(
            probabilities: vad.probabilities(samples: audio), sampleCount: audio.count,
            options: SpeechDetectionOptions(maxSpeechDuration: options.maxRegion))
        var committed: [SpeechRegion] = []
        for (index, region) in regions.enumerated() {
            // Closed by the detector (another region follows) or followed by enough silence.
            guard isFinal || index + 1 < regions.count || heard - region.end >= options.trailingSilence else { break }
            committed.append(region)
        }
        let committedEnd = committed.last?.end ?? 0
        var until: Double
        if isFinal {
            until = heard
        } else if committed.count < regions.count {
            // Up to just before the speech still going on, which the next step starts with.
            until = max(committedEnd, regions[committed.count].start - 0.2)
        } else {
            until = max(committedEnd, heard - options.holdBack)
        }
        until = max(0, min(until, heard))

        var segments: [Transcriber.TextSpan] = []
        if !committed.isEmpty {
            var settings = options.transcription
            // The capture's language when given; else each step detects it, so that an interview
            // switching between languages keeps each answer in its own (the guards' retry).
            settings.language = language
            let prompt = previousText.suffix(options.promptCharacters).trimmingCharacters(in: .whitespacesAndNewlines)
            settings.initialPrompt = prompt.isEmpty ? nil : prompt
            let clip = Array(audio.prefix(Int((committedEnd * rate).rounded(.up))))
            let transcription: Transcription
            do {
                transcription = try transcriber.transcribe(samples: clip, speech: committed, options: settings)
            } catch {
                throw PipelineError(step: "transcribe", error.description, isRetryable: false)
            }
            if language == nil { next.language = transcription.language }
            var last = origin
            for segment in transcription.segments {
                let text = segment.text.trimmingCharacters(in: .whitespacesAndNewlines)
                let start = max(last, origin + segment.start)
                let end = min(origin + until, origin + segment.end)
                guard !text.isEmpty, end > start else { continue }
                segments.append(Transcriber.TextSpan(start: start, end: end, text: text))
                last = end
            }
        }
        next.transcribedUntil = origin + until
        logger.debug(
            "live step",
            metadata: [
                "from": "\(origin)", "heard": "\(origin + heard)", "regions": "\(regions.count)", "committed": "\(committed.count)",
                "until": "\(next.transcribedUntil)", "segments": "\(segments.count)",
            ])
        return LiveStep(segments: segments, state: next, heardUntil: origin + heard)
    }

    /// The 16 kHz mono audio of the capture from `start` (capture seconds) to the end of what has
    /// arrived, across parts; learns the start of each part that follows a complete one.
    func newAudio(parts: [MediaInput], from start: Double, starts: inout [Double]) -> [Float] {
        guard !parts.isEmpty else { return [] }
        // The part holding `start`: the last one known to begin at or before it.
        var index = min(parts.count - 1, max(0, (starts.lastIndex { $0 <= start + 1e-9 }) ?? 0))
        var audio: [Float] = []
        var cursor = start
        while index < parts.count {
            let local = max(0, cursor - starts[index])
            let samples = decode(parts[index], from: local, isLast: index == parts.count - 1)
            audio.append(contentsOf: samples)
            guard index + 1 < parts.count else { break }
            // Part `index` is complete: the next one starts where it ended.
            let end = starts[index] + local + Double(samples.count) / Double(SileroVAD.sampleRate)
            if starts.count == index + 1 { starts.append(end) }
            index += 1
            cursor = starts[index]
        }
        return audio
    }

    /// One part's audio from `local` seconds into it. A part that cannot be opened or decoded yet
    /// (its header still arriving: FFmpeg says I/O error or invalid data) gives what could be
    /// decoded, or nothing.
    func decode(_ part: MediaInput, from local: Double, isLast: Bool) -> [Float] {
        var samples: [Float] = []
        do {
            let decoder = try AudioDecoder(input: part, options: DecodeOptions(startTime: local))
            while let chunk = try decoder.nextChunk() { samples.append(contentsOf: chunk.channels[0]) }
        } catch {
            // A header cut short reads as an I/O or format error: the next step will see more.
            if isLast {
                logger.debug("part not readable yet", metadata: ["part": "\(part.name)", "error": "\(error)"])
            } else {
                logger.warning("complete part unreadable; taken as empty", metadata: ["part": "\(part.name)", "error": "\(error)"])
            }
        }
        return samples
    }
}

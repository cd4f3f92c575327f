import ArgumentParser
import Foundation
import Logging
import Media
import Transcribe

#if canImport(Glibc)
    import Glibc
#endif

/// `verbatim transcribe FILE`: decode and transcribe a recording with Whisper.
struct TranscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe",
        abstract: "Transcribe a recording with Whisper on the CPU."
    )

    @Argument(help: "The audio or video file.")
    var file: String

    @Option(
        help:
            "Model: a name in the models folder (base, the multilingual default; tiny.en; large-v3...; see `verbatim models`) or the path of a CTranslate2 Whisper checkpoint folder."
    )
    var model = "base"

    @Option(help: "Language code (fr, en, de...) or auto to detect it.")
    var language = "auto"

    @Flag(help: "Detect the language again in every 30-second window (interviews that switch language).")
    var languagePerWindow = false

    @Option(help: "Beam size (1 = greedy).")
    var beam = 5

    @Option(help: "Words to prime the vocabulary: names of places, drugs, jargon.")
    var prompt: String?

    @Flag(inversion: .prefixedNo, help: "Give the previous window's text to the decoder.")
    var conditionOnPrevious = true

    @Option(help: "Output format: txt, srt, vtt, rttm (needs --speakers) or json.")
    var format = "txt"

    @Option(help: "Speakers: a number, or auto to estimate it (two-channel recordings: one speaker per channel).")
    var speakers: String?

    @Flag(help: "Time every word (json: words with probabilities; vtt: word timestamps inside cues).")
    var words = false

    @Flag(inversion: .prefixedNo, help: "Transcribe only the speech found by the voice-activity detector.")
    var vad = true

    @Option(help: "Longest silence (seconds) a segment may span; longer ones are cut out (with --vad).")
    var maxSilence = 2.0

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Option(help: "Audio stream index (see `verbatim probe`); default: the best one.")
    var stream: Int?

    @Option(help: "Threads for matrix products (default: all cores).")
    var threads: Int?

    @Option(help: "Weights in memory: int8 (faster, the default on CPUs with AVX-512 VNNI) or float32.")
    var computeType: String?

    func validate() throws {
        guard TranscriptionFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of \(TranscriptionFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard beam >= 1 else { throw ValidationError("--beam must be at least 1") }
        if let speakers, speakers != "auto", !(Int(speakers).map { (1...20).contains($0) } ?? false) {
            throw ValidationError("--speakers must be auto or a number from 1 to 20, not \(speakers)")
        }
        if format == "rttm" && speakers == nil { throw ValidationError("--format rttm needs --speakers N or --speakers auto") }
        guard maxSilence > 0 else { throw ValidationError("--max-silence must be a positive number of seconds, e.g. 2") }
        if let computeType, ComputeType(rawValue: computeType) == nil {
            throw ValidationError("--compute-type must be one of \(ComputeType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let models = try ModelFolder.locate()
        let directory = try models.whisperModel(model)
        if let threads { Transcriber.setMatrixThreads(threads) }
        let url = URL(fileURLWithPath: file)
        let progress = ProgressReporter(label: url.lastPathComponent)
        var logger = Logger(label: "verbatim.transcribe")
        logger.logLevel = .warning
        let pipeline = try RecordingPipeline(
            modelDirectory: directory, modelsDirectory: models.url,
            computeType: computeType.flatMap(ComputeType.init(rawValue:)) ?? .preferred, logger: logger)
        let transcription = TranscriptionOptions(
            language: language == "auto" ? nil : language,
            detectLanguagePerWindow: languagePerWindow,
            beamSize: beam,
            conditionOnPreviousText: conditionOnPrevious,
            initialPrompt: prompt,
            wordTimestamps: words || speakers != nil,
            speechOnly: vad,
            maxSilence: maxSilence
        )
        let speakerSetting: PipelineOptions.Speakers =
            switch speakers {
            case nil: .none
            case "auto": .estimate
            case let count?: .count(Int(count) ?? 1)
            }
        // The duration is known once decoded; until then the bar shows the fraction alone.
        let result = try pipeline.run(
            url: url, options: PipelineOptions(transcription: transcription, speakers: speakerSetting, streamIndex: stream)
        ) { fraction in progress.update(fraction: fraction) }
        if result.report.isTruncated {
            progress.note(
                String(
                    format: "warning: the file is truncated; %.1f s of the declared %.1f s are missing", result.report.shortfall,
                    result.report.declaredDuration ?? 0))
        }
        for region in result.transcription.missedSpeech {
            progress.note(
                String(
                    format: "warning: speech at %.1f–%.1f s gave no text; listen there and transcribe it by hand", region.start, region.end)
            )
        }
        if words, result.transcription.approximateWordTimes {
            progress.note("warning: the model names no alignment heads; word times are approximate")
        }
        var output = result.transcription
        if !words {
            for index in output.segments.indices { output.segments[index].words = [] }
        }
        progress.finish(audioSeconds: result.duration, language: output.language)
        let name = url.deletingPathExtension().lastPathComponent
        let text = try TranscriptionFormat(rawValue: format)!.render(output, turns: result.turns, words: words, fileID: name)
        if let output = self.output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

/// Progress on standard error: a redrawn bar on a terminal, plain lines otherwise.
final class ProgressReporter: Sendable {
    private let label: String
    private let interactive: Bool
    private let started = Date()

    init(label: String) {
        self.label = label
        interactive = isatty(STDERR_FILENO) == 1
    }

    func update(fraction: Double) {
        let percent = Int((fraction * 100).rounded(.down))
        if interactive {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
            write(String(format: "\r%@ [%@] %3d%%", label, bar, percent))
        } else {
            write(String(format: "%@: %d%%\n", label, percent))
        }
    }

    func finish(audioSeconds: Double, language: String) {
        let elapsed = Date().timeIntervalSince(started)
        write(
            String(
                format: "%@%@: %.1f s of audio in %.1f s, language %@\n", interactive ? "\r\u{1B}[K" : "", label, audioSeconds, elapsed,
                language))
    }

    func note(_ message: String) {
        write(message + "\n")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

import ArgumentParser
import Foundation
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

    @Option(help: "Model: base (multilingual, the default) or tiny.en (English only).")
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

    @Option(help: "Output format: txt, srt, vtt or json.")
    var format = "txt"

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
        if let computeType, ComputeType(rawValue: computeType) == nil {
            throw ValidationError("--compute-type must be one of \(ComputeType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let directory = try ModelLocator.whisper(model)
        if let threads { Transcriber.setMatrixThreads(threads) }
        let progress = ProgressReporter(label: URL(fileURLWithPath: file).lastPathComponent)
        let audio = try AudioDecoder.decodeAll(url: URL(fileURLWithPath: file), options: DecodeOptions(streamIndex: stream))
        if audio.report.isTruncated {
            progress.note(String(format: "warning: the file is truncated; %.1f s of the declared %.1f s are missing", audio.report.shortfall, audio.report.declaredDuration ?? 0))
        }
        let transcriber = try Transcriber(
            modelDirectory: directory, computeType: computeType.flatMap(ComputeType.init(rawValue:)) ?? .preferred)
        let options = TranscriptionOptions(
            language: language == "auto" ? nil : language,
            detectLanguagePerWindow: languagePerWindow,
            beamSize: beam,
            conditionOnPreviousText: conditionOnPrevious,
            initialPrompt: prompt
        )
        let duration = audio.duration
        let transcription = try transcriber.transcribe(samples: audio.samples, options: options) { fraction in
            progress.update(fraction: fraction, audioSeconds: duration)
        }
        progress.finish(audioSeconds: duration, language: transcription.language)
        let text = try TranscriptionFormat(rawValue: format)!.render(transcription)
        if let output {
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

    func update(fraction: Double, audioSeconds: Double) {
        let elapsed = max(Date().timeIntervalSince(started), 1e-3)
        let speed = fraction * audioSeconds / elapsed
        let percent = Int((fraction * 100).rounded(.down))
        if interactive {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
            write(String(format: "\r%@ [%@] %3d%%  %.1fx real time", label, bar, percent, speed))
        } else {
            write(String(format: "%@: %d%% (%.1fx real time)\n", label, percent, speed))
        }
    }

    func finish(audioSeconds: Double, language: String) {
        let elapsed = Date().timeIntervalSince(started)
        write(String(format: "%@%@: %.1f s of audio in %.1f s, language %@\n", interactive ? "\r\u{1B}[K" : "", label, audioSeconds, elapsed, language))
    }

    func note(_ message: String) {
        write(message + "\n")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

import ArgumentParser
import Foundation
import Media

/// `verbatim decode FILE -o OUT.wav` (or `.flac`): decode the audio to a 16 kHz WAV or FLAC file.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a file's audio to a 16 kHz mono (or per-channel) WAV or FLAC file."
    )

    @Argument(help: "The audio or video file.")
    var file: String

    @Option(name: .shortAndLong, help: "The file to write: .wav (float32 by default) or .flac (16-bit by default).")
    var output: String

    @Option(help: "Audio stream index to decode (see `verbatim probe`); default: the best one.")
    var stream: Int?

    @Option(help: "Output sample rate in Hz.")
    var rate = 16_000

    @Flag(help: "Keep the source channels apart instead of mixing down to mono.")
    var keepChannels = false

    @Flag(help: "Write 16-bit integer samples (a WAV's default is 32-bit float).")
    var pcm16 = false

    @Flag(help: "Write 24-bit integer samples (FLAC only).")
    var pcm24 = false

    func validate() throws {
        guard (8_000...192_000).contains(rate) else {
            throw ValidationError("--rate must be between 8000 and 192000 Hz")
        }
        guard !(pcm16 && pcm24) else {
            throw ValidationError("--pcm16 and --pcm24 exclude each other")
        }
    }

    func run() throws {
        let options = DecodeOptions(streamIndex: stream, sampleRate: rate, keepChannels: keepChannels)
        let decoder = try AudioDecoder(url: URL(fileURLWithPath: file), options: options)
        let channels = keepChannels ? max(1, decoder.stream.channels ?? 1) : 1
        let writer = try AudioFileWriter(
            url: URL(fileURLWithPath: output),
            sampleRate: rate,
            channels: channels,
            encoding: pcm24 ? .int24 : pcm16 ? .int16 : nil
        )
        while let chunk = try decoder.nextChunk() {
            try writer.append(chunk.channels)
        }
        try writer.finish()
        let report = decoder.report
        var line = String(format: "decoded stream %d (%@): %.3f s", report.streamIndex, report.codec, report.decodedDuration)
        if report.isTruncated {
            line += String(format: "; the file is truncated: %.3f s of the declared %.3f s are missing", report.shortfall, report.declaredDuration ?? 0)
        }
        if report.corruptPackets > 0 {
            line += "; \(report.corruptPackets) corrupt packets skipped"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

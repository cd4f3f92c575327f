import ArgumentParser
import Foundation
import Media

/// `verbatim peaks FILE`: waveform peaks as JSON, for drawing.
struct PeaksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peaks",
        abstract: "Print waveform peaks (min/max per bin) of a file's audio as JSON."
    )

    @Argument(help: "The audio or video file.")
    var file: String

    @Option(help: "Bin length in milliseconds.")
    var bin = 50

    func validate() throws {
        guard bin > 0 else { throw ValidationError("--bin must be positive") }
    }

    func run() throws {
        let peaks = try WaveformPeaks(url: URL(fileURLWithPath: file), binMilliseconds: bin)
        print(String(decoding: try JSONEncoder().encode(peaks), as: UTF8.self))
    }
}

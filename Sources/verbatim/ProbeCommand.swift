import ArgumentParser
import Foundation
import Media

/// `verbatim probe FILE`: describe a media file as JSON.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Describe a media file (container, duration, streams, creation time) as JSON."
    )

    @Argument(help: "The audio or video file.")
    var file: String

    func run() throws {
        let info = try MediaInfo(probing: URL(fileURLWithPath: file))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(info), as: UTF8.self))
    }
}

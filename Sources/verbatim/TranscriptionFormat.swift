import Foundation
import Transcribe

/// The file formats `verbatim transcribe` writes.
enum TranscriptionFormat: String, CaseIterable {
    case txt, srt, vtt, json

    /// Renders a transcription in this format.
    func render(_ transcription: Transcription) throws -> String {
        let segments = transcription.segments
        switch self {
        case .txt:
            return segments.map { "[\(Self.clock($0.start, separator: ".")) --> \(Self.clock($0.end, separator: "."))] \(Self.clean($0.text))" }
                .joined(separator: "\n") + "\n"
        case .srt:
            return segments.enumerated().map { index, segment in
                "\(index + 1)\n\(Self.clock(segment.start, separator: ",")) --> \(Self.clock(segment.end, separator: ","))\n\(Self.clean(segment.text))\n"
            }.joined(separator: "\n")
        case .vtt:
            return "WEBVTT\n\n" + segments.map { segment in
                "\(Self.clock(segment.start, separator: ".")) --> \(Self.clock(segment.end, separator: "."))\n\(Self.clean(segment.text))\n"
            }.joined(separator: "\n")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(transcription), as: UTF8.self) + "\n"
        }
    }

    /// `HH:MM:SS.mmm` (or with a comma, as SRT wants).
    static func clock(_ seconds: Double, separator: String) -> String {
        let milliseconds = Int((max(0, seconds) * 1000).rounded())
        let hours = milliseconds / 3_600_000, minutes = milliseconds / 60_000 % 60
        let secs = milliseconds / 1000 % 60, millis = milliseconds % 1000
        return String(format: "%02d:%02d:%02d%@%03d", hours, minutes, secs, separator, millis)
    }

    private static func clean(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

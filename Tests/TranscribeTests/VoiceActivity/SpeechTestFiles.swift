import Foundation
import Media

/// Paths the voice-activity and speaker tests use: the repository's samples/, models/ and the
/// committed oracle fixtures, found from this file's location.
enum SpeechTestFiles {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sample(_ name: String) -> URL {
        repository.appendingPathComponent("samples/speech").appendingPathComponent(name)
    }

    static func reference(_ name: String) -> URL {
        repository.appendingPathComponent("samples/speech/refs").appendingPathComponent(name)
    }

    static let vadModelDirectory = repository.appendingPathComponent("models/silero-vad")
    static let speakerModelDirectory = repository.appendingPathComponent("models/speaker-encoder")

    static func fixture(_ folder: String, _ name: String) -> URL {
        repository.appendingPathComponent("Tests/TranscribeTests").appendingPathComponent(folder)
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// 16 kHz mono samples decoded by `Media`.
    static func monoSamples(_ name: String) throws -> [Float] {
        try AudioDecoder.decodeAll(url: sample(name)).samples
    }

    /// Reference speaker turns of an RTTM file: (start, end, speaker).
    static func rttmTurns(_ name: String) throws -> [(start: Double, end: Double, speaker: String)] {
        let text = try String(contentsOf: reference(name), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 8, fields[0] == "SPEAKER", let start = Double(fields[3]), let duration = Double(fields[4])
            else { return nil }
            return (start, start + duration, String(fields[7]))
        }
    }
}

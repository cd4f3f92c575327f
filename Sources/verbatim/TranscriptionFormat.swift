import Foundation
import Transcribe

/// The file formats `verbatim transcribe` writes.
enum TranscriptionFormat: String, CaseIterable {
    case txt, srt, vtt, rttm, json

    /// Renders a transcription in this format. `turns` are the speaker turns when diarized;
    /// `words` adds word timings where the format has a place for them; `fileID` names the
    /// recording in RTTM.
    func render(_ transcription: Transcription, turns: [SpeakerTurn]? = nil, words: Bool = false, fileID: String = "audio") throws -> String
    {
        let segments = transcription.segments
        switch self {
        case .txt:
            // Plain text, one segment per line, as Whisper's own txt writer: times belong to srt,
            // vtt and json. With speakers, each line starts with its speaker's label.
            return segments.map { segment in
                (turns != nil ? "\(segment.speaker ?? "S?"): " : "") + Self.clean(segment.text)
            }.joined(separator: "\n") + "\n"
        case .srt:
            return segments.enumerated().map { index, segment in
                let label = turns != nil ? "\(segment.speaker ?? "S?"): " : ""
                return
                    "\(index + 1)\n\(Self.clock(segment.start, separator: ",")) --> \(Self.clock(segment.end, separator: ","))\n\(label)\(Self.clean(segment.text))\n"
            }.joined(separator: "\n")
        case .vtt:
            return "WEBVTT\n\n"
                + segments.map { segment in
                    var text = Self.clean(segment.text)
                    if words && !segment.words.isEmpty {
                        text = segment.words.enumerated().map { index, word in
                            let item = Self.escaped(index == 0 ? word.text.trimmingCharacters(in: .whitespaces) : word.text)
                            return index == 0 ? item : "<\(Self.clock(word.start, separator: "."))>\(item)"
                        }.joined()
                    } else {
                        text = Self.escaped(text)
                    }
                    if turns != nil { text = "<v \(segment.speaker ?? "S?")>\(text)</v>" }
                    return "\(Self.clock(segment.start, separator: ".")) --> \(Self.clock(segment.end, separator: "."))\n\(text)\n"
                }.joined(separator: "\n")
        case .rttm:
            // Speaker turns from the words' speakers: consecutive segments of one speaker merged.
            var lines: [(start: Double, end: Double, speaker: String)] = []
            for segment in segments {
                guard let speaker = segment.speaker else { continue }
                if let last = lines.last, last.speaker == speaker, segment.start - last.end < 0.5 {
                    lines[lines.count - 1].end = max(last.end, segment.end)
                } else {
                    lines.append((segment.start, segment.end, speaker))
                }
            }
            return lines.map {
                String(format: "SPEAKER %@ 1 %.3f %.3f <NA> <NA> %@ <NA> <NA>", fileID, $0.start, $0.end - $0.start, $0.speaker)
            }
            .joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
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

    /// WebVTT cue text: `&`, `<` and `>` escaped.
    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}

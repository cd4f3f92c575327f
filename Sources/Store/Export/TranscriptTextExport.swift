import Foundation

/// Plain-text and subtitle exports of a recording's newest transcript: TXT, SRT and WebVTT.
public enum TranscriptTextExport {
    /// Plain text: a title line, the transcript's version line in `language`, then one line per
    /// segment, `[HH:MM:SS.mmm–HH:MM:SS.mmm] Speaker: text`.
    public static func txt(_ recording: RecordingBundle, language: UserLanguage = .fr) -> String {
        var out = "\(recording.recording.title)\n"
        if let transcript = recording.transcript { out += ExportWording.transcriptHeader(transcript, language) + "\n" }
        out += "\n"
        for segment in recording.segments {
            out += "[\(ExportFormatting.clock(segment.start))–\(ExportFormatting.clock(segment.end))] "
            out += "\(recording.label(of: segment.speakerID, language: language)): \(segment.text)\n"
        }
        return out
    }

    /// SubRip: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text prefixed by the speaker's label ("Locuteur"/"Speaker" when none).
    public static func srt(_ recording: RecordingBundle, language: UserLanguage = .fr) -> String {
        var out = ""
        for (number, segment) in recording.segments.enumerated() {
            out += "\(number + 1)\n"
            out += "\(ExportFormatting.clock(segment.start, separator: ",")) --> \(ExportFormatting.clock(segment.end, separator: ","))\n"
            out += "\(recording.label(of: segment.speakerID, language: language)): \(segment.text)\n\n"
        }
        return out
    }

    /// WebVTT: `WEBVTT` header, numbered cues with `<v Speaker>` voice spans, text escaped (`&`, `<`, `>`).
    public static func vtt(_ recording: RecordingBundle, language: UserLanguage = .fr) -> String {
        var out = "WEBVTT\n\n"
        for (number, segment) in recording.segments.enumerated() {
            out += "\(number + 1)\n"
            out += "\(ExportFormatting.clock(segment.start)) --> \(ExportFormatting.clock(segment.end))\n"
            out += "<v \(vttEscape(recording.label(of: segment.speakerID, language: language)))>\(vttEscape(segment.text))\n\n"
        }
        return out
    }

    static func vttEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "-->", with: "--&gt;")
    }
}

import Foundation

/// The codings of a study as CSV (RFC 4180, UTF-8, header row):
/// `code,code_path,coder,participant,recording,start,end,text`.
///
/// `participant` is the pseudonym of the participant identified as the speaker of the coded
/// segment, else the pseudonyms of the recording's interviewees joined by `;`. `start` and `end`
/// are seconds with millisecond precision. `text` is the coded span.
public enum CSVExport {
    /// The CSV text.
    public static func codings(_ bundle: ExportBundle) -> String {
        let codes = Dictionary(uniqueKeysWithValues: bundle.codes.compactMap { code in code.id.map { ($0, code) } })
        let users = Dictionary(uniqueKeysWithValues: bundle.users.compactMap { user in user.id.map { ($0, user.name) } })
        let pseudonyms = Dictionary(uniqueKeysWithValues: bundle.participants.compactMap { p in p.id.map { ($0, p.pseudonym) } })
        var lines = ["code,code_path,coder,participant,recording,start,end,text"]
        for recording in bundle.recordings {
            guard let transcript = recording.transcript else { continue }
            let interviewees = recording.participants.filter { $0.role != .interviewer }.compactMap { pseudonyms[$0.participantID] }
            for coding in recording.codings {
                let segment = recording.segments.first { $0.charEnd > coding.charStart && $0.charStart < coding.charEnd }
                let speaker = recording.speakers.first { $0.id != nil && $0.id == segment?.speakerID }
                let participant = speaker?.participantID.flatMap { pseudonyms[$0] } ?? interviewees.joined(separator: ";")
                let fields = [
                    codes[coding.codeID]?.name ?? "", path(of: coding.codeID, in: codes), users[coding.coderID] ?? "",
                    participant, recording.recording.title, seconds(coding.startTime), seconds(coding.endTime),
                    ExportFormatting.substring(transcript.text, coding.charStart..<coding.charEnd),
                ]
                lines.append(fields.map(ExportFormatting.csv).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func path(of codeID: Int64, in codes: [Int64: Code]) -> String {
        var names: [String] = []
        var current = codes[codeID]
        var guardCount = 0
        while let code = current, guardCount < 64 {
            names.insert(code.name, at: 0)
            current = code.parentID.flatMap { codes[$0] }
            guardCount += 1
        }
        return names.joined(separator: " > ")
    }

    static func seconds(_ value: Double) -> String {
        let ms = ExportFormatting.milliseconds(value)
        return "\(ms / 1000).\(ExportFormatting.pad(ms % 1000, 3))"
    }
}

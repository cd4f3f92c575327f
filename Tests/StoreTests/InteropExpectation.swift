import Foundation

@testable import Store

/// What a study export holds, from the store's side, as the JSON `tools/qualcoder/run` compares
/// QualCoder's project with: sources (media names, turns with their times), codes, codings (coder,
/// code, coded text), cases with the sources of their interviews, memos.
struct InteropExpectation {
    var sources: [[String: Any]] = []
    var codes: [String] = []
    var codings: [[String: String]] = []
    var cases: [[String: Any]] = []
    var memos: [[String: String]] = []

    init(_ bundle: ExportBundle, language: UserLanguage = .fr) throws {
        let users = Dictionary(uniqueKeysWithValues: bundle.users.map { ($0.id!, $0.name) })
        let codeNames = Dictionary(uniqueKeysWithValues: bundle.codes.map { ($0.id!, $0.name) })
        codes = bundle.codes.map(\.name)
        var sourceNames: [Int64: String] = [:]
        for item in bundle.recordings {
            let recording = item.recording
            let name = QDPXExport.mediaName(recording, extension: URL(fileURLWithPath: recording.mediaPath).pathExtension)
            sourceNames[recording.id!] = name
            let turns = item.segments.map { segment -> [String: Any] in
                ["seconds": Int(segment.start.rounded(.down)), "speaker": item.speakerName(of: segment.speakerID, pseudonyms: bundle.pseudonyms, language: language)]
            }
            sources.append(["name": name, "title": recording.title, "turns": turns])
            guard let transcript = item.transcript else { continue }
            for coding in item.codings {
                codings.append([
                    "source": name, "coder": users[coding.coderID] ?? "", "code": codeNames[coding.codeID] ?? "",
                    "text": ExportFormatting.substring(transcript.text, coding.charStart..<coding.charEnd),
                ])
            }
        }
        for participant in bundle.participants {
            let interviews = bundle.recordings.filter { item in
                item.participants.contains { $0.participantID == participant.id && $0.role != .interviewer }
            }
            cases.append(["name": participant.pseudonym, "sources": interviews.compactMap { sourceNames[$0.recording.id!] }])
        }
        for memo in bundle.memos {
            let on =
                memo.codingID != nil ? "coding" : memo.codeID != nil ? "code" : memo.transcriptID != nil ? "transcript"
                : memo.recordingID != nil ? "recording" : memo.participantID != nil ? "participant" : "study"
            memos.append(["title": memo.title, "text": memo.text, "on": on])
        }
    }

    /// The expectation as pretty, key-sorted JSON.
    var json: Data {
        get throws {
            let object: [String: Any] = ["sources": sources, "codes": codes, "codings": codings, "cases": cases, "memos": memos]
            return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        }
    }
}

/// The words exports write for people, in French and English.
enum ExportWording {
    /// `Transcription version 5, fr, brouillon` / `Transcript version 5, fr, draft`.
    static func transcriptHeader(_ transcript: Transcript, _ language: UserLanguage) -> String {
        let status: String
        switch (transcript.status, language) {
        case (.draft, .fr): status = "brouillon"
        case (.reviewed, .fr): status = "relue"
        default: status = transcript.status.rawValue
        }
        let word = language == .fr ? "Transcription" : "Transcript"
        return "\(word) version \(transcript.version), \(transcript.language), \(status)"
    }

    /// `Codeur 2` / `Coder 2`.
    static func coder(_ number: Int, _ language: UserLanguage) -> String {
        (language == .fr ? "Codeur " : "Coder ") + String(number)
    }

    /// `Participants : P-001, P-002` / `Participants: P-001, P-002`.
    static func participants(_ pseudonyms: [String], _ language: UserLanguage) -> String {
        (language == .fr ? "Participants : " : "Participants: ") + pseudonyms.joined(separator: ", ")
    }

    /// The label of a speaker nobody named.
    static func unknownSpeaker(_ language: UserLanguage) -> String { language == .fr ? "Locuteur" : "Speaker" }
}

import Foundation

@testable import Store

/// A study made of real recordings for the exchange formats: pyannote's 30 s telephone call
/// (`en_diar_pyannote_sample.wav`, its reference turns from the `.stm` as the transcript) and a
/// French Common Voice sentence (`fr_commonvoice_picovoice_test_fr.wav`, its reference text).
/// Two coders code two spans identically with the same code and some spans alone; memos sit on
/// a transcript, a coding, a code, a participant and the study; Diane is P-021 (interviewee of
/// the call), Sheila is P-022, interviewee of the French recording and a speaker of the call.
struct InteropStudy {
    let temporary: TemporaryStore
    let study: Study
    let call: Recording
    let sentence: Recording
    let callTranscript: Transcript
    let alice: User
    let bruno: User

    static let callFile = ExportTestSupport.samples.appendingPathComponent("speech/en_diar_pyannote_sample.wav")
    static let sentenceFile = ExportTestSupport.samples.appendingPathComponent("speech/fr_commonvoice_picovoice_test_fr.wav")

    /// The call's reference turns: `file channel speaker start end text` per line.
    static func callTurns() throws -> [SegmentInput] {
        let stm = try String(contentsOf: ExportTestSupport.samples.appendingPathComponent("speech/refs/en_diar_pyannote_sample.stm"), encoding: .utf8)
        return stm.split(separator: "\n").map { line in
            let fields = line.split(separator: " ", maxSplits: 5).map(String.init)
            return SegmentInput(start: Double(fields[3])!, end: Double(fields[4])!, speakerLabel: fields[2], text: fields[5])
        }
    }

    static func make() async throws -> InteropStudy {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let study = try await store.createStudy(name: "Appels", details: "Deux enregistrements réels")
        let alice = try await store.createUser(name: "Alice Martin", email: "alice@example.org")
        let bruno = try await store.createUser(name: "Bruno Petit", email: "bruno@example.org")
        try await store.setMembership(studyID: study.id!, userID: alice.id!, role: .researcher)
        try await store.setMembership(studyID: study.id!, userID: bruno.id!, role: .coder)
        let p021 = try await store.createParticipant(studyID: study.id!, pseudonym: "P-021")
        let p022 = try await store.createParticipant(studyID: study.id!, pseudonym: "P-022")
        try await store.setAttribute(participantID: p021.id!, name: "region", value: "New Jersey", isSensitive: false)
        try await store.setAttribute(participantID: p022.id!, name: "region", value: "Texas", isSensitive: false)

        let call = try await store.addRecording(
            Recording(
                studyID: study.id!, title: "Appel Diane", mediaPath: callFile.path, fileHash: "call", container: "wav",
                audioChannels: 1, duration: 30, originalName: "en_diar_pyannote_sample.wav"))
        try await store.linkParticipant(recordingID: call.id!, participantID: p021.id!, role: .interviewee)
        let callTranscript = try await store.addTranscript(
            recordingID: call.id!, TranscriptInput(engine: "reference", model: "stm", language: "en", segments: try callTurns()))
        for speaker in try await store.speakers(recordingID: call.id!) {
            try await store.identifySpeaker(
                speaker.id!, participantID: speaker.label == "Diane" ? p021.id : p022.id, isInterviewer: false)
        }
        let sentenceText = try String(
            contentsOf: ExportTestSupport.samples.appendingPathComponent("speech/refs/fr_commonvoice_picovoice_test_fr.txt"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let sentence = try await store.addRecording(
            Recording(
                studyID: study.id!, title: "Phrase P-022", mediaPath: sentenceFile.path, fileHash: "sentence", container: "wav",
                audioChannels: 1, duration: 6.7))
        try await store.linkParticipant(recordingID: sentence.id!, participantID: p022.id!, role: .interviewee)
        let sentenceTranscript = try await store.addTranscript(
            recordingID: sentence.id!,
            TranscriptInput(
                engine: "reference", model: "txt", language: "fr",
                segments: [SegmentInput(start: 0.3, end: 6.4, speakerLabel: "SPEAKER_00", text: sentenceText)]))
        for speaker in try await store.speakers(recordingID: sentence.id!) {
            try await store.identifySpeaker(speaker.id!, participantID: p022.id, isInterviewer: false)
        }

        let origins = try await store.addCode(Code(studyID: study.id!, name: "Origines", color: "#1F77B4", details: "D'où viennent-ils"))
        let chicago = try await store.addCode(Code(studyID: study.id!, parentID: origins.id, name: "Chicago", color: "#FF7F0E"))
        let greeting = try await store.addCode(Code(studyID: study.id!, name: "Salutations", color: "#2CA02C"))
        let work = try await store.addCode(Code(studyID: study.id!, name: "Métier", color: "#D62728"))
        func code(_ text: String, in transcript: Transcript, _ code: Code, by coder: User) async throws -> Coding {
            let span = SeededStudy.range(of: text, in: transcript.text)
            return try await store.addCoding(
                transcriptID: transcript.id!, codeID: code.id!, coderID: coder.id!, charStart: span.lowerBound, charEnd: span.upperBound)
        }
        // Two spans coded identically by both coders with the same code.
        for coder in [alice, bruno] {
            _ = try await code("originally from Chicago.", in: callTranscript, chicago, by: coder)
            _ = try await code("I'm originally from Chicago also.", in: callTranscript, chicago, by: coder)
        }
        _ = try await code("Oh, hello.", in: callTranscript, greeting, by: alice)
        let yankee = try await code("they all call me a Yankee down here", in: callTranscript, origins, by: bruno)
        _ = try await code("conservateur des eaux et forêts", in: sentenceTranscript, work, by: alice)

        _ = try await store.addMemo(
            Memo(studyID: study.id!, authorID: bruno.id, title: "Ironie", text: "Dit en riant.", codingID: yankee.id))
        _ = try await store.addMemo(
            Memo(
                studyID: study.id!, authorID: alice.id, title: "Ligne", text: "Ligne téléphonique bruitée au début.",
                recordingID: call.id, transcriptID: callTranscript.id))
        _ = try await store.addMemo(
            Memo(studyID: study.id!, authorID: alice.id, title: "Définition", text: "Ville d'origine, pas de résidence.", codeID: chicago.id))
        _ = try await store.addMemo(
            Memo(studyID: study.id!, authorID: alice.id, title: "Recrutement", text: "Recrutée par téléphone.", participantID: p021.id))
        _ = try await store.addMemo(Memo(studyID: study.id!, authorID: bruno.id, title: "Général", text: "Deux régions comparées."))
        return InteropStudy(
            temporary: temporary, study: study, call: call, sentence: sentence, callTranscript: callTranscript, alice: alice, bruno: bruno)
    }

    /// The whole study's export bundle.
    func bundle() async throws -> ExportBundle {
        try await temporary.store.exportBundle(studyID: study.id!, recordingIDs: nil)
    }
}

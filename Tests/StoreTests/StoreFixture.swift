import Foundation

@testable import Store

/// A fresh store in its own temporary folder, removed by `cleanUp()`.
struct TemporaryStore {
    let folder: URL
    let store: SQLiteStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: folder.appendingPathComponent("store.sqlite").path)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }
}

/// A small French interview study: two coders, two participants, one recording each, codes and codings.
struct SeededStudy {
    let study: Study
    let alice: User
    let bruno: User
    let p014: Participant
    let p015: Participant
    let recording: Recording
    let otherRecording: Recording
    let transcript: Transcript
    let otherTranscript: Transcript
    let parentCode: Code
    let childCode: Code
    let mediaFile: URL

    static let segments: [SegmentInput] = [
        SegmentInput(
            start: 0.0, end: 2.5, speakerLabel: "Interviewer", text: "Qu'est-ce qui a suscité votre intérêt pour ce projet ?",
            confidence: 0.91,
            words: [
                WordInput(start: 0.0, end: 0.6, text: "Qu'est-ce", probability: 0.9),
                WordInput(start: 0.6, end: 0.9, text: "qui", probability: 0.95),
            ]),
        SegmentInput(
            start: 2.8, end: 6.1, speakerLabel: "SPEAKER_01", text: "Au début, c'était la fatigue & le stress <au travail>.",
            confidence: 0.88),
        SegmentInput(start: 6.4, end: 9.0, speakerLabel: "SPEAKER_01", text: "Ensuite l'hôpital m'a proposé l'étude.", confidence: 0.93),
    ]

    static func seed(_ store: SQLiteStore, folder: URL) async throws -> SeededStudy {
        let study = try await store.createStudy(name: "Fatigue chronique", details: "Entretiens semi-directifs")
        let alice = try await store.createUser(name: "Alice Martin", email: "alice@example.org")
        let bruno = try await store.createUser(name: "Bruno Petit", email: "bruno@example.org")
        try await store.setMembership(studyID: study.id!, userID: alice.id!, role: .researcher)
        try await store.setMembership(studyID: study.id!, userID: bruno.id!, role: .coder)
        let p014 = try await store.createParticipant(studyID: study.id!, pseudonym: "P-014")
        let p015 = try await store.createParticipant(studyID: study.id!, pseudonym: "P-015")
        try await store.setAttribute(participantID: p014.id!, name: "age band", value: "30-39", isSensitive: false)
        try await store.setAttribute(participantID: p014.id!, name: "diagnosis", value: "ME/CFS", isSensitive: true)
        try await store.setAttribute(participantID: p015.id!, name: "age band", value: "40-49", isSensitive: false)
        let mediaFile = folder.appendingPathComponent("p014.wav")
        try Data("RIFF fake media for erasure".utf8).write(to: mediaFile)
        let recording = try await store.addRecording(
            Recording(
                studyID: study.id!, title: "Entretien P-014", mediaPath: mediaFile.path,
                fileHash: Hashing.sha256Hex(Array("RIFF fake media for erasure".utf8)), container: "wav", audioChannels: 1,
                duration: 9.5, recordedAt: Date(timeIntervalSince1970: 1_790_000_000)))
        try await store.linkParticipant(recordingID: recording.id!, participantID: p014.id!, role: .interviewee)
        let transcript = try await store.addTranscript(
            recordingID: recording.id!, TranscriptInput(engine: "whisper", model: "whisper-base", language: "fr", segments: segments))
        let speakers = try await store.speakers(recordingID: recording.id!)
        for speaker in speakers {
            try await store.identifySpeaker(
                speaker.id!, participantID: speaker.label == "SPEAKER_01" ? p014.id : nil,
                isInterviewer: speaker.label == "Interviewer")
        }
        let otherFile = folder.appendingPathComponent("p015.wav")
        try Data("other media".utf8).write(to: otherFile)
        let otherRecording = try await store.addRecording(
            Recording(studyID: study.id!, title: "Entretien P-015", mediaPath: otherFile.path, fileHash: "00", container: "wav"))
        try await store.linkParticipant(recordingID: otherRecording.id!, participantID: p015.id!, role: .interviewee)
        let otherTranscript = try await store.addTranscript(
            recordingID: otherRecording.id!,
            TranscriptInput(
                engine: "whisper", model: "whisper-base", language: "fr",
                segments: [SegmentInput(start: 0, end: 3, speakerLabel: "SPEAKER_00", text: "Mon intérêt vient de ma sœur.")]))
        let parentCode = try await store.addCode(Code(studyID: study.id!, name: "Motivation", color: "#1F77B4"))
        let childCode = try await store.addCode(
            Code(studyID: study.id!, parentID: parentCode.id, name: "Santé", color: "#FF7F0E", details: "Raisons de santé"))
        // "fatigue & le stress" in segment 1, coded by both coders; segment 2 by Alice only.
        let text = transcript.text
        let fatigue = Self.range(of: "la fatigue & le stress", in: text)
        _ = try await store.addCoding(
            transcriptID: transcript.id!, codeID: childCode.id!, coderID: alice.id!, charStart: fatigue.lowerBound,
            charEnd: fatigue.upperBound)
        _ = try await store.addCoding(
            transcriptID: transcript.id!, codeID: childCode.id!, coderID: bruno.id!, charStart: fatigue.lowerBound,
            charEnd: fatigue.upperBound)
        let hospital = Self.range(of: "l'hôpital m'a proposé l'étude", in: text)
        let coding = try await store.addCoding(
            transcriptID: transcript.id!, codeID: parentCode.id!, coderID: alice.id!, charStart: hospital.lowerBound,
            charEnd: hospital.upperBound)
        _ = try await store.addMemo(
            Memo(studyID: study.id!, authorID: alice.id, title: "Recrutement", text: "Recrutée par l'hôpital.", participantID: p014.id))
        _ = try await store.addMemo(
            Memo(studyID: study.id!, authorID: alice.id, title: "Codage", text: "À discuter.", codingID: coding.id))
        _ = try await store.addMemo(Memo(studyID: study.id!, authorID: bruno.id, title: "Général", text: "Thème récurrent."))
        _ = try await store.addBiometricStream(
            BiometricStream(
                studyID: study.id!, participantID: p014.id!, device: "Empatica E4", kind: "eda", unit: "µS", sampleRate: 4,
                startTime: Date(timeIntervalSince1970: 1_790_000_000)),
            samples: BiometricSamples(regularValues: (0..<100).map { Double($0) * 0.01 }, rate: 4))
        return SeededStudy(
            study: study, alice: alice, bruno: bruno, p014: p014, p015: p015, recording: recording,
            otherRecording: otherRecording, transcript: transcript, otherTranscript: otherTranscript, parentCode: parentCode,
            childCode: childCode, mediaFile: mediaFile)
    }

    /// The Unicode-scalar offsets of `needle` in `text`.
    static func range(of needle: String, in text: String) -> Range<Int> {
        let scalars = Array(text.unicodeScalars)
        let target = Array(needle.unicodeScalars)
        for start in 0...(scalars.count - target.count) where Array(scalars[start..<start + target.count]) == target {
            return start..<start + target.count
        }
        fatalError("\(needle) not in \(text)")
    }
}

import Foundation

@testable import Store

/// ``SeededStudy`` with a second interview of two speakers: P-015's interview gets a newer
/// transcript where P-015 and P-014 (a speaker identified as P-014, who is not linked to that
/// recording) take turns, with words of zero length (one at its segment's very end), a coding by
/// Bruno, and a memo written on that coding as the page writes it (with its code, transcript and
/// recording). The first recording has an original file name with spaces and accents.
struct TwoRecordingStudy {
    let temporary: TemporaryStore
    let seeded: SeededStudy
    /// The second recording's newest transcript.
    let otherTranscript: Transcript
    /// Bruno's coding of "beaucoup aidée" in it, which holds a memo.
    let memoCoding: Coding
    /// The memo on ``memoCoding``.
    let memo: Memo

    static let originalName = "03 Entretien Élise.mp3"

    static let otherSegments: [SegmentInput] = [
        SegmentInput(
            start: 0.0, end: 3.0, speakerLabel: "SPEAKER_00", text: "Mon intérêt vient de ma sœur.",
            words: [
                WordInput(start: 0.0, end: 0.3, text: "Mon", probability: 0.9),
                WordInput(start: 0.3, end: 0.3, text: "intérêt", probability: 0.9),
                WordInput(start: 0.3, end: 0.8, text: "vient", probability: 0.9),
            ]),
        SegmentInput(
            start: 3.2, end: 6.0, speakerLabel: "SPEAKER_01", text: "Elle m'a beaucoup aidée.",
            words: [
                WordInput(start: 3.2, end: 3.2, text: "Elle", probability: 0.9),
                WordInput(start: 3.5, end: 4.0, text: "m'a", probability: 0.9),
            ]),
        SegmentInput(
            start: 6.1, end: 8.0, speakerLabel: "SPEAKER_00", text: "Oui, c'est vrai.",
            words: [
                WordInput(start: 6.1, end: 7.5, text: "Oui,", probability: 0.9),
                WordInput(start: 7.5, end: 8.0, text: "c'est", probability: 0.9),
                WordInput(start: 8.0, end: 8.0, text: "vrai.", probability: 0.9),
            ]),
    ]

    static func make() async throws -> TwoRecordingStudy {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        try await store.executeRaw(
            "UPDATE recording SET originalName = '\(originalName)' WHERE id = \(seeded.recording.id!)")
        let other = try await store.addTranscript(
            recordingID: seeded.otherRecording.id!,
            TranscriptInput(engine: "whisper", model: "whisper-base", language: "fr", segments: otherSegments))
        for speaker in try await store.speakers(recordingID: seeded.otherRecording.id!) {
            let participant = speaker.label == "SPEAKER_00" ? seeded.p015.id : speaker.label == "SPEAKER_01" ? seeded.p014.id : nil
            try await store.identifySpeaker(speaker.id!, participantID: participant, isInterviewer: false)
        }
        let span = SeededStudy.range(of: "beaucoup aidée", in: other.text)
        let coding = try await store.addCoding(
            transcriptID: other.id!, codeID: seeded.childCode.id!, coderID: seeded.bruno.id!, charStart: span.lowerBound,
            charEnd: span.upperBound)
        let memo = try await store.addMemo(
            Memo(
                studyID: seeded.study.id!, authorID: seeded.bruno.id, title: "Aide", text: "Soutien familial.",
                recordingID: seeded.otherRecording.id, transcriptID: other.id, codeID: seeded.childCode.id, codingID: coding.id))
        return TwoRecordingStudy(temporary: temporary, seeded: seeded, otherTranscript: other, memoCoding: coding, memo: memo)
    }

    /// The whole study's export bundle.
    func bundle() async throws -> ExportBundle {
        try await temporary.store.exportBundle(studyID: seeded.study.id!, recordingIDs: nil)
    }
}

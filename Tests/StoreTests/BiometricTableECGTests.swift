import Biometrics
import Foundation
import Testing

@testable import Store

/// An interview recorded with a chest ECG (an EDF with an ECG signal and nothing else): the
/// per-turn table takes its beats and heart rate from the R peaks, with NeuroKit2's figures for
/// the whole record (69.96 bpm, RMSSD 16.45 ms, Tests/BiometricsTests/Fixtures/ecg_reference.json).
@Suite struct BiometricTableECGTests {
    static let edf = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("BiometricsTests/Fixtures/edf/synth_ecg.edf")

    @Test func turnsTakeHeartRateAndHRVFromTheECG() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let study = try await store.createStudy(name: "ECG", details: "")
        let participant = try await store.createParticipant(studyID: study.id!, pseudonym: "P-021")
        let imported = try EDFImporter(participant: "P-021").read(Self.edf)
        let ecg = try #require(imported.stream(.ecg))
        #expect(imported.streams.allSatisfy { $0.kind == .ecg }, "no device heart rate to fall back on")
        try await store.importBiometrics(imported, studyID: study.id!, participantID: participant.id!)
        let recording = try await store.addRecording(
            Recording(
                studyID: study.id!, title: "Entretien P-021", mediaPath: "/nonexistent/p021.wav", fileHash: "ecg", container: "wav",
                duration: ecg.duration, recordedAt: ecg.start))
        try await store.linkParticipant(recordingID: recording.id!, participantID: participant.id!, role: .interviewee)
        let transcript = try await store.addTranscript(
            recordingID: recording.id!,
            TranscriptInput(
                engine: "human", model: "", language: "fr",
                segments: [SegmentInput(start: 0, end: ecg.duration, speakerLabel: "SPEAKER_01", text: "Je me sens plutôt calme.")]))

        let table = try await store.biometricTable(transcriptID: transcript.id!, by: .turn)
        let row = try #require(table.rows.first { $0.participant == "P-021" })
        #expect(row.beatSource == "ecg" && row.heartRateSource == "ecg")
        #expect(row.beats == 22)
        let heartRate = try #require(row.heartRateMean)
        #expect(abs(heartRate - 69.96) < 1, "\(heartRate) bpm")
        let rmssd = try #require(row.rmssd)
        #expect(abs(rmssd - 16.45) / 16.45 < 0.05, "\(rmssd) ms")
    }
}

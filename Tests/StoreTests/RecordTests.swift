import Foundation
import Testing

@testable import Store

@Suite struct RecordTests {
    @Test func participantsAttributesAndRoles() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        #expect(try await store.participants(studyID: seeded.study.id!).map(\.pseudonym) == ["P-014", "P-015"])
        let visible = try await store.attributes(participantID: seeded.p014.id!, includeSensitive: false)
        #expect(visible.map(\.name) == ["age band"])
        let all = try await store.attributes(participantID: seeded.p014.id!, includeSensitive: true)
        #expect(all.map(\.name) == ["age band", "diagnosis"])
        #expect(all.first { $0.name == "diagnosis" }?.isSensitive == true)
        try await store.setAttribute(participantID: seeded.p014.id!, name: "age band", value: "40-49", isSensitive: false)
        #expect(try await store.attributes(participantID: seeded.p014.id!, includeSensitive: false).first?.value == "40-49")
        let roles = try await store.memberships(studyID: seeded.study.id!).map(\.role)
        #expect(roles == [.researcher, .coder])
        try await store.setMembership(studyID: seeded.study.id!, userID: seeded.bruno.id!, role: .admin)
        #expect(try await store.memberships(studyID: seeded.study.id!).map(\.role) == [.researcher, .admin])
        #expect(try await store.recordingParticipants(recordingID: seeded.recording.id!).map(\.role) == [.interviewee])
    }

    @Test(arguments: ["", "Jean Dupont", "P 014", String(repeating: "P", count: 33), "P-01é"])
    func invalidPseudonymsAreRejected(_ pseudonym: String) async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let study = try await temporary.store.createStudy(name: "S", details: "")
        do {
            _ = try await temporary.store.createParticipant(studyID: study.id!, pseudonym: pseudonym)
            Issue.record("\(pseudonym) was accepted")
        } catch let error as StoreError {
            #expect(error.kind == .invalidInput)
        }
    }

    @Test func duplicatePseudonymIsAConflict() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let study = try await temporary.store.createStudy(name: "S", details: "")
        _ = try await temporary.store.createParticipant(studyID: study.id!, pseudonym: "P-001")
        do {
            _ = try await temporary.store.createParticipant(studyID: study.id!, pseudonym: "P-001")
            Issue.record("duplicate accepted")
        } catch let error as StoreError {
            #expect(error.kind == .conflict)
        }
    }

    @Test func transcriptOffsetsSpeakersAndWords() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let transcript = seeded.transcript
        #expect(transcript.version == 1)
        #expect(transcript.text == SeededStudy.segments.map(\.text).joined(separator: "\n"))
        let segments = try await store.segments(transcriptID: transcript.id!)
        let scalars = Array(transcript.text.unicodeScalars)
        for (segment, input) in zip(segments, SeededStudy.segments) {
            #expect(String(String.UnicodeScalarView(scalars[segment.charStart..<segment.charEnd])) == input.text)
        }
        let speakers = try await store.speakers(recordingID: seeded.recording.id!)
        #expect(speakers.map(\.label) == ["Interviewer", "SPEAKER_01"])
        #expect(speakers.first { $0.label == "Interviewer" }?.isInterviewer == true)
        #expect(speakers.first { $0.label == "SPEAKER_01" }?.participantID == seeded.p014.id)
        #expect(segments[1].speakerID == segments[2].speakerID)
        let words = try await store.words(transcriptID: transcript.id!)
        #expect(words.map(\.text) == ["Qu'est-ce", "qui"])
    }

    @Test func humanEditMakesANewVersionAndKeepsTheOld() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let edited = try await store.editTranscript(
            seeded.transcript.id!, edits: [SegmentEdit(index: 2, text: "Ensuite l'hôpital m'a proposé cette étude.")],
            editorID: seeded.alice.id!, status: .reviewed)
        #expect(edited.version == 2)
        #expect(edited.basedOnID == seeded.transcript.id)
        #expect(edited.engine == "human")
        #expect(edited.createdBy == seeded.alice.id)
        #expect(edited.text.hasSuffix("cette étude."))
        let versions = try await store.transcripts(recordingID: seeded.recording.id!)
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions[0].text == seeded.transcript.text)
        #expect(try await store.latestTranscript(recordingID: seeded.recording.id!)?.id == edited.id)
        // The old version keeps its codings; words of unedited segments are carried over.
        #expect(try await store.codings(transcriptID: seeded.transcript.id!).count == 3)
        #expect(try await store.words(transcriptID: edited.id!).count == 2)
        await #expect(throws: StoreError.self) {
            _ = try await store.editTranscript(
                seeded.transcript.id!, edits: [SegmentEdit(index: 7, text: "x")], editorID: seeded.alice.id!, status: .draft)
        }
    }

    @Test func codingsGetTimesFromSegmentsAndStayInsideTheText() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let codings = try await store.codings(transcriptID: seeded.transcript.id!)
        #expect(codings.count == 3)
        // No word timings in segment 1: times interpolate over its 54 characters (2.8–6.1 s).
        let fatigue = try #require(codings.first { $0.coderID == seeded.alice.id && $0.codeID == seeded.childCode.id })
        #expect(abs(fatigue.startTime - (2.8 + 18.0 / 54.0 * 3.3)) < 1e-9)
        #expect(abs(fatigue.endTime - (2.8 + 40.0 / 54.0 * 3.3)) < 1e-9)
        // Word timings in segment 0: "qui" (characters 10..<13) is 0.6–0.9 s exactly.
        let qui = try await store.addCoding(
            transcriptID: seeded.transcript.id!, codeID: seeded.parentCode.id!, coderID: seeded.bruno.id!, charStart: 10,
            charEnd: 13)
        #expect(qui.startTime == 0.6)
        #expect(qui.endTime == 0.9)
        let spanning = try await store.addCoding(
            transcriptID: seeded.transcript.id!, codeID: seeded.parentCode.id!, coderID: seeded.bruno.id!, charStart: 3,
            charEnd: seeded.transcript.text.unicodeScalars.count)
        #expect(spanning.startTime == 0)
        #expect(spanning.endTime == 9.0)
        for (start, end) in [(-1, 4), (5, 5), (0, 10_000)] {
            do {
                _ = try await store.addCoding(
                    transcriptID: seeded.transcript.id!, codeID: seeded.parentCode.id!, coderID: seeded.bruno.id!,
                    charStart: start, charEnd: end)
                Issue.record("span \(start)..<\(end) accepted")
            } catch let error as StoreError {
                #expect(error.kind == .invalidInput)
            }
        }
        let codes = try await store.codes(studyID: seeded.study.id!)
        #expect(codes.map(\.name) == ["Motivation", "Santé"])
        #expect(codes[1].parentID == codes[0].id)
        await #expect(throws: StoreError.self) {
            _ = try await store.addCode(Code(studyID: seeded.study.id!, name: "Bad", color: "red"))
        }
    }

    @Test func biometricSamplesRoundTripThroughChunks() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let study = try await store.createStudy(name: "S", details: "")
        let participant = try await store.createParticipant(studyID: study.id!, pseudonym: "P-1")
        // 10 000 three-axis samples at 32 Hz in float64: 3 chunks.
        let count = 10_000
        let values = (0..<(count * 3)).map { sin(Double($0) * 0.001) }
        let stream = try await store.addBiometricStream(
            BiometricStream(
                studyID: study.id!, participantID: participant.id!, device: "E4", kind: "acc", unit: "g", sampleRate: 32,
                channels: 3, startTime: Date(timeIntervalSince1970: 1_790_000_000), format: .float64),
            samples: BiometricSamples(regularValues: values, rate: 32, channels: 3))
        #expect(stream.sampleCount == count)
        #expect(try await store.countRaw("SELECT COUNT(*) FROM biometric_chunk WHERE streamID = \(stream.id!)") == 3)
        let all = try await store.biometricSamples(streamID: stream.id!, from: nil, to: nil)
        #expect(all.values == values)
        #expect(all.offsets.count == count)
        let window = try await store.biometricSamples(streamID: stream.id!, from: 100, to: 200)
        #expect(window.offsets.first == 100)
        #expect(window.offsets.last == 200)
        #expect(window.offsets.count == 100 * 32 + 1)
        // Irregular float32 stream (inter-beat intervals): times kept per sample, values rounded to Float.
        let ibi = try await store.addBiometricStream(
            BiometricStream(
                studyID: study.id!, participantID: participant.id!, device: "E4", kind: "ibi", unit: "s", sampleRate: nil,
                startTime: Date(timeIntervalSince1970: 1_790_000_000)),
            samples: BiometricSamples(offsets: [0.5, 1.31, 2.2], values: [0.81, 0.89, 0.77]))
        let beats = try await store.biometricSamples(streamID: ibi.id!, from: 1, to: nil)
        #expect(beats.offsets == [1.31, 2.2])
        #expect(beats.values == [Double(Float(0.89)), Double(Float(0.77))])
        await #expect(throws: StoreError.self) {
            _ = try await store.addBiometricStream(
                BiometricStream(
                    studyID: study.id!, participantID: participant.id!, device: "E4", kind: "acc", unit: "g", sampleRate: 32,
                    channels: 3, startTime: Date()),
                samples: BiometricSamples(offsets: [0, 1], values: [1, 2, 3, 4]))
        }
    }

    @Test func usersMembershipsCodesAndMemosCanChange() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        #expect(try await store.user(email: "ALICE@example.org")?.id == seeded.alice.id)
        #expect(try await store.users().map(\.name) == ["Alice Martin", "Bruno Petit"])
        await #expect(throws: StoreError.self) { _ = try await store.createUser(name: "Alice bis", email: "alice@EXAMPLE.org") }
        try await store.removeMembership(studyID: seeded.study.id!, userID: seeded.bruno.id!)
        #expect(try await store.memberships(studyID: seeded.study.id!).map(\.userID) == [seeded.alice.id!])
        await #expect(throws: StoreError.self) { try await store.removeMembership(studyID: seeded.study.id!, userID: seeded.bruno.id!) }

        var child = seeded.childCode
        child.name = "Santé physique"
        child.color = "#00AA00"
        try await store.updateCode(child)
        #expect(try await store.codes(studyID: seeded.study.id!).contains { $0.name == "Santé physique" && $0.color == "#00AA00" })
        var cycle = seeded.parentCode
        cycle.parentID = seeded.childCode.id
        await #expect(throws: StoreError.self) { try await store.updateCode(cycle) }
        // Deleting the parent removes the child and every coding with either code.
        try await store.deleteCode(id: seeded.parentCode.id!)
        #expect(try await store.codes(studyID: seeded.study.id!).isEmpty)
        #expect(try await store.codings(transcriptID: seeded.transcript.id!).isEmpty)

        let memos = try await store.memos(studyID: seeded.study.id!)
        try await store.deleteMemo(id: memos[0].id!)
        #expect(try await store.memos(studyID: seeded.study.id!).count == memos.count - 1)
        await #expect(throws: StoreError.self) { try await store.deleteMemo(id: memos[0].id!) }
    }
}

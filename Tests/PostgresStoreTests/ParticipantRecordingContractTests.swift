import Foundation
import Store
import Testing

@testable import PostgresStore

/// Participants, case variables, recordings, participant links, the recording's clock and its
/// deletion: the same bodies run on SQLite and on PostgreSQL, with the values written here.
@Suite("Store contract: participants and recordings")
struct ParticipantRecordingContractTests {
    static let hashA = String(repeating: "a1", count: 32)
    static let hashB = String(repeating: "b2", count: 32)

    @Test(arguments: StoreBackend.allCases)
    func participantsAndAttributes(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let study = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let other = try #require(try await store.createStudy(name: "Autre", details: "").id)

        for bad in ["Marie Dupont", "", String(repeating: "P", count: 33), "P-0é1"] {
            let refused = await #expect(throws: StoreError.self) { try await store.createParticipant(studyID: study, pseudonym: bad) }
            #expect(refused?.kind == .invalidInput && refused?.french != nil)
        }
        let p14 = try await store.createParticipant(studyID: study, pseudonym: "P-014")
        let p2 = try await store.createParticipant(studyID: study, pseudonym: "P-002")
        let lower = try await store.createParticipant(studyID: study, pseudonym: "a-001")
        _ = try await store.createParticipant(studyID: other, pseudonym: "P-014")
        let twice = await #expect(throws: StoreError.self) { try await store.createParticipant(studyID: study, pseudonym: "P-014") }
        #expect(twice?.kind == .conflict)
        let noStudy = await #expect(throws: StoreError.self) { try await store.createParticipant(studyID: 9999, pseudonym: "P-1") }
        #expect(noStudy?.kind == .invalidInput)

        // Code-point order, as SQLite's BINARY collation: capitals before lower case.
        #expect(try await store.participants(studyID: study).map(\.pseudonym) == ["P-002", "P-014", "a-001"])
        let p14ID = try #require(p14.id)
        let read = try #require(try await store.participant(id: p14ID))
        #expect(read.studyID == study && read.pseudonym == "P-014" && read.id == p14.id)
        #expect(try await store.participant(id: 9999) == nil)

        let id = try #require(p2.id)
        try await store.setAttribute(participantID: id, name: "tranche d’âge", value: "60-69", isSensitive: false)
        try await store.setAttribute(participantID: id, name: "diagnostic", value: "sein", isSensitive: true)
        try await store.setAttribute(participantID: id, name: "Zone", value: "rurale", isSensitive: false)
        try await store.setAttribute(participantID: id, name: "Zone", value: "urbaine", isSensitive: false)
        let all = try await store.attributes(participantID: id, includeSensitive: true)
        #expect(all.map(\.name) == ["Zone", "diagnostic", "tranche d’âge"])
        #expect(all.map(\.value) == ["urbaine", "sein", "60-69"])
        #expect(all.map(\.isSensitive) == [false, true, false])
        #expect(try await store.attributes(participantID: id, includeSensitive: false).map(\.name) == ["Zone", "tranche d’âge"])
        // Making an attribute sensitive later hides it.
        try await store.setAttribute(participantID: id, name: "Zone", value: "urbaine", isSensitive: true)
        #expect(try await store.attributes(participantID: id, includeSensitive: false).map(\.name) == ["tranche d’âge"])

        let unnamed = await #expect(throws: StoreError.self) {
            try await store.setAttribute(participantID: id, name: "", value: "x", isSensitive: false)
        }
        #expect(unnamed?.kind == .invalidInput && unnamed?.french != nil)
        let long = await #expect(throws: StoreError.self) {
            try await store.setAttribute(participantID: id, name: "note", value: String(repeating: "x", count: 2001), isSensitive: false)
        }
        #expect(long?.kind == .invalidInput)
        let nobody = await #expect(throws: StoreError.self) {
            try await store.setAttribute(participantID: 9999, name: "note", value: "x", isSensitive: false)
        }
        #expect(nobody?.kind == .invalidInput)

        try await store.removeAttribute(participantID: id, name: "diagnostic")
        #expect(try await store.attributes(participantID: id, includeSensitive: true).map(\.name) == ["Zone", "tranche d’âge"])
        let missing = await #expect(throws: StoreError.self) { try await store.removeAttribute(participantID: id, name: "diagnostic") }
        #expect(missing?.kind == .notFound && missing?.french != nil)
        let lowerID = try #require(lower.id)
        #expect(try await store.attributes(participantID: lowerID, includeSensitive: true).isEmpty)
    }

    @Test(arguments: StoreBackend.allCases)
    func recordingsLinksAndClock(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let study = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let other = try #require(try await store.createStudy(name: "Autre", details: "").id)
        let recordedAt = Date(timeIntervalSince1970: 1_780_000_000)
        let first = try await store.addRecording(
            Recording(
                id: 777, studyID: study, title: "Entretien P-014", mediaPath: "media/a.m4a", fileHash: Self.hashA, container: "m4a",
                hasVideo: false, audioChannels: 2, duration: 3_605.25, recordedAt: recordedAt, originalName: "entretien 1.m4a"))
        let firstID = try #require(first.id)
        #expect(firstID != 777)
        let read = try #require(try await store.recording(id: firstID))
        #expect(read.title == "Entretien P-014" && read.mediaPath == "media/a.m4a" && read.fileHash == Self.hashA)
        #expect(read.container == "m4a" && !read.hasVideo && read.audioChannels == 2 && read.duration == 3_605.25)
        #expect(read.recordedAt == recordedAt && read.originalName == "entretien 1.m4a")
        #expect(read.consentBy == nil && read.consentAt == nil)

        let again = await #expect(throws: StoreError.self) {
            try await store.addRecording(
                Recording(studyID: study, title: "Copie", mediaPath: "media/a2.m4a", fileHash: Self.hashA, container: "m4a"))
        }
        #expect(again?.kind == .conflict && again?.message.contains("\(firstID)") == true && again?.french != nil)
        let longTitle = await #expect(throws: StoreError.self) {
            try await store.addRecording(
                Recording(studyID: study, title: String(repeating: "t", count: 201), mediaPath: "m", fileHash: Self.hashB, container: "wav"))
        }
        #expect(longTitle?.kind == .invalidInput)
        // The same file in another study is another recording.
        let elsewhere = try await store.addRecording(
            Recording(studyID: other, title: "Ailleurs", mediaPath: "media/a.m4a", fileHash: Self.hashA, container: "m4a"))
        let second = try await store.addRecording(
            Recording(studyID: study, title: "Vidéo", mediaPath: "media/b.mp4", fileHash: Self.hashB, container: "mp4", hasVideo: true))
        #expect(try await store.recordings(studyID: study).map(\.title) == ["Entretien P-014", "Vidéo"])
        #expect(try await store.recording(studyID: study, fileHash: Self.hashB)?.id == second.id)
        #expect(try await store.recording(studyID: other, fileHash: Self.hashA)?.id == elsewhere.id)
        #expect(try await store.recording(studyID: other, fileHash: Self.hashB) == nil)
        #expect(try await store.recording(id: 9999) == nil)

        let p1 = try #require(try await store.createParticipant(studyID: study, pseudonym: "P-001").id)
        let p2 = try #require(try await store.createParticipant(studyID: study, pseudonym: "P-002").id)
        let stranger = try #require(try await store.createParticipant(studyID: other, pseudonym: "P-009").id)
        try await store.linkParticipant(recordingID: firstID, participantID: p2, role: .interviewer)
        try await store.linkParticipant(recordingID: firstID, participantID: p1, role: .interviewee)
        try await store.linkParticipant(recordingID: firstID, participantID: p2, role: .caregiver)
        let links = try await store.recordingParticipants(recordingID: firstID)
        #expect(links.map(\.participantID) == [p1, p2] && links.map(\.role) == [.interviewee, .caregiver])
        let crossed = await #expect(throws: StoreError.self) {
            try await store.linkParticipant(recordingID: firstID, participantID: stranger, role: .interviewee)
        }
        #expect(crossed?.kind == .invalidInput && crossed?.french != nil)
        let noRecording = await #expect(throws: StoreError.self) {
            try await store.linkParticipant(recordingID: 9999, participantID: p1, role: .interviewee)
        }
        #expect(noRecording?.kind == .notFound)
        let noParticipant = await #expect(throws: StoreError.self) {
            try await store.linkParticipant(recordingID: firstID, participantID: 9999, role: .interviewee)
        }
        #expect(noParticipant?.kind == .notFound)

        #expect(try await store.recordingSync(recordingID: firstID) == nil)
        let start = Date(timeIntervalSince1970: 1_780_000_123.5)
        let set = try await store.setRecordingSync(RecordingSync(recordingID: firstID, wallClockStart: start, offset: -1.25))
        #expect(set.recordingID == firstID && set.offset == -1.25 && set.wallClockStart == start)
        _ = try await store.setRecordingSync(RecordingSync(recordingID: firstID, wallClockStart: nil, offset: 2.5, markerPosition: 12.75))
        let clock = try #require(try await store.recordingSync(recordingID: firstID))
        #expect(clock.offset == 2.5 && clock.wallClockStart == nil && clock.markerPosition == 12.75 && clock.syncMarkerID == nil)
        let infinite = await #expect(throws: StoreError.self) {
            try await store.setRecordingSync(RecordingSync(recordingID: firstID, offset: .infinity))
        }
        #expect(infinite?.kind == .invalidInput && infinite?.french != nil)
        let unknown = await #expect(throws: StoreError.self) { try await store.setRecordingSync(RecordingSync(recordingID: 9999)) }
        #expect(unknown?.kind == .notFound)
    }

    @Test(arguments: StoreBackend.allCases)
    func deletingARecordingTakesItsTranscriptsJobsAndFileAndLeavesAnEvent(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-deletion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let media = folder.appendingPathComponent("a.wav").path
        try Data("RIFF".utf8).write(to: URL(fileURLWithPath: media))

        let study = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let user = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let recording = try #require(
            try await store.addRecording(
                Recording(studyID: study, title: "Entretien", mediaPath: media, fileHash: Self.hashA, container: "wav")
            ).id)
        let kept = try #require(
            try await store.addRecording(
                Recording(studyID: study, title: "Autre", mediaPath: folder.appendingPathComponent("b.wav").path, fileHash: Self.hashB,
                    container: "wav")
            ).id)
        let participant = try #require(try await store.createParticipant(studyID: study, pseudonym: "P-001").id)
        try await store.linkParticipant(recordingID: recording, participantID: participant, role: .interviewee)
        let input = TranscriptInput(
            engine: "whisper", model: "small", language: "fr", status: .draft, createdBy: nil,
            segments: [
                SegmentInput(
                    start: 0, end: 2, speakerLabel: "S1", text: "Bonjour.", confidence: -0.2,
                    words: [WordInput(start: 0, end: 1.5, text: " Bonjour.", probability: 0.9)]),
                SegmentInput(start: 2, end: 4, speakerLabel: "S2", text: "Merci d’être venue.", confidence: nil, words: []),
            ])
        _ = try await store.addTranscript(recordingID: recording, input)
        _ = try await store.addTranscript(recordingID: recording, input)
        _ = try await store.addTranscript(recordingID: kept, input)
        _ = try await store.enqueue(kind: "transcribe", payload: #"{"recordingID":\#(recording)}"#, studyID: study, priority: 0, maxAttempts: 3)
        _ = try await store.enqueue(kind: "transcribe", payload: #"{"recordingID":\#(kept)}"#, studyID: study, priority: 0, maxAttempts: 3)
        _ = try await store.enqueue(kind: "other", payload: "not json", studyID: study, priority: 0, maxAttempts: 3)

        let plan = try await store.recordingDeletionPlan(recordingID: recording)
        #expect(plan.transcripts == 2 && plan.segments == 4 && plan.words == 2 && plan.speakers == 2)
        #expect(plan.codings == 0 && plan.memos == 0 && plan.jobs == 1 && plan.participantLinks == 1)
        #expect(plan.auditEventID == nil && plan.removedFiles.isEmpty)
        #expect(try await store.transcripts(recordingID: recording).count == 2)  // the plan changed nothing

        let report = try await store.deleteRecording(recording, actorID: user, reason: "retrait du consentement")
        #expect(report.transcripts == 2 && report.segments == 4 && report.jobs == 1 && report.removedFiles == [media])
        #expect(report.failedFiles.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: media))
        #expect(try await store.recording(id: recording) == nil)
        #expect(try await store.transcripts(recordingID: recording).isEmpty)
        #expect(try await store.speakers(recordingID: recording).isEmpty)
        #expect(try await store.recordingParticipants(recordingID: recording).isEmpty)
        #expect(try await store.participant(id: participant) != nil)
        #expect(try await store.transcripts(recordingID: kept).count == 1)
        #expect(try await store.jobs(state: .queued).map(\.payload) == [#"{"recordingID":\#(kept)}"#, "not json"])

        let events = try await store.auditEvents(afterID: 0, limit: 10)
        let event = try #require(events.last)
        #expect(event.id == report.auditEventID && event.action == "recording.delete" && event.actorID == user)
        #expect(event.studyID == study && event.targetKind == "recording" && event.targetID == recording)
        #expect(event.details.contains("retrait du consentement") && !event.details.contains("Entretien"))
        #expect(try await store.verifyAuditLog().isIntact)

        let gone = await #expect(throws: StoreError.self) { try await store.deleteRecording(recording, actorID: user, reason: "") }
        #expect(gone?.kind == .notFound)
        let noPlan = await #expect(throws: StoreError.self) { try await store.recordingDeletionPlan(recordingID: recording) }
        #expect(noPlan?.kind == .notFound)
    }
}

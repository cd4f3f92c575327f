import Foundation
import Store
import Testing

@testable import PostgresStore

/// GDPR erasure on both backends: a participant with recordings, transcripts, codings, memos,
/// jobs, biometrics and case variables is erased in one transaction with nothing of theirs left,
/// others' data kept; a failure half-way leaves everything as it was.
@Suite("Store contract: erasure")
struct ErasureContractTests {
    /// Everything the test checks, counted behind the store's back.
    struct Counts: Equatable {
        var participants, attributes, links, identifiedSpeakers, recordings, transcripts, segments, words, codings, memos, jobs,
            streams, chunks, markers: Int

        init(_ opened: OpenedStore) async throws {
            func count(_ table: String, _ filter: String = "") async throws -> Int {
                try await opened.integer("SELECT count(*) FROM \(table) \(filter)")
            }
            participants = try await count("participant")
            attributes = try await count("participant_attribute")
            links = try await count("recording_participant")
            identifiedSpeakers = try await count("speaker", "WHERE participantID IS NOT NULL")
            recordings = try await count("recording")
            transcripts = try await count("transcript")
            segments = try await count("segment")
            words = try await count("word")
            codings = try await count("coding")
            memos = try await count("memo")
            jobs = try await count("job")
            streams = try await count("biometric_stream")
            chunks = try await count("biometric_chunk")
            markers = try await count("biometric_marker")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aParticipantIsErasedWholeInOneTransaction(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-erasure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let media = folder.appendingPathComponent("entretien-p001.wav")
        try Data("RIFF".utf8).write(to: media)

        let studyID = try #require(try await store.createStudy(name: "Fatigue", details: "").id)
        let coder = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let erased = try await opened.addParticipant(studyID, "P-001")
        let other = try await opened.addParticipant(studyID, "P-002")
        let own = try await opened.addRecording(studyID, String(repeating: "1", count: 64))
        let shared = try await opened.addRecording(studyID, String(repeating: "2", count: 64))
        try await opened.execute("UPDATE recording SET mediaPath = '\(media.path)' WHERE id = \(own)", false)
        try await opened.linkParticipant(erased, recordingID: own)
        try await opened.linkParticipant(erased, recordingID: shared)
        try await opened.linkParticipant(other, recordingID: shared)
        let ownTranscript = try #require(try await opened.addTranscript(recordingID: own, InterviewFixture.input).id)
        let sharedTranscript = try #require(try await opened.addTranscript(recordingID: shared, InterviewFixture.input).id)
        try await opened.execute(
            "UPDATE speaker SET participantID = \(erased) WHERE recordingID = \(shared) AND label = 'SPEAKER_01'", false)
        try await opened.execute(
            "INSERT INTO participant_attribute (participantID, name, value, isSensitive) VALUES (\(erased), 'âge', '40-49', FALSE)", false)
        try await opened.execute(
            "INSERT INTO participant_attribute (participantID, name, value, isSensitive) VALUES (\(other), 'âge', '50-59', FALSE)", false)

        let code = try await store.addCode(Code(studyID: studyID, name: "Fatigue"))
        let ownCoding = try await store.addCoding(transcriptID: ownTranscript, codeID: code.id!, coderID: coder, charStart: 19, charEnd: 26)
        _ = try await store.addCoding(transcriptID: ownTranscript, codeID: code.id!, coderID: coder, charStart: 0, charEnd: 7)
        _ = try await store.addCoding(transcriptID: sharedTranscript, codeID: code.id!, coderID: coder, charStart: 0, charEnd: 7)
        _ = try await store.addMemo(Memo(studyID: studyID, authorID: coder, title: "P-001", text: "", participantID: erased))
        _ = try await store.addMemo(Memo(studyID: studyID, authorID: coder, title: "Passage", text: "", codingID: ownCoding.id))
        _ = try await store.addMemo(Memo(studyID: studyID, authorID: coder, title: "Entretien", text: "", recordingID: own))
        _ = try await store.addMemo(Memo(studyID: studyID, authorID: coder, title: "Étude", text: ""))
        _ = try await store.addMemo(Memo(studyID: studyID, authorID: coder, title: "Partagé", text: "", recordingID: shared))

        let ownJob = try await store.enqueue(kind: "transcribe", payload: #"{"recordingID":\#(own)}"#, studyID: studyID, priority: 0, maxAttempts: 3)
        let importJob = try await store.enqueue(
            kind: "biometrics", payload: #"{"participantID":\#(erased),"path":"x"}"#, studyID: studyID, priority: 0, maxAttempts: 3)
        let sharedJob = try await store.enqueue(
            kind: "transcribe", payload: #"{"recordingID":\#(shared)}"#, studyID: studyID, priority: 0, maxAttempts: 3)
        let notJSON = try await store.enqueue(kind: "note", payload: "recordingID \(own)", studyID: studyID, priority: 0, maxAttempts: 3)

        let start = Date(timeIntervalSince1970: 1_790_000_000)
        for participantID in [erased, other] {
            _ = try await store.addBiometrics(
                streams: [
                    BiometricStream(
                        studyID: studyID, participantID: participantID, device: "e4", kind: "hr", unit: "bpm", sampleRate: 1,
                        startTime: start)
                ],
                samples: [BiometricSamples(regularValues: (0..<5_000).map { 60 + Double($0 % 40) }, rate: 1)],
                markers: [
                    BiometricMarker(studyID: studyID, participantID: participantID, time: start, label: "début", kind: "tag", source: "e4")
                ], completing: nil)
        }

        let plan = try await store.erasurePlan(participantID: erased)
        #expect(
            plan
                == ErasurePlan(
                    participantID: erased, deletedRecordingIDs: [own], keptRecordingIDs: [shared], transcripts: 1, codings: 2, memos: 3,
                    jobs: 2, streams: 1, markers: 1, attributes: 1, speakerLinks: 1))
        let before = try await Counts(opened)
        #expect(before.chunks == 4 && before.segments == 6 && before.identifiedSpeakers == 1)
        let eventsBefore = try await store.auditEvents(afterID: 0, limit: 1_000).count

        // A failure half-way (the participant's row refuses to go, after the recordings went): nothing changes.
        switch backend {
        case .sqlite:
            try await opened.execute(
                "CREATE TRIGGER refuse_erasure BEFORE DELETE ON participant BEGIN SELECT RAISE(ABORT, 'refused by the test'); END", false)
        case .postgres:
            try await opened.execute(
                "CREATE FUNCTION refuse_erasure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$",
                false)
            try await opened.execute(
                "CREATE TRIGGER refuse_erasure BEFORE DELETE ON participant FOR EACH ROW EXECUTE FUNCTION refuse_erasure()", false)
        }
        await #expect(throws: StoreError.self) { try await store.eraseParticipant(erased, actorID: coder, reason: "demande RGPD") }
        #expect(try await Counts(opened) == before, "a failed erasure leaves every row")
        #expect(FileManager.default.fileExists(atPath: media.path), "and the media file")
        #expect(try await store.auditEvents(afterID: 0, limit: 1_000).count == eventsBefore, "and no audit event")
        try await opened.execute(backend == .sqlite ? "DROP TRIGGER refuse_erasure" : "DROP TRIGGER refuse_erasure ON participant", false)

        let report = try await store.eraseParticipant(erased, actorID: coder, reason: "demande RGPD")
        #expect(
            report
                == ErasureReport(
                    participantID: erased, recordings: 1, keptRecordings: 1, transcripts: 1, codings: 2, memos: 3, jobs: 2, streams: 1,
                    removedFiles: [media.path], failedFiles: [], auditEventID: report.auditEventID))
        #expect(!FileManager.default.fileExists(atPath: media.path))
        let after = try await Counts(opened)
        #expect(
            after
                == with(before) {
                    $0.participants = 1; $0.attributes = 1; $0.links = 1; $0.identifiedSpeakers = 0; $0.recordings = 1
                    $0.transcripts = 1; $0.segments = 3; $0.words = 6; $0.codings = 1; $0.memos = 2; $0.jobs -= 2; $0.streams = 1
                    $0.chunks = 2; $0.markers = 1
                })
        for (table, column) in [
            ("participant", "id"), ("participant_attribute", "participantID"), ("recording_participant", "participantID"),
            ("speaker", "participantID"), ("memo", "participantID"), ("biometric_stream", "participantID"),
            ("biometric_marker", "participantID"),
        ] {
            #expect(try await opened.integer("SELECT count(*) FROM \(table) WHERE \(column) = \(erased)") == 0, "\(table) keeps nothing of theirs")
        }
        #expect(try await opened.integer("SELECT count(*) FROM recording WHERE id = \(own)") == 0)
        #expect(try await opened.integer("SELECT count(*) FROM coding WHERE transcriptID = \(ownTranscript)") == 0)
        #expect(try await store.job(id: ownJob.id!) == nil)
        #expect(try await store.job(id: importJob.id!) == nil)
        #expect(try await store.job(id: sharedJob.id!) != nil)
        #expect(try await store.job(id: notJSON.id!) != nil, "a payload that is not JSON names nobody")
        #expect(try await store.biometricStreams(participantID: other).count == 1)
        #expect(try await store.memos(studyID: studyID).map(\.title) == ["Étude", "Partagé"])

        let event = try #require(try await store.auditEvents(afterID: 0, limit: 1_000).last)
        #expect(event.id == report.auditEventID && event.action == "participant.erase" && event.targetID == erased)
        #expect(
            event.details
                == #"{"codings":2,"jobs":2,"keptRecordings":1,"memos":3,"reason":"demande RGPD","recordings":1,"streams":1,"transcripts":1}"#)
        #expect(!event.details.contains("P-001"), "no pseudonym in the log")
        #expect(try await store.verifyAuditLog().isIntact)
        #expect(await (#expect(throws: StoreError.self) { try await store.erasurePlan(participantID: erased) })?.kind == .notFound)
    }
}

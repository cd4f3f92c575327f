import Foundation
import Service
import Store
import Testing

/// GDPR erasure through the API: a preview of what will go, then an erasure that removes only
/// what is the participant's own, job payloads included.
@Suite("Erasure through the API")
struct ErasureRouteTests {
    /// What `GET /participants/{id}/erasure` answers (the fields this test reads).
    struct Preview: Decodable {
        var participantID: Int64
        var deletedRecordingIDs: [Int64]
        var keptRecordingIDs: [Int64]
        var jobs: Int
        var streams: Int
    }

    @Test func erasingOneParticipantOfASharedRecording() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let store = server.store
        let patient = try await store.createParticipant(studyID: fixture.studyID, pseudonym: "P-201")
        let caregiver = try await store.createParticipant(studyID: fixture.studyID, pseudonym: "P-202")
        // The fixture's interview is shared: the patient with the caregiver beside them.
        let shared = fixture.recordingID
        try await store.linkParticipant(recordingID: shared, participantID: patient.id!, role: .interviewee)
        try await store.linkParticipant(recordingID: shared, participantID: caregiver.id!, role: .caregiver)
        try await store.identifySpeaker(fixture.speakerID, participantID: caregiver.id!, isInterviewer: false)
        // The caregiver's own interview, with a transcription job whose prompt names people.
        let upload = try await server.send(
            "POST", "/studies/\(fixture.studyID)/recordings?title=Aidante", token: server.adminToken,
            body: try Data(contentsOf: TestPaths.speech("en_commonvoice_651325.mp3")))
        #expect(upload.status == 201, "\(upload.text)")
        let own = try #require(try await store.recording(id: try upload.json(Recording.self).id!))
        try await store.linkParticipant(recordingID: own.id!, participantID: caregiver.id!, role: .interviewee)
        let job = try await server.send(
            "POST", "/recordings/\(own.id!)/jobs", token: server.adminToken, json: ["prompt": "Madame Jeanne Dupont, Villejuif"])
        #expect(job.status == 202, "\(job.text)")
        let jobID = try job.json(Job.self).id!
        let sharedJob = try await server.send("POST", "/recordings/\(shared)/jobs", token: server.adminToken, json: ["language": "fr"])
        let sharedJobID = try sharedJob.json(Job.self).id!

        let previewReply = try await server.send("GET", "/participants/\(caregiver.id!)/erasure", token: fixture.tokens["studyAdmin"])
        #expect(previewReply.status == 200, "\(previewReply.text)")
        let preview: Preview = try previewReply.json()
        #expect(preview.participantID == caregiver.id)
        #expect(preview.deletedRecordingIDs == [own.id!])
        #expect(preview.keptRecordingIDs == [shared])
        #expect(preview.jobs == 1)
        #expect(try await store.participant(id: caregiver.id!) != nil, "a preview erases nothing")
        let coderPreview = try await server.send("GET", "/participants/\(caregiver.id!)/erasure", token: fixture.tokens["coder"])
        #expect(coderPreview.status == 403)

        let erased = try await server.send("DELETE", "/participants/\(caregiver.id!)?reason=withdrew", token: fixture.tokens["studyAdmin"])
        #expect(erased.status == 200, "\(erased.text)")
        #expect(try await store.recording(id: shared) != nil)
        #expect(try await store.recording(id: own.id!) == nil)
        #expect(try await store.recordingParticipants(recordingID: shared).map(\.participantID) == [patient.id!])
        #expect(try await store.speakers(recordingID: shared).first { $0.id == fixture.speakerID }?.participantID == nil)
        #expect(try await store.transcript(id: fixture.transcriptID) != nil)
        let sharedRecording = try #require(try await store.recording(id: shared))
        #expect(FileManager.default.fileExists(atPath: sharedRecording.mediaPath))
        #expect(!FileManager.default.fileExists(atPath: own.mediaPath))

        // The erased recording's job, and its prompt, are gone; the shared recording's job stays.
        let jobReply = try await server.send("GET", "/jobs/\(jobID)", token: server.adminToken)
        #expect(jobReply.status == 404, "\(jobReply.text)")
        #expect(try await store.job(id: jobID) == nil)
        #expect(try await store.job(id: sharedJobID) != nil)
        let database = server.backend.configuration.databaseURL.path
        for file in [database, database + "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            #expect(bytes.range(of: Data("Jeanne Dupont".utf8)) == nil, "the prompt is still in \(file)")
        }
    }
}

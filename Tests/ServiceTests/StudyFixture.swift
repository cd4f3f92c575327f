import Foundation
import Service
import Store
import Testing

/// A study with members in every role, an outsider, and one of each object the API serves.
struct StudyFixture {
    let server: TestServer
    let studyID: Int64
    /// Tokens by caller name: `studyAdmin`, `researcher`, `coder`, `outsider`, `installationAdmin`.
    let tokens: [String: String]
    let spareUserID: Int64
    let participantID: Int64
    let erasableParticipantID: Int64
    let recordingID: Int64
    let transcriptID: Int64
    let speakerID: Int64
    let codeID: Int64
    let jobID: Int64

    static func make(on server: TestServer) async throws -> StudyFixture {
        let studyReply = try await server.send("POST", "/studies", token: server.adminToken, json: ["name": "Caregivers 2026"])
        #expect(studyReply.status == 201, "\(studyReply.text)")
        let study: Study = try studyReply.json()
        let studyID = study.id!
        var tokens = ["installationAdmin": server.adminToken]
        for (name, role) in [("studyAdmin", StudyRole.admin), ("researcher", .researcher), ("coder", .coder)] {
            let user = try await server.createUser(name)
            let reply = try await server.send(
                "PUT", "/studies/\(studyID)/members/\(user.id)", token: server.adminToken, json: ["role": role.rawValue])
            #expect(reply.status == 200, "\(reply.text)")
            tokens[name] = user.token
        }
        tokens["outsider"] = try await server.createUser("Outsider").token
        let spare = try await server.createUser("Spare")

        let store = server.store
        let participant = try await store.createParticipant(studyID: studyID, pseudonym: "P-001")
        let erasable = try await store.createParticipant(studyID: studyID, pseudonym: "P-099")
        try await store.setAttribute(participantID: participant.id!, name: "age band", value: "30-39", isSensitive: false)
        try await store.setAttribute(participantID: participant.id!, name: "diagnosis", value: "T2 diabetes", isSensitive: true)

        let media = server.dataDirectory.appendingPathComponent("media/fixture.wav")
        try FileManager.default.copyItem(at: TestPaths.speech("fr_commonvoice_picovoice_test_fr.wav"), to: media)
        let bytes = try Data(contentsOf: media)
        let recording = try await store.addRecording(
            Recording(
                studyID: studyID, title: "Interview P-001", mediaPath: media.path, fileHash: Hashing.sha256Hex(bytes), container: "wav",
                audioChannels: 1, duration: 5))
        // A human-typed transcript (engine "human"), as a researcher would enter it by hand.
        let transcript = try await store.addTranscript(
            recordingID: recording.id!,
            TranscriptInput(
                engine: "human", model: "", language: "fr",
                segments: [
                    SegmentInput(start: 0, end: 2, speakerLabel: "SPEAKER_00", text: "Bonjour, comment allez-vous ?"),
                    SegmentInput(start: 2, end: 5, speakerLabel: "SPEAKER_01", text: "Très bien, merci beaucoup."),
                ]))
        let speakers = try await store.speakers(recordingID: recording.id!)
        let code = try await store.addCode(Code(studyID: studyID, name: "greeting", color: "#336699"))
        let job = try await store.enqueue(
            kind: "transcribe", payload: try TranscriptionRequest(recordingID: recording.id!).payload(), studyID: studyID, priority: 0,
            maxAttempts: 3)
        try await store.cancelJob(jobID: job.id!)
        return StudyFixture(
            server: server, studyID: studyID, tokens: tokens, spareUserID: spare.id, participantID: participant.id!,
            erasableParticipantID: erasable.id!, recordingID: recording.id!, transcriptID: transcript.id!, speakerID: speakers[0].id!,
            codeID: code.id!, jobID: job.id!)
    }
}

import Foundation
import Store
import Testing

@testable import PostgresStore

/// The export bundle on both backends, with values written here: current versions only, the
/// consensus as its own coder, names in code-point order, and a selection of recordings.
@Suite("Store contract: export bundle")
struct ExportContractTests {
    @Test(arguments: StoreBackend.allCases)
    func theBundleHoldsWhatTheExportWrites(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Fatigue", details: "").id)
        let ana = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let ben = try #require(try await store.createUser(name: "Ben", email: "ben@example.org").id)
        _ = try await store.createUser(name: "Zoé", email: "zoe@example.org")
        try await store.setMembership(studyID: studyID, userID: ben, role: .researcher)
        let first = try await opened.addParticipant(studyID, "P-002")
        let second = try await opened.addParticipant(studyID, "a-010")
        try await opened.execute(
            "INSERT INTO participant_attribute (participantID, name, value, isSensitive) VALUES (\(first), 'âge', '40-49', FALSE)", false)
        try await opened.execute(
            "INSERT INTO participant_attribute (participantID, name, value, isSensitive) VALUES (\(first), 'sexe', 'F', TRUE)", false)
        let recording = try await opened.addRecording(studyID, String(repeating: "1", count: 64))
        let other = try await opened.addRecording(studyID, String(repeating: "2", count: 64))
        try await opened.linkParticipant(first, recordingID: recording)
        try await opened.linkParticipant(second, recordingID: other)
        let coded = try #require(try await opened.addTranscript(recordingID: recording, InterviewFixture.input).id)
        _ = try await opened.addTranscript(recordingID: recording, InterviewFixture.input)
        let code = try await store.addCode(Code(studyID: studyID, name: "Fatigue"))
        let own = try await store.addCoding(transcriptID: coded, codeID: code.id!, coderID: ana, charStart: 19, charEnd: 26)
        _ = try await store.decideConsensus(
            transcriptID: coded, ConsensusDecision(unitIndex: 0, codeIDs: [code.id!]), deciderID: ben, at: Date(timeIntervalSince1970: 1e9))
        _ = try await store.addMemo(Memo(studyID: studyID, authorID: ana, title: "Note", text: "Texte"))

        let bundle = try await store.exportBundle(studyID: studyID, recordingIDs: nil)
        #expect(bundle.study.name == "Fatigue")
        #expect(bundle.users.map(\.name) == ["Consensus", "Ana", "Ben"], "the consensus first, then coders, members and authors")
        #expect(bundle.participants.map(\.pseudonym) == ["P-002", "a-010"], "code-point order")
        #expect(bundle.attributes.map { [$0.name, $0.value] } == [["sexe", "F"], ["âge", "40-49"]])
        #expect(bundle.codes.map(\.name) == ["Fatigue"] && bundle.memos.map(\.title) == ["Note"])
        #expect(bundle.recordings.map(\.recording.id) == [recording, other])
        let main = bundle.recordings[0]
        #expect(main.transcript?.id == coded, "the coded version is current, not the newer draft")
        #expect(main.participants.map(\.participantID) == [first])
        #expect(main.speakers.map(\.label) == ["SPEAKER_00", "SPEAKER_01"])
        #expect(main.segments.map(\.text) == ["Bonjour à tous.", "La fatigue revient.", "Oui."])
        #expect(main.segments.map(\.charStart) == [0, 16, 36])
        #expect(main.words.map(\.text) == [" Bonjour", " à", " tous.", " La", " fatigue", " revient."])
        #expect(main.codings.map(\.coderID) == [Coding.consensusCoderID, ana])
        #expect(main.codings.map(\.id) == [main.codings[0].id, own.id] && main.codings[0].isConsensus)
        #expect(bundle.recordings[1].transcript == nil && bundle.recordings[1].segments.isEmpty)

        let selected = try await store.exportBundle(studyID: studyID, recordingIDs: [other])
        #expect(selected.recordings.map(\.recording.id) == [other])
        let missing = await #expect(throws: StoreError.self) { try await store.exportBundle(studyID: studyID, recordingIDs: [9_999]) }
        #expect(missing?.kind == .notFound)
        #expect(
            await (#expect(throws: StoreError.self) { try await store.exportBundle(studyID: 9_999, recordingIDs: nil) })?.kind == .notFound)
    }
}

import Foundation
import Store
import Testing

@testable import PostgresStore

/// Retrieval of coded segments and the code × case matrix on both backends, with values written
/// here: only current versions, recordings in code-point title order, cases from identified
/// speakers or else from the recording's non-interviewer participants, and every filter.
@Suite("Store contract: retrieval")
struct RetrievalContractTests {
    @Test(arguments: StoreBackend.allCases)
    func codedSegmentsAndTheMatrixReadTheCurrentVersions(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Fatigue", details: "").id)
        let ana = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let ben = try #require(try await store.createUser(name: "Ben", email: "ben@example.org").id)
        let first = try await opened.addParticipant(studyID, "P-001")
        let second = try await opened.addParticipant(studyID, "P-002")
        try await opened.execute(
            "INSERT INTO participant_attribute (participantID, name, value, isSensitive) VALUES (\(first), 'sexe', 'F', FALSE)", false)
        try await opened.execute(
            "INSERT INTO participant_attribute (participantID, name, value, isSensitive) VALUES (\(second), 'diagnostic', 'C50', TRUE)", false)

        let listening = try await opened.addRecording(studyID, String(repeating: "1", count: 64))
        let review = try await opened.addRecording(studyID, String(repeating: "2", count: 64))
        let welcome = try await opened.addRecording(studyID, String(repeating: "3", count: 64))
        for (id, title) in [(listening, "Écoute"), (review, "Bilan"), (welcome, "Accueil")] {
            try await opened.execute("UPDATE recording SET title = '\(title)' WHERE id = \(id)", false)
        }
        try await opened.linkParticipant(first, recordingID: listening)
        try await opened.linkParticipant(second, recordingID: review)
        try await opened.linkParticipant(second, recordingID: welcome)
        let listeningText = try #require(try await opened.addTranscript(recordingID: listening, InterviewFixture.input).id)
        let reviewOld = try #require(try await opened.addTranscript(recordingID: review, InterviewFixture.input).id)
        let welcomeText = try #require(try await opened.addTranscript(recordingID: welcome, InterviewFixture.input).id)
        try await opened.execute(
            "UPDATE speaker SET isInterviewer = TRUE WHERE recordingID = \(listening) AND label = 'SPEAKER_00'", false)
        try await opened.execute(
            "UPDATE speaker SET participantID = \(first) WHERE recordingID = \(listening) AND label = 'SPEAKER_01'", false)

        let pain = try await store.addCode(Code(studyID: studyID, name: "Douleur"))
        let fatigue = try await store.addCode(Code(studyID: studyID, name: "Fatigue"))
        let c1 = try await store.addCoding(transcriptID: listeningText, codeID: fatigue.id!, coderID: ana, charStart: 19, charEnd: 26)
        let c2 = try await store.addCoding(transcriptID: listeningText, codeID: pain.id!, coderID: ben, charStart: 0, charEnd: 7)
        let c3 = try await store.addCoding(transcriptID: listeningText, codeID: fatigue.id!, coderID: ben, charStart: 36, charEnd: 40)
        let c4 = try await store.addCoding(transcriptID: welcomeText, codeID: pain.id!, coderID: ana, charStart: 16, charEnd: 35)
        _ = try await store.addCoding(transcriptID: reviewOld, codeID: pain.id!, coderID: ana, charStart: 0, charEnd: 7)
        // A reviewed re-run of the review recording becomes current: the older version's coding is not read.
        var reviewed = InterviewFixture.input
        reviewed.status = .reviewed
        _ = try await opened.addTranscript(recordingID: review, reviewed)
        // A draft re-run of the listening recording is not: its coded version stays current.
        _ = try await opened.addTranscript(recordingID: listening, InterviewFixture.input)

        let all = try await store.codedSegments(studyID: studyID, query: CodedSegmentQuery())
        #expect(all.map(\.codingID) == [c4.id, c2.id, c1.id, c3.id], "Accueil, (Bilan), Écoute; in text order")
        #expect(all.map(\.text) == ["La fatigue revient.", "Bonjour", "fatigue", "Oui."])
        #expect(all.map(\.participantIDs) == [[second], [], [first], []])
        #expect(all.map(\.speakerLabel) == ["SPEAKER_01", "SPEAKER_00", "SPEAKER_01", "SPEAKER_00"])
        #expect(all.map(\.coderName) == ["Ana", "Ben", "Ana", "Ben"])
        #expect(all.map(\.recordingTitle) == ["Accueil", "Écoute", "Écoute", "Écoute"])
        #expect(all.map { [$0.startTime, $0.endTime] } == [[2.5, 5], [0, 0.8], [2.7, 3.5], [6, 8]])

        func ids(_ query: CodedSegmentQuery) async throws -> [Int64?] {
            try await store.codedSegments(studyID: studyID, query: query).map(\.codingID)
        }
        #expect(try await ids(CodedSegmentQuery(codeIDs: [fatigue.id!])) == [c1.id, c3.id])
        #expect(try await ids(CodedSegmentQuery(coderID: ben)) == [c2.id, c3.id])
        #expect(try await ids(CodedSegmentQuery(participantID: first)) == [c1.id])
        #expect(try await ids(CodedSegmentQuery(attributes: [AttributeFilter(name: "sexe", value: "F")])) == [c1.id])
        #expect(try await ids(CodedSegmentQuery(attributes: [AttributeFilter(name: "diagnostic", value: "C50")])) == [])
        #expect(
            try await ids(CodedSegmentQuery(attributes: [AttributeFilter(name: "diagnostic", value: "C50")], includeSensitive: true))
                == [c4.id])
        #expect(
            await (#expect(throws: StoreError.self) { try await store.codedSegments(studyID: 9_999, query: CodedSegmentQuery()) })?
                .kind == .notFound)

        let matrix = try await store.codeCaseMatrix(studyID: studyID)
        #expect(matrix.participants.map(\.pseudonym) == ["P-001", "P-002"])
        #expect(matrix.rows.map(\.name) == ["Douleur", "Fatigue"])
        #expect(matrix.rows.map(\.counts) == [[0, 1], [1, 0]])
        #expect(matrix.rows.map(\.characters) == [[0, 19], [7, 0]])
        #expect(matrix.rows.map(\.withoutCase) == [1, 1])
    }
}

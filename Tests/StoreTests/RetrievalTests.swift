import Foundation
import Testing

@testable import Store

/// "All segments coded X" across a study's interviews, and the code × case matrix.
@Suite struct RetrievalTests {
    /// The seeded study plus a coding in P-015's interview and one in the interviewer's question.
    static func seed(_ temporary: TemporaryStore) async throws -> (SeededStudy, sister: Int64, question: Int64) {
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let sister = SeededStudy.range(of: "ma sœur", in: seeded.otherTranscript.text)
        let sisterCoding = try await temporary.store.addCoding(
            transcriptID: seeded.otherTranscript.id!, codeID: seeded.childCode.id!, coderID: seeded.alice.id!,
            charStart: sister.lowerBound, charEnd: sister.upperBound)
        let interest = SeededStudy.range(of: "intérêt", in: seeded.transcript.text)
        let question = try await temporary.store.addCoding(
            transcriptID: seeded.transcript.id!, codeID: seeded.parentCode.id!, coderID: seeded.bruno.id!,
            charStart: interest.lowerBound, charEnd: interest.upperBound)
        return (seeded, sisterCoding.id!, question.id!)
    }

    @Test func aCodeWithItsSubcodesAcrossInterviewsWithTextSpeakerCaseAndTime() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let (seeded, sister, question) = try await Self.seed(temporary)
        let store = temporary.store
        let studyID = seeded.study.id!
        let all = try await store.codedSegments(
            studyID: studyID, query: CodedSegmentQuery(codeIDs: [seeded.parentCode.id!, seeded.childCode.id!]))
        // P-014's interview first (by title), in text order; then P-015's.
        #expect(
            all.map(\.text) == [
                "intérêt", "la fatigue & le stress", "la fatigue & le stress", "l'hôpital m'a proposé l'étude", "ma sœur",
            ])
        #expect(all.map(\.recordingTitle) == ["Entretien P-014", "Entretien P-014", "Entretien P-014", "Entretien P-014", "Entretien P-015"])
        let first = try #require(all.first)
        #expect(first.codingID == question)
        #expect(first.speakerLabel == "Interviewer")
        // The interviewer's question belongs to no case; P-014 speaks as SPEAKER_01; P-015 is the linked interviewee.
        #expect(all.map(\.participantIDs) == [[], [seeded.p014.id!], [seeded.p014.id!], [seeded.p014.id!], [seeded.p015.id!]])
        #expect(all[1].speakerLabel == "SPEAKER_01")
        #expect(all[1].startTime >= 2.8 && all[1].endTime <= 6.1 && all[1].startTime < all[1].endTime)
        #expect(Set(all[1...2].map(\.coderName)) == ["Alice Martin", "Bruno Petit"])
        #expect(all.last?.codingID == sister)

        let parentOnly = try await store.codedSegments(studyID: studyID, query: CodedSegmentQuery(codeIDs: [seeded.parentCode.id!]))
        #expect(parentOnly.map(\.text) == ["intérêt", "l'hôpital m'a proposé l'étude"])
        let bruno = try await store.codedSegments(studyID: studyID, query: CodedSegmentQuery(coderID: seeded.bruno.id!))
        #expect(bruno.map(\.text) == ["intérêt", "la fatigue & le stress"])
        let p015 = try await store.codedSegments(studyID: studyID, query: CodedSegmentQuery(participantID: seeded.p015.id!))
        #expect(p015.map(\.codingID) == [sister])
    }

    @Test func attributeFiltersAndSensitiveAttributes() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let (seeded, sister, _) = try await Self.seed(temporary)
        let store = temporary.store
        let studyID = seeded.study.id!
        let forties = try await store.codedSegments(
            studyID: studyID, query: CodedSegmentQuery(attributes: [AttributeFilter(name: "age band", value: "40-49")]))
        #expect(forties.map(\.codingID) == [sister])
        let both = [AttributeFilter(name: "age band", value: "30-39"), AttributeFilter(name: "diagnosis", value: "ME/CFS")]
        // A coder's filter never matches a sensitive attribute (it would reveal who has it).
        #expect(try await store.codedSegments(studyID: studyID, query: CodedSegmentQuery(attributes: both)).isEmpty)
        let researcher = try await store.codedSegments(studyID: studyID, query: CodedSegmentQuery(attributes: both, includeSensitive: true))
        #expect(researcher.map(\.text) == ["la fatigue & le stress", "la fatigue & le stress", "l'hôpital m'a proposé l'étude"])
        #expect(AttributeFilter(parsing: "sexe:F") == AttributeFilter(name: "sexe", value: "F"))
        #expect(AttributeFilter(parsing: "heure: 10:30") == AttributeFilter(name: "heure", value: "10:30"))
        #expect(AttributeFilter(parsing: "sexe") == nil)
        #expect(AttributeFilter(parsing: ":F") == nil)
        await #expect(throws: StoreError.self) { _ = try await store.codedSegments(studyID: studyID + 99, query: CodedSegmentQuery()) }
    }

    @Test func theCodeByCaseMatrixCountsSegmentsAndCharactersWithTotals() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let (seeded, _, _) = try await Self.seed(temporary)
        let matrix = try await temporary.store.codeCaseMatrix(studyID: seeded.study.id!)
        #expect(matrix.participants.map(\.pseudonym) == ["P-014", "P-015"])
        #expect(matrix.rows.map(\.name) == ["Motivation", "Santé"])
        #expect(matrix.rows.map(\.depth) == [0, 1])
        #expect(matrix.rows[1].parentID == seeded.parentCode.id)
        #expect(matrix.rows[0].counts == [1, 0])
        #expect(matrix.rows[0].withoutCase == 1)
        #expect(matrix.rows[1].counts == [2, 1])
        #expect(matrix.rows[1].characters == [2 * "la fatigue & le stress".unicodeScalars.count, "ma sœur".unicodeScalars.count])
        #expect(matrix.rows.map(\.total) == [1, 3])
        #expect(matrix.participants.map(\.total) == [3, 1])
    }
}

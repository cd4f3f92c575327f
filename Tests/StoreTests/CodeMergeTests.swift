import Foundation
import Testing

@testable import Store

/// Merging one code into another, and what deleting a code takes with it.
@Suite struct CodeMergeTests {
    @Test func mergingMovesCodingsCollapsesDuplicatesAndMovesSubcodes() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        let studyID = seeded.study.id!
        let santé = seeded.childCode
        // The target: "Fatigue", on which Alice coded the same span already; both codes have a "Sommeil" sub-code.
        let fatigue = try await store.addCode(Code(studyID: studyID, name: "Fatigue", color: "#2CA02C"))
        let span = SeededStudy.range(of: "la fatigue & le stress", in: seeded.transcript.text)
        let kept = try await store.addCoding(
            transcriptID: seeded.transcript.id!, codeID: fatigue.id!, coderID: seeded.alice.id!, charStart: span.lowerBound,
            charEnd: span.upperBound)
        let alicesSanté = try #require(
            try await store.codings(transcriptID: seeded.transcript.id!).first { $0.codeID == santé.id && $0.coderID == seeded.alice.id })
        let memoOnDuplicate = try await store.addMemo(
            Memo(studyID: studyID, authorID: seeded.alice.id, title: "Doublon", text: "Sur le codage fusionné.", codingID: alicesSanté.id))
        let memoOnCode = try await store.addMemo(Memo(studyID: studyID, authorID: seeded.alice.id, title: "Règle", text: "…", codeID: santé.id))
        let sleepUnderSanté = try await store.addCode(Code(studyID: studyID, parentID: santé.id, name: "Sommeil"))
        let sleepUnderFatigue = try await store.addCode(Code(studyID: studyID, parentID: fatigue.id, name: "Sommeil"))
        let pain = try await store.addCode(Code(studyID: studyID, parentID: santé.id, name: "Douleur"))
        let hospital = SeededStudy.range(of: "l'hôpital", in: seeded.transcript.text)
        let sleepCoding = try await store.addCoding(
            transcriptID: seeded.transcript.id!, codeID: sleepUnderSanté.id!, coderID: seeded.bruno.id!, charStart: hospital.lowerBound,
            charEnd: hospital.upperBound)

        let merge = try await store.mergeCode(santé.id!, into: fatigue.id!, actorID: seeded.alice.id)
        #expect(merge.movedCodings == 2)  // Bruno's Santé coding and his Sommeil coding.
        #expect(merge.collapsedCodings == 1)  // Alice's Santé coding: she had coded the span with Fatigue.
        #expect(merge.movedSubcodes == 1)  // Douleur.
        #expect(merge.mergedSubcodes == 1)  // Sommeil into Fatigue's Sommeil.

        let codes = try await store.codes(studyID: studyID)
        #expect(codes.first { $0.id == santé.id } == nil)
        #expect(codes.first { $0.id == sleepUnderSanté.id } == nil)
        #expect(codes.first { $0.id == pain.id }?.parentID == fatigue.id)
        let codings = try await store.codings(transcriptID: seeded.transcript.id!)
        let onSpan = codings.filter { $0.charStart == span.lowerBound && $0.charEnd == span.upperBound }
        #expect(onSpan.count == 2)
        #expect(Set(onSpan.map(\.codeID)) == [fatigue.id!])
        #expect(Set(onSpan.map(\.coderID)) == [seeded.alice.id!, seeded.bruno.id!])
        #expect(codings.first { $0.id == sleepCoding.id }?.codeID == sleepUnderFatigue.id)
        let memos = try await store.memos(studyID: studyID)
        #expect(memos.first { $0.id == memoOnDuplicate.id }?.codingID == kept.id)
        #expect(memos.first { $0.id == memoOnCode.id }?.codeID == fatigue.id)
        let event = try #require(try await store.auditEvents(afterID: 0, limit: 1000).last)
        #expect(event.id == merge.auditEventID)
        #expect(event.action == "code.merge")
        #expect(event.targetID == fatigue.id)
        #expect(event.details.contains("\"collapsedCodings\":1"))
    }

    @Test func aMergeThatWouldLoopOrCrossStudiesChangesNothing() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        let before = try await store.codings(transcriptID: seeded.transcript.id!)
        let codesBefore = try await store.codes(studyID: seeded.study.id!)
        for (source, target) in [(seeded.parentCode.id!, seeded.childCode.id!), (seeded.parentCode.id!, seeded.parentCode.id!)] {
            do {
                _ = try await store.mergeCode(source, into: target, actorID: nil)
                Issue.record("merging \(source) into \(target) was accepted")
            } catch let error as StoreError {
                #expect(error.kind == .invalidInput)
                #expect(error.message(in: .fr).contains("sous-codes"))
            }
        }
        let other = try await store.createStudy(name: "Autre", details: "")
        let foreign = try await store.addCode(Code(studyID: other.id!, name: "Ailleurs"))
        await #expect(throws: StoreError.self) { _ = try await store.mergeCode(seeded.childCode.id!, into: foreign.id!, actorID: nil) }
        await #expect(throws: StoreError.self) { _ = try await store.mergeCode(seeded.childCode.id!, into: 9999, actorID: nil) }
        #expect(try await store.codings(transcriptID: seeded.transcript.id!) == before)
        #expect(try await store.codes(studyID: seeded.study.id!) == codesBefore)
        #expect(try await store.auditEvents(afterID: 0, limit: 1000).allSatisfy { $0.action != "code.merge" })
    }

    @Test func theDeletionPlanCountsSubcodesCodingsAndMemos() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let seeded = try await SeededStudy.seed(store, folder: temporary.folder)
        let grandchild = try await store.addCode(Code(studyID: seeded.study.id!, parentID: seeded.childCode.id, name: "Sommeil"))
        _ = try await store.addMemo(Memo(studyID: seeded.study.id!, authorID: nil, title: "Règle", text: "…", codeID: grandchild.id))
        let plan = try await store.codeDeletionPlan(codeID: seeded.parentCode.id!)
        // Motivation: Santé and Sommeil beneath it; 3 codings (Alice's and Bruno's Santé, Alice's Motivation);
        // the memo on Alice's Motivation coding and the one on Sommeil.
        #expect(plan == CodeDeletionPlan(codeID: seeded.parentCode.id!, subcodes: 2, codings: 3, memos: 2))
        #expect(try await store.codeDeletionPlan(codeID: seeded.childCode.id!).codings == 2)
        try await store.deleteCode(id: seeded.parentCode.id!)
        #expect(try await store.codes(studyID: seeded.study.id!).isEmpty)
        #expect(try await store.codings(transcriptID: seeded.transcript.id!).isEmpty)
    }
}

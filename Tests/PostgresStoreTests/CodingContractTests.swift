import Foundation
import Store
import Testing

@testable import PostgresStore

/// The codebook and the coding workflow on both backends, with values written here: the same
/// codes in the same order, the same times for the same spans, the same refusals, merges and
/// consensus decisions.
@Suite("Store contract: codes and codings")
struct CodingContractTests {
    @Test(arguments: StoreBackend.allCases)
    func theCodebookKeepsItsTreeAndRefusesWhatWouldBreakIt(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Fatigue", details: "").id)
        let otherID = try #require(try await store.createStudy(name: "Autre", details: "").id)

        let badColour = await #expect(throws: StoreError.self) {
            try await store.addCode(Code(studyID: studyID, name: "Fatigue", color: "rouge"))
        }
        #expect(badColour?.kind == .invalidInput && badColour?.french?.contains("#RRVVBB") == true)
        let noName = await #expect(throws: StoreError.self) { try await store.addCode(Code(studyID: studyID, name: "")) }
        #expect(noName?.kind == .invalidInput)

        let fatigue = try await store.addCode(Code(studyID: studyID, name: "Fatigue", color: "#1F77B4", details: "Épuisement"))
        let exhaustion = try await store.addCode(Code(studyID: studyID, name: "Épuisement", color: "#FF7F0E"))
        let morning = try await store.addCode(Code(studyID: studyID, parentID: fatigue.id, name: "Matin", color: "#2CA02C"))
        #expect(fatigue.id != nil && fatigue.details == "Épuisement" && morning.parentID == fatigue.id)
        let elsewhere = try await store.addCode(Code(studyID: otherID, name: "Ailleurs"))
        let foreignParent = await #expect(throws: StoreError.self) {
            try await store.addCode(Code(studyID: studyID, parentID: elsewhere.id, name: "X"))
        }
        #expect(foreignParent?.kind == .invalidInput)
        let missingParent = await #expect(throws: StoreError.self) {
            try await store.addCode(Code(studyID: studyID, parentID: 9_999, name: "X"))
        }
        #expect(missingParent?.kind == .notFound)
        let twin = await #expect(throws: StoreError.self) { try await store.addCode(Code(studyID: studyID, name: "Fatigue")) }
        #expect(twin?.kind == .conflict, "sibling names are unique")

        // Code-point order (F before É), parents before children, on both backends.
        #expect(try await store.codes(studyID: studyID).map(\.name) == ["Fatigue", "Épuisement", "Matin"])
        #expect(try await store.code(id: morning.id!)?.undated == morning.undated)

        var moved = morning
        moved.parentID = exhaustion.id
        moved.name = "Le matin"
        moved.color = "#D62728"
        try await store.updateCode(moved)
        #expect(try await store.code(id: morning.id!)?.undated == moved.undated)
        var cycle = exhaustion
        cycle.parentID = morning.id
        let underItself = await #expect(throws: StoreError.self) { try await store.updateCode(cycle) }
        #expect(underItself?.kind == .invalidInput && underItself?.message.contains("cannot move under itself") == true)
        var across = exhaustion
        across.parentID = elsewhere.id
        #expect(await (#expect(throws: StoreError.self) { try await store.updateCode(across) })?.kind == .invalidInput)

        let imported = try await store.importCodebook(
            studyID: studyID,
            [
                CodebookEntry(name: "Épuisement", color: "#000000", children: [CodebookEntry(name: "Soir", color: "#9467BD")]),
                CodebookEntry(name: "Douleur", color: "#8C564B"),
            ])
        #expect(imported.map(\.name) == ["Douleur", "Fatigue", "Épuisement", "Le matin", "Soir"])
        #expect(imported.first { $0.name == "Épuisement" }?.color == "#FF7F0E", "an existing code is reused, not changed")
        #expect(imported.first { $0.name == "Soir" }?.parentID == exhaustion.id)
        let badImport = await #expect(throws: StoreError.self) {
            try await store.importCodebook(studyID: studyID, [CodebookEntry(name: "Ok", children: [CodebookEntry(name: "")])])
        }
        #expect(badImport?.kind == .invalidInput)
        #expect(try await store.codes(studyID: studyID).count == 5, "a refused import adds nothing")
        #expect(await (#expect(throws: StoreError.self) { try await store.importCodebook(studyID: 9_999, []) })?.kind == .notFound)

        #expect(
            try await store.codeDeletionPlan(codeID: exhaustion.id!)
                == CodeDeletionPlan(codeID: exhaustion.id!, subcodes: 2, codings: 0, memos: 0))
        try await store.deleteCode(id: exhaustion.id!)
        #expect(try await store.codes(studyID: studyID).map(\.name) == ["Douleur", "Fatigue"])
        #expect(await (#expect(throws: StoreError.self) { try await store.deleteCode(id: exhaustion.id!) })?.kind == .notFound)
    }

    @Test(arguments: StoreBackend.allCases)
    func codingsTakeTheirTimesFromWordsAndMemosStayInTheirStudy(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Fatigue", details: "").id)
        let otherID = try #require(try await store.createStudy(name: "Autre", details: "").id)
        let coder = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let recordingID = try await opened.addRecording(studyID, String(repeating: "a", count: 64))
        let transcript = try await opened.addTranscript(recordingID: recordingID, InterviewFixture.input)
        let transcriptID = try #require(transcript.id)
        #expect(transcript.text.unicodeScalars.count == 40)
        let fatigue = try await store.addCode(Code(studyID: studyID, name: "Fatigue"))
        let foreign = try await store.addCode(Code(studyID: otherID, name: "Ailleurs"))

        let word = try await store.addCoding(transcriptID: transcriptID, codeID: fatigue.id!, coderID: coder, charStart: 19, charEnd: 26)
        #expect((word.startTime, word.endTime) == (2.7, 3.5), "the word \"fatigue\"")
        let across = try await store.addCoding(transcriptID: transcriptID, codeID: fatigue.id!, coderID: coder, charStart: 8, charEnd: 26)
        #expect((across.startTime, across.endTime) == (0.8, 3.5), "from \"à\" to \"fatigue\"")
        let untimed = try await store.addCoding(transcriptID: transcriptID, codeID: fatigue.id!, coderID: coder, charStart: 37, charEnd: 39)
        #expect((untimed.startTime, untimed.endTime) == (6.5, 7.5), "interpolated in a segment without words")
        #expect(try await store.codings(transcriptID: transcriptID).map(\.id) == [across.id, word.id, untimed.id])
        #expect(try await store.coding(id: word.id!)?.undated == word.undated)

        for (start, end) in [(-1, 3), (5, 5), (30, 41)] {
            let refused = await #expect(throws: StoreError.self) {
                try await store.addCoding(transcriptID: transcriptID, codeID: fatigue.id!, coderID: coder, charStart: start, charEnd: end)
            }
            #expect(refused?.kind == .invalidInput && refused?.message.contains("outside transcript") == true)
        }
        let wrongStudy = await #expect(throws: StoreError.self) {
            try await store.addCoding(transcriptID: transcriptID, codeID: foreign.id!, coderID: coder, charStart: 0, charEnd: 3)
        }
        #expect(wrongStudy?.kind == .invalidInput)
        #expect(
            await (#expect(throws: StoreError.self) {
                try await store.addCoding(transcriptID: 9_999, codeID: fatigue.id!, coderID: coder, charStart: 0, charEnd: 3)
            })?.kind == .notFound)

        let memo = try await store.addMemo(
            Memo(studyID: studyID, authorID: coder, title: "Fatigue du matin", text: "Revient souvent.", codingID: word.id))
        #expect(memo.id != nil && memo.codingID == word.id)
        let probe = await #expect(throws: StoreError.self) {
            try await store.addMemo(Memo(studyID: otherID, authorID: coder, title: "Sonde", text: "", transcriptID: transcriptID))
        }
        #expect(probe?.kind == .notFound, "another study's transcript looks absent")
        #expect(try await store.memos(studyID: studyID).map(\.undated) == [memo.undated])
        #expect(
            try await store.codeDeletionPlan(codeID: fatigue.id!) == CodeDeletionPlan(codeID: fatigue.id!, subcodes: 0, codings: 3, memos: 1))
        try await store.deleteCoding(id: word.id!)
        #expect(try await store.memos(studyID: studyID).isEmpty, "a coding's memos go with it")
        #expect(await (#expect(throws: StoreError.self) { try await store.deleteCoding(id: word.id!) })?.kind == .notFound)
        let second = try await store.addMemo(Memo(studyID: studyID, authorID: nil, title: "Étude", text: "Notes"))
        try await store.deleteMemo(id: second.id!)
        #expect(try await store.memos(studyID: studyID).isEmpty)
        #expect(await (#expect(throws: StoreError.self) { try await store.deleteMemo(id: second.id!) })?.kind == .notFound)
    }

    @Test(arguments: StoreBackend.allCases)
    func mergingCollapsesDuplicatesMovesSubcodesAndIsAudited(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Fatigue", details: "").id)
        let ana = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let ben = try #require(try await store.createUser(name: "Ben", email: "ben@example.org").id)
        let recordingID = try await opened.addRecording(studyID, String(repeating: "b", count: 64))
        let transcriptID = try #require(try await opened.addTranscript(recordingID: recordingID, InterviewFixture.input).id)
        let target = try await store.addCode(Code(studyID: studyID, name: "Fatigue"))
        let source = try await store.addCode(Code(studyID: studyID, name: "Épuisement"))
        let targetMorning = try await store.addCode(Code(studyID: studyID, parentID: target.id, name: "Matin"))
        let sourceMorning = try await store.addCode(Code(studyID: studyID, parentID: source.id, name: "Matin"))
        let evening = try await store.addCode(Code(studyID: studyID, parentID: source.id, name: "Soir"))
        let kept = try await store.addCoding(transcriptID: transcriptID, codeID: target.id!, coderID: ana, charStart: 19, charEnd: 26)
        let duplicate = try await store.addCoding(transcriptID: transcriptID, codeID: source.id!, coderID: ana, charStart: 19, charEnd: 26)
        let moved = try await store.addCoding(transcriptID: transcriptID, codeID: source.id!, coderID: ben, charStart: 19, charEnd: 26)
        let underMorning = try await store.addCoding(
            transcriptID: transcriptID, codeID: sourceMorning.id!, coderID: ben, charStart: 0, charEnd: 7)
        let memo = try await store.addMemo(Memo(studyID: studyID, authorID: ana, title: "Doublon", text: "", codingID: duplicate.id))
        let codeMemo = try await store.addMemo(Memo(studyID: studyID, authorID: ana, title: "Code", text: "", codeID: source.id))

        let intoChild = await #expect(throws: StoreError.self) { try await store.mergeCode(source.id!, into: sourceMorning.id!, actorID: ana) }
        #expect(intoChild?.kind == .invalidInput)
        let merge = try await store.mergeCode(source.id!, into: target.id!, actorID: ana)
        #expect(
            merge
                == CodeMerge(
                    sourceID: source.id!, targetID: target.id!, movedCodings: 2, collapsedCodings: 1, movedSubcodes: 1,
                    mergedSubcodes: 1, auditEventID: merge.auditEventID))
        #expect(try await store.codes(studyID: studyID).map(\.id) == [target.id, targetMorning.id, evening.id])
        #expect(try await store.code(id: evening.id!)?.parentID == target.id)
        let codings = try await store.codings(transcriptID: transcriptID)
        #expect(codings.map(\.id) == [underMorning.id, kept.id, moved.id])
        #expect(codings.map(\.codeID) == [targetMorning.id, target.id, target.id])
        #expect(
            try await store.memos(studyID: studyID).map { [$0.id, $0.codingID, $0.codeID] }
                == [[memo.id, kept.id, nil], [codeMemo.id, nil, target.id]])
        let event = try #require(try await store.auditEvents(afterID: 0, limit: 10).last)
        #expect(event.id == merge.auditEventID && event.action == "code.merge" && event.targetID == target.id && event.actorID == ana)
        #expect(
            event.details
                == #"{"collapsedCodings":1,"mergedSubcodes":1,"movedCodings":2,"movedSubcodes":1,"source":\#(source.id!)}"#)
        #expect(try await store.verifyAuditLog().isIntact)
    }

    @Test(arguments: StoreBackend.allCases)
    func completionsAndConsensusFollowTheWorkflow(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Fatigue", details: "").id)
        let ana = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let ben = try #require(try await store.createUser(name: "Ben", email: "ben@example.org").id)
        let chloe = try #require(try await store.createUser(name: "Chloé", email: "chloe@example.org").id)
        let recordingID = try await opened.addRecording(studyID, String(repeating: "c", count: 64))
        let transcriptID = try #require(try await opened.addTranscript(recordingID: recordingID, InterviewFixture.input).id)

        let blinded = try await store.setStudyBlinding(studyID: studyID, blindCoding: true, blindNames: false)
        #expect(blinded.blindCoding && !blinded.blindNames && blinded.name == "Fatigue")
        #expect(try await store.study(id: studyID) == blinded)
        #expect(
            await (#expect(throws: StoreError.self) { try await store.setStudyBlinding(studyID: 9_999, blindCoding: true, blindNames: true) })?
                .kind == .notFound)

        let first = Date(timeIntervalSince1970: 1_790_000_000)
        let done = try await store.markCodingDone(transcriptID: transcriptID, coderID: ben, at: first)
        #expect(done == CodingCompletion(transcriptID: transcriptID, coderID: ben, doneAt: first))
        #expect(try await store.markCodingDone(transcriptID: transcriptID, coderID: ben, at: first.addingTimeInterval(60)) == done)
        _ = try await store.markCodingDone(transcriptID: transcriptID, coderID: ana, at: first.addingTimeInterval(5))
        #expect(try await store.codingCompletions(transcriptID: transcriptID).map(\.coderID) == [ana, ben])
        #expect(
            await (#expect(throws: StoreError.self) { try await store.markCodingDone(transcriptID: transcriptID, coderID: 9_999, at: first) })?
                .kind == .notFound)
        try await store.reopenCoding(transcriptID: transcriptID, coderID: ana)
        let nothing = await #expect(throws: StoreError.self) { try await store.reopenCoding(transcriptID: transcriptID, coderID: ana) }
        #expect(nothing?.kind == .notFound && nothing?.french?.contains("rien à rouvrir") == true)
        #expect(try await store.codingCompletions(transcriptID: transcriptID) == [done])

        let fatigue = try await store.addCode(Code(studyID: studyID, name: "Fatigue"))
        let tired = try await store.addCode(Code(studyID: studyID, name: "Lassitude"))
        let chosen = try await store.addCode(Code(studyID: studyID, name: "Retour"))
        let anas = try await store.addCoding(transcriptID: transcriptID, codeID: fatigue.id!, coderID: ana, charStart: 19, charEnd: 26)
        let bens = try await store.addCoding(transcriptID: transcriptID, codeID: tired.id!, coderID: ben, charStart: 8, charEnd: 35)

        let noUnit = await #expect(throws: StoreError.self) {
            try await store.decideConsensus(
                transcriptID: transcriptID, ConsensusDecision(unitIndex: 3, keepCoders: [], codeIDs: []), deciderID: chloe, at: first)
        }
        #expect(noUnit?.kind == .invalidInput && noUnit?.message.contains("(0..<3)") == true)
        let decided = first.addingTimeInterval(3_600)
        let consensus = try await store.decideConsensus(
            transcriptID: transcriptID, ConsensusDecision(unitIndex: 1, keepCoders: [ana, ben], codeIDs: [chosen.id!]),
            deciderID: chloe, at: decided)
        #expect(consensus.map(\.codeID) == [tired.id, chosen.id, fatigue.id])
        #expect(consensus.map { [$0.charStart, $0.charEnd] } == [[16, 35], [16, 35], [19, 26]])
        #expect(consensus.map { [$0.startTime, $0.endTime] } == [[2.5, 5], [2.5, 5], [2.7, 3.5]])
        #expect(consensus.allSatisfy { $0.isConsensus && $0.coderID == chloe && $0.decidedBy == chloe && $0.createdAt == decided })
        #expect(
            try await store.consensusDecisions(transcriptID: transcriptID)
                == [ConsensusRecord(transcriptID: transcriptID, unitIndex: 1, decidedBy: chloe, decidedAt: decided)])

        let again = try await store.decideConsensus(
            transcriptID: transcriptID, ConsensusDecision(unitIndex: 1, keepCoders: [ana], codeIDs: []), deciderID: ben,
            at: decided.addingTimeInterval(60))
        #expect(again.map(\.codeID) == [fatigue.id] && again[0].coderID == ben)
        let all = try await store.codings(transcriptID: transcriptID)
        #expect(all.filter(\.isConsensus).map(\.id) == again.map(\.id), "the unit's earlier consensus is replaced")
        #expect(all.filter { !$0.isConsensus }.map(\.undated) == [bens.undated, anas.undated], "the coders' own codings are never changed")
        #expect(try await store.consensusDecisions(transcriptID: transcriptID).map(\.decidedBy) == [ben])
        let foreignCode = await #expect(throws: StoreError.self) {
            try await store.decideConsensus(
                transcriptID: transcriptID, ConsensusDecision(unitIndex: 0, keepCoders: [], codeIDs: [9_999]), deciderID: ben,
                at: decided)
        }
        #expect(foreignCode?.kind == .invalidInput)
    }
}

/// Records without their creation time, which SQLite keeps to the millisecond and PostgreSQL to
/// the microsecond: what a store returns on insert is compared with what it reads back without it.
extension Code {
    var undated: Code { with(self) { $0.createdAt = .distantPast } }
}

extension Coding {
    var undated: Coding { with(self) { $0.createdAt = .distantPast } }
}

extension Memo {
    var undated: Memo { with(self) { $0.createdAt = .distantPast } }
}

/// `value` changed by `change`.
func with<Value>(_ value: Value, _ change: (inout Value) -> Void) -> Value {
    var value = value
    change(&value)
    return value
}

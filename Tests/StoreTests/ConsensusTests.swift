import Foundation
import Testing

@testable import Store

/// Disagreements between coders, the consensus decided on them, and the codings' text order.
@Suite struct ConsensusTests {
    /// The seeded study plus, on segment 0, Alice's "Santé" and Bruno's "Motivation" on overlapping spans.
    func seeded() async throws -> (TemporaryStore, SeededStudy, parent: Int64, child: Int64) {
        let temporary = try TemporaryStore()
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let text = seeded.transcript.text
        let interest = SeededStudy.range(of: "suscité votre intérêt", in: text)
        let project = SeededStudy.range(of: "intérêt pour ce projet", in: text)
        _ = try await temporary.store.addCoding(
            transcriptID: seeded.transcript.id!, codeID: seeded.childCode.id!, coderID: seeded.alice.id!,
            charStart: interest.lowerBound, charEnd: interest.upperBound)
        _ = try await temporary.store.addCoding(
            transcriptID: seeded.transcript.id!, codeID: seeded.parentCode.id!, coderID: seeded.bruno.id!,
            charStart: project.lowerBound, charEnd: project.upperBound)
        return (temporary, seeded, seeded.parentCode.id!, seeded.childCode.id!)
    }

    /// By hand: segment 0 — Alice {Santé}, Bruno {Motivation} (different codes on overlapping spans);
    /// segment 1 — both {Santé} (agreement, not listed); segment 2 — Alice {Motivation}, Bruno {} (one coded, the other not).
    @Test func disagreementsMatchAHandComputedList() async throws {
        let (temporary, seeded, parent, child) = try await seeded()
        defer { temporary.cleanUp() }
        let alice = seeded.alice.id!, bruno = seeded.bruno.id!
        let list = try await temporary.store.codingDisagreements(transcriptID: seeded.transcript.id!)
        let segments = try await temporary.store.segments(transcriptID: seeded.transcript.id!)
        #expect(list.map(\.unitIndex) == [0, 2])
        #expect(
            list.map(\.coders) == [
                [
                    CodingDisagreement.CoderCodes(coderID: alice, codeIDs: [child]),
                    CodingDisagreement.CoderCodes(coderID: bruno, codeIDs: [parent]),
                ],
                [
                    CodingDisagreement.CoderCodes(coderID: alice, codeIDs: [parent]),
                    CodingDisagreement.CoderCodes(coderID: bruno, codeIDs: []),
                ],
            ])
        #expect(list[1].text == "Ensuite l'hôpital m'a proposé l'étude.")
        #expect(list[1].startTime == 6.4 && list[1].endTime == 9.0)
        #expect(list[0].charStart == segments[0].charStart && list[0].charEnd == segments[0].charEnd)
        #expect(list.allSatisfy { $0.consensusCodeIDs == nil })
        // The same units as the kappa: per code, the units where the two coders' 0/1 values differ.
        let codings = try await temporary.store.codings(transcriptID: seeded.transcript.id!)
        var differing = Set<Int>()
        for code in [parent, child] {
            for (index, segment) in segments.enumerated() {
                let unit = segment.charStart..<segment.charEnd
                let applied = [alice, bruno].map { coder in
                    codings.contains { $0.coderID == coder && $0.codeID == code && ($0.charStart..<$0.charEnd).overlaps(unit) }
                }
                if applied[0] != applied[1] { differing.insert(index) }
            }
        }
        #expect(differing.sorted() == list.map(\.unitIndex))
        let agreement = try await temporary.store.codingAgreement(transcriptID: seeded.transcript.id!, unit: .segments)
        #expect(agreement.coderIDs == [alice, bruno])
    }

    @Test func consensusIsStoredWithWhoDecidedAndKeepsTheCodersCodings() async throws {
        let (temporary, seeded, parent, child) = try await seeded()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let transcriptID = seeded.transcript.id!
        let alice = seeded.alice.id!, bruno = seeded.bruno.id!
        let judge = try await store.createUser(name: "Claire Juge", email: "claire@example.org")
        let before = try await store.codings(transcriptID: transcriptID)
        let when = Date(timeIntervalSince1970: 1_800_000_000)

        // Unit 0: keep Alice's, then change the decision to both: the consensus is replaced, not added to.
        let first = try await store.decideConsensus(
            transcriptID: transcriptID, ConsensusDecision(unitIndex: 0, keepCoders: [alice]), deciderID: judge.id!, at: when)
        #expect(first.map(\.codeID) == [child])
        let interest = SeededStudy.range(of: "suscité votre intérêt", in: seeded.transcript.text)
        #expect(first[0].charStart == interest.lowerBound && first[0].charEnd == interest.upperBound)
        #expect(first[0].isConsensus && first[0].decidedBy == judge.id && first[0].coderID == judge.id)
        let both = try await store.decideConsensus(
            transcriptID: transcriptID, ConsensusDecision(unitIndex: 0, keepCoders: [alice, bruno]), deciderID: judge.id!, at: when)
        #expect(Set(both.map(\.codeID)) == [parent, child])
        // Unit 2: neither coder's, but a chosen code on the whole unit.
        let chosen = try await store.decideConsensus(
            transcriptID: transcriptID, ConsensusDecision(unitIndex: 2, codeIDs: [child]), deciderID: judge.id!, at: when)
        let segments = try await store.segments(transcriptID: transcriptID)
        #expect(chosen.map { $0.charStart..<$0.charEnd } == [segments[2].charStart..<segments[2].charEnd])

        let after = try await store.codings(transcriptID: transcriptID)
        #expect(after.filter { !$0.isConsensus } == before, "the coders' own codings are untouched")
        #expect(after.filter(\.isConsensus).count == 3)
        #expect(after.filter(\.isConsensus).allSatisfy { $0.decidedBy == judge.id && $0.createdAt == when })
        let decisions = try await store.consensusDecisions(transcriptID: transcriptID)
        #expect(decisions.map(\.unitIndex) == [0, 2] && decisions.allSatisfy { $0.decidedBy == judge.id && $0.decidedAt == when })

        let list = try await store.codingDisagreements(transcriptID: transcriptID)
        #expect(list.map(\.consensusCodeIDs) == [[parent, child].sorted(), [child]])
        // The consensus is not a coder in the agreement.
        let agreement = try await store.codingAgreement(transcriptID: transcriptID, unit: .segments)
        #expect(agreement.coderIDs == [alice, bruno])

        // A unit outside the transcript, or another study's code, changes nothing.
        await #expect(throws: StoreError.self) {
            try await store.decideConsensus(
                transcriptID: transcriptID, ConsensusDecision(unitIndex: 3, keepCoders: [alice]), deciderID: judge.id!, at: when)
        }
        let other = try await store.createStudy(name: "Autre", details: "")
        let stranger = try await store.addCode(Code(studyID: other.id!, name: "Ailleurs"))
        await #expect(throws: StoreError.self) {
            try await store.decideConsensus(
                transcriptID: transcriptID, ConsensusDecision(unitIndex: 0, keepCoders: [bruno], codeIDs: [stranger.id!]),
                deciderID: judge.id!, at: when)
        }
        #expect(try await store.codings(transcriptID: transcriptID) == after)

        // Exports get the consensus as its own coder, "Consensus".
        let bundle = try await store.exportBundle(studyID: seeded.study.id!, recordingIDs: [seeded.recording.id!])
        let consensusCodings = bundle.recordings[0].codings.filter(\.isConsensus)
        #expect(consensusCodings.count == 3 && consensusCodings.allSatisfy { $0.coderID == Coding.consensusCoderID })
        #expect(bundle.users.first { $0.id == Coding.consensusCoderID }?.name == "Consensus")
        let csv = CSVExport.codings(bundle)
        #expect(csv.components(separatedBy: ",Consensus,").count - 1 == 3, "\(csv)")
        let file = temporary.folder.appendingPathComponent("project.qde")
        try QDPXExport.project(bundle, options: QDPXExport.Options()).xml.write(to: file, atomically: true, encoding: .utf8)
        let lint = try ExportTestSupport.xmllint(file, schema: ExportTestSupport.schema("REFI-Project.xsd"))
        #expect(lint.status == 0, "\(lint.output)")
    }

    /// Codings are listed in text order: start, then end, then code — whatever order they were made in.
    @Test func codingsAreInTextOrder() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let transcriptID = seeded.transcript.id!
        let alice = seeded.alice.id!
        _ = try await store.addCoding(transcriptID: transcriptID, codeID: seeded.childCode.id!, coderID: alice, charStart: 0, charEnd: 20)
        _ = try await store.addCoding(transcriptID: transcriptID, codeID: seeded.childCode.id!, coderID: alice, charStart: 0, charEnd: 10)
        _ = try await store.addCoding(transcriptID: transcriptID, codeID: seeded.parentCode.id!, coderID: alice, charStart: 0, charEnd: 10)
        let order = try await store.codings(transcriptID: transcriptID).map { [$0.charStart, $0.charEnd, Int($0.codeID)] }
        #expect(order.count == 6)
        #expect(order == order.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(
            order.prefix(3) == [
                [0, 10, Int(seeded.parentCode.id!)], [0, 10, Int(seeded.childCode.id!)], [0, 20, Int(seeded.childCode.id!)],
            ])
    }

    @Test func blindSettingsAndDoneMarksAreStored() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let study = try await store.setStudyBlinding(studyID: seeded.study.id!, blindCoding: true, blindNames: true)
        #expect(study.blindCoding && study.blindNames)
        #expect(try await store.study(id: seeded.study.id!) == study)
        let when = Date(timeIntervalSince1970: 1_800_000_000)
        let done = try await store.markCodingDone(transcriptID: seeded.transcript.id!, coderID: seeded.bruno.id!, at: when)
        let again = try await store.markCodingDone(
            transcriptID: seeded.transcript.id!, coderID: seeded.bruno.id!, at: when.addingTimeInterval(60))
        #expect(again == done && done.doneAt == when)
        #expect(try await store.codingCompletions(transcriptID: seeded.transcript.id!) == [done])
        try await store.reopenCoding(transcriptID: seeded.transcript.id!, coderID: seeded.bruno.id!)
        #expect(try await store.codingCompletions(transcriptID: seeded.transcript.id!).isEmpty)
        await #expect(throws: StoreError.self) {
            try await store.reopenCoding(transcriptID: seeded.transcript.id!, coderID: seeded.bruno.id!)
        }
    }
}

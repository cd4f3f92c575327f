import Foundation
import GRDB

extension SQLiteStore {
    /// Sets a study's blind double coding and blind names settings.
    public func setStudyBlinding(studyID: Int64, blindCoding: Bool, blindNames: Bool) async throws -> Study {
        try await write { db in
            guard var study = try Study.fetchOne(db, key: studyID) else { throw StoreError.notFound("study", studyID) }
            study.blindCoding = blindCoding
            study.blindNames = blindNames
            try study.update(db)
            return study
        }
    }

    /// Marks that `coderID` finished coding a transcript version; marking again keeps the first time.
    public func markCodingDone(transcriptID: Int64, coderID: Int64, at date: Date) async throws -> CodingCompletion {
        try await write { db in
            guard try Transcript.exists(db, key: transcriptID) else { throw StoreError.notFound("transcript", transcriptID) }
            guard try User.exists(db, key: coderID) else { throw StoreError.notFound("user", coderID) }
            if let existing = try CodingCompletion.fetchOne(db, key: ["transcriptID": transcriptID, "coderID": coderID]) {
                return existing
            }
            let completion = CodingCompletion(transcriptID: transcriptID, coderID: coderID, doneAt: date)
            try completion.insert(db)
            return completion
        }
    }

    /// Removes a coder's "done" mark; `.notFound` when there is none.
    public func reopenCoding(transcriptID: Int64, coderID: Int64) async throws {
        let deleted = try await write { db in
            try CodingCompletion.deleteOne(db, key: ["transcriptID": transcriptID, "coderID": coderID])
        }
        if !deleted {
            throw StoreInputChecks.nothingToReopen(transcriptID: transcriptID, coderID: coderID)
        }
    }

    /// The "done" marks of a transcript version, by coder id.
    public func codingCompletions(transcriptID: Int64) async throws -> [CodingCompletion] {
        try await read { db in
            try CodingCompletion.filter(Column("transcriptID") == transcriptID).order(Column("coderID")).fetchAll(db)
        }
    }

    /// The consensus decisions of a transcript version, by unit.
    public func consensusDecisions(transcriptID: Int64) async throws -> [ConsensusRecord] {
        try await read { db in
            try ConsensusRecord.filter(Column("transcriptID") == transcriptID).order(Column("unitIndex")).fetchAll(db)
        }
    }

    /// Decides one unit of the consensus in one transaction (see ``Store/decideConsensus(transcriptID:_:deciderID:at:)``).
    public func decideConsensus(transcriptID: Int64, _ decision: ConsensusDecision, deciderID: Int64, at date: Date) async throws
        -> [Coding]
    {
        try await write { db in
            guard let transcript = try Transcript.fetchOne(db, key: transcriptID) else {
                throw StoreError.notFound("transcript", transcriptID)
            }
            let segments = try Segment.filter(Column("transcriptID") == transcriptID).order(Column("position")).fetchAll(db)
            guard segments.indices.contains(decision.unitIndex) else {
                throw StoreInputChecks.noSuchUnit(decision.unitIndex, transcriptID: transcriptID, segments: segments.count)
            }
            let studyID = try Int64.fetchOne(db, sql: "SELECT studyID FROM recording WHERE id = ?", arguments: [transcript.recordingID])
            for codeID in decision.codeIDs {
                guard let code = try Code.fetchOne(db, key: codeID), code.studyID == studyID else {
                    throw StoreInputChecks.codeNotInCodebook(codeID)
                }
            }
            let unit = segments[decision.unitIndex].charStart..<segments[decision.unitIndex].charEnd
            let codings = try Coding.filter(Column("transcriptID") == transcriptID).fetchAll(db)
            for old in codings where old.isConsensus && (old.charStart..<old.charEnd).overlaps(unit) {
                _ = try old.delete(db)
            }
            var stored: [Coding] = []
            for span in decision.spans(of: unit, codings: codings) {
                stored.append(
                    try Self.insertCoding(
                        db, transcriptID: transcriptID, codeID: span.code, coderID: deciderID, charStart: span.range.lowerBound,
                        charEnd: span.range.upperBound, createdAt: date, decidedBy: deciderID, isConsensus: true))
            }
            try ConsensusRecord(transcriptID: transcriptID, unitIndex: decision.unitIndex, decidedBy: deciderID, decidedAt: date)
                .save(db)
            return stored
        }
    }
}

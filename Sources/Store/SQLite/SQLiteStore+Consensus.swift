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
            throw StoreError(
                .notFound, "Coder \(coderID) has not marked transcript \(transcriptID) as done; there is nothing to reopen.",
                fr: "Le codeur \(coderID) n’a pas marqué la transcription \(transcriptID) comme terminée ; il n’y a rien à rouvrir.")
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
                throw StoreError(
                    .invalidInput,
                    "Unit \(decision.unitIndex) is not a segment of transcript \(transcriptID) (0..<\(segments.count)); take it from the list of disagreements.",
                    fr:
                        "L’unité \(decision.unitIndex) n’est pas un segment de la transcription \(transcriptID) (0..<\(segments.count)) ; prenez-la dans la liste des désaccords."
                )
            }
            let studyID = try Int64.fetchOne(db, sql: "SELECT studyID FROM recording WHERE id = ?", arguments: [transcript.recordingID])
            for codeID in decision.codeIDs {
                guard let code = try Code.fetchOne(db, key: codeID), code.studyID == studyID else {
                    throw StoreError(
                        .invalidInput, "Code \(codeID) is not in this study's codebook.",
                        fr: "Le code \(codeID) n’est pas dans la grille de codage de cette étude.")
                }
            }
            let unit = segments[decision.unitIndex].charStart..<segments[decision.unitIndex].charEnd
            let codings = try Coding.filter(Column("transcriptID") == transcriptID).fetchAll(db)
            for old in codings where old.isConsensus && (old.charStart..<old.charEnd).overlaps(unit) {
                _ = try old.delete(db)
            }
            // Each kept coder's codings clipped to the unit, then the chosen codes on the whole unit; no duplicates.
            var spans: [(code: Int64, range: Range<Int>)] = []
            for coding in codings where !coding.isConsensus && decision.keepCoders.contains(coding.coderID) {
                let range = (coding.charStart..<coding.charEnd).clamped(to: unit)
                if !range.isEmpty { spans.append((coding.codeID, range)) }
            }
            spans += decision.codeIDs.map { ($0, unit) }
            var seen = Set<String>()
            var stored: [Coding] = []
            for span in spans.sorted(by: {
                ($0.range.lowerBound, $0.range.upperBound, $0.code) < ($1.range.lowerBound, $1.range.upperBound, $1.code)
            })
            where seen.insert("\(span.code):\(span.range)").inserted {
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

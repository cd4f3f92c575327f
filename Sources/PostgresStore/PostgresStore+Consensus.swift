import Foundation
import PostgresNIO
import Store

extension PostgresStore {
    /// Sets a study's blind double coding and blind names settings.
    public func setStudyBlinding(studyID: Int64, blindCoding: Bool, blindNames: Bool) async throws -> Study {
        let study = try await withTransaction { connection in
            try await connection.fetchOne(
                Study.self,
                """
                UPDATE study SET blindCoding = \(blindCoding), blindNames = \(blindNames) WHERE id = \(studyID)
                RETURNING \(unescaped: Study.columns)
                """, logger: self.logger)
        }
        guard let study else { throw StoreError.notFound("study", studyID) }
        return study
    }

    /// Marks that `coderID` finished coding a transcript version; marking again keeps the first time.
    public func markCodingDone(transcriptID: Int64, coderID: Int64, at date: Date) async throws -> CodingCompletion {
        try await withTransaction { connection in
            guard try await connection.count("SELECT id FROM transcript WHERE id = \(transcriptID)", logger: self.logger) > 0
            else { throw StoreError.notFound("transcript", transcriptID) }
            guard try await connection.count("SELECT id FROM app_user WHERE id = \(coderID)", logger: self.logger) > 0
            else { throw StoreError.notFound("user", coderID) }
            try await connection.query(
                """
                INSERT INTO coding_completion (transcriptID, coderID, doneAt) VALUES (\(transcriptID), \(coderID), \(date))
                ON CONFLICT (transcriptID, coderID) DO NOTHING
                """, logger: self.logger)
            return try await connection.fetchOne(
                CodingCompletion.self,
                """
                SELECT \(unescaped: CodingCompletion.columns) FROM coding_completion
                WHERE transcriptID = \(transcriptID) AND coderID = \(coderID)
                """, logger: self.logger)!
        }
    }

    /// Removes a coder's "done" mark; `.notFound` when there is none.
    public func reopenCoding(transcriptID: Int64, coderID: Int64) async throws {
        let deleted = try await withTransaction { connection in
            try await connection.count(
                "DELETE FROM coding_completion WHERE transcriptID = \(transcriptID) AND coderID = \(coderID) RETURNING coderID",
                logger: self.logger)
        }
        if deleted == 0 { throw StoreInputChecks.nothingToReopen(transcriptID: transcriptID, coderID: coderID) }
    }

    /// The "done" marks of a transcript version, by coder id.
    public func codingCompletions(transcriptID: Int64) async throws -> [CodingCompletion] {
        try await withConnection { connection in
            try await connection.fetchAll(
                CodingCompletion.self,
                """
                SELECT \(unescaped: CodingCompletion.columns) FROM coding_completion WHERE transcriptID = \(transcriptID)
                ORDER BY coderID
                """, logger: self.logger)
        }
    }

    /// The consensus decisions of a transcript version, by unit.
    public func consensusDecisions(transcriptID: Int64) async throws -> [ConsensusRecord] {
        try await withConnection { connection in
            try await connection.fetchAll(
                ConsensusRecord.self,
                """
                SELECT \(unescaped: ConsensusRecord.columns) FROM consensus_decision WHERE transcriptID = \(transcriptID)
                ORDER BY unitIndex
                """, logger: self.logger)
        }
    }

    /// Decides one unit of the consensus in one transaction, as on SQLite: the unit's consensus
    /// codings are replaced by ``ConsensusDecision/spans(of:codings:)``, the decision is recorded.
    public func decideConsensus(transcriptID: Int64, _ decision: ConsensusDecision, deciderID: Int64, at date: Date) async throws
        -> [Coding]
    {
        try await withTransaction { connection in
            guard
                let row = try await connection.query(
                    """
                    SELECT recording.studyID FROM transcript JOIN recording ON recording.id = transcript.recordingID
                    WHERE transcript.id = \(transcriptID) FOR UPDATE OF transcript
                    """, logger: self.logger
                ).collect().first
            else { throw StoreError.notFound("transcript", transcriptID) }
            let studyID = try row.decode(Int64.self)
            let units = try await connection.query(
                "SELECT charStart, charEnd FROM segment WHERE transcriptID = \(transcriptID) ORDER BY position", logger: self.logger
            ).collect().map { try $0.decode((Int, Int).self) }
            guard units.indices.contains(decision.unitIndex) else {
                throw StoreInputChecks.noSuchUnit(decision.unitIndex, transcriptID: transcriptID, segments: units.count)
            }
            for codeID in decision.codeIDs {
                let codeStudy = try await connection.query("SELECT studyID FROM code WHERE id = \(codeID)", logger: self.logger)
                    .collect().first?.decode(Int64.self)
                guard codeStudy == studyID else { throw StoreInputChecks.codeNotInCodebook(codeID) }
            }
            let unit = units[decision.unitIndex].0..<units[decision.unitIndex].1
            let codings = try await connection.fetchAll(
                Coding.self, "SELECT \(unescaped: Coding.columns) FROM coding WHERE transcriptID = \(transcriptID) ORDER BY id",
                logger: self.logger)
            for old in codings where old.isConsensus && (old.charStart..<old.charEnd).overlaps(unit) {
                try await connection.query("DELETE FROM coding WHERE id = \(old.id!)", logger: self.logger)
            }
            var stored: [Coding] = []
            for span in decision.spans(of: unit, codings: codings) {
                stored.append(
                    try await self.insertCoding(
                        transcriptID: transcriptID, codeID: span.code, coderID: deciderID, span: span.range, createdAt: date,
                        decidedBy: deciderID, isConsensus: true, connection))
            }
            try await connection.query(
                """
                INSERT INTO consensus_decision (transcriptID, unitIndex, decidedBy, decidedAt)
                VALUES (\(transcriptID), \(decision.unitIndex), \(deciderID), \(date))
                ON CONFLICT (transcriptID, unitIndex) DO UPDATE SET decidedBy = excluded.decidedBy, decidedAt = excluded.decidedAt
                """, logger: self.logger)
            return stored
        }
    }
}

import Foundation
import PostgresNIO
import Pseudonymisation
import Store

extension Redaction: PostgresRecord {
    static let columns = "id, transcriptID, charStart, charEnd, text, kind, reason, origin, state, pseudonym, decidedBy, decidedAt"
    init(row: PostgresRow) throws {
        let (id, transcriptID, charStart, charEnd, text, rawKind, reason, rawOrigin, rawState, pseudonym, decidedBy, decidedAt) =
            try row.decode((Int64, Int64, Int, Int, String, String, String, String, String, String?, Int64?, Date?).self)
        guard let kind = IdentifierKind(rawValue: rawKind), let origin = Origin(rawValue: rawOrigin), let state = State(rawValue: rawState)
        else {
            throw StoreError(
                .database, "Redaction \(id) has an unknown kind, origin or state (\(rawKind), \(rawOrigin), \(rawState)); mark the span again.",
                fr: "Le passage \(id) a un type, une origine ou un état inconnu (\(rawKind), \(rawOrigin), \(rawState)) ; marquez-le à nouveau.")
        }
        self.init(
            id: id, transcriptID: transcriptID, charStart: charStart, charEnd: charEnd, text: text, kind: kind, reason: reason,
            origin: origin, state: state, pseudonym: pseudonym, decidedBy: decidedBy, decidedAt: decidedAt)
    }
}

extension PostgresStore: RedactionStore {
    /// Stores the detector's proposals for a version, skipping spans that overlap stored ones; a
    /// text accepted earlier in the study (same kind) is accepted at once with its pseudonym.
    public func addRedactionProposals(transcriptID: Int64, _ proposals: [IdentifierProposal]) async throws -> [Redaction] {
        try await withTransaction { connection in
            let (studyID, scalars) = try await self.redactionContext(transcriptID, locking: true, connection)
            var stored = try await self.redactions(transcriptID: transcriptID, connection)
            for proposal in proposals.sorted(by: { $0.start < $1.start }) {
                try RedactionRules.checkSpan(proposal.start, proposal.end, in: scalars)
                if stored.contains(where: { $0.charStart < proposal.end && proposal.start < $0.charEnd }) { continue }
                let text = String(String.UnicodeScalarView(scalars[proposal.start..<proposal.end]))
                var redaction = Redaction(
                    transcriptID: transcriptID, charStart: proposal.start, charEnd: proposal.end, text: text, kind: proposal.kind,
                    reason: proposal.reason, origin: .detector)
                if let label = try await self.existingPseudonym(studyID: studyID, kind: proposal.kind, text: text, connection) {
                    redaction.state = .accepted
                    redaction.pseudonym = label
                    redaction.reason += "; accepted earlier in this study"
                    redaction.decidedAt = Date()
                }
                stored.append(try await self.insertRedaction(redaction, connection))
            }
            return stored.sorted { $0.charStart < $1.charStart }
        }
    }

    /// The spans of a transcript version, in text order.
    public func redactions(transcriptID: Int64) async throws -> [Redaction] {
        try await withConnection { connection in try await self.redactions(transcriptID: transcriptID, connection) }
    }

    /// The span with this id, or `nil`.
    public func redaction(id: Int64) async throws -> Redaction? {
        try await withConnection { connection in
            try await connection.fetchOne(
                Redaction.self, "SELECT \(unescaped: Redaction.columns) FROM redaction WHERE id = \(id)", logger: self.logger)
        }
    }

    /// Accepts (with the study-wide pseudonym) or rejects a span, recording who decided and when.
    public func decideRedaction(id: Int64, accept: Bool, deciderID: Int64, at date: Date) async throws -> Redaction {
        try await withTransaction { connection in
            guard
                let redaction = try await connection.fetchOne(
                    Redaction.self, "SELECT \(unescaped: Redaction.columns) FROM redaction WHERE id = \(id) FOR UPDATE",
                    logger: self.logger)
            else { throw StoreError.notFound("redaction", id) }
            let (studyID, _) = try await self.redactionContext(redaction.transcriptID, locking: false, connection)
            var pseudonym: String?
            if accept { pseudonym = try await self.pseudonym(studyID: studyID, kind: redaction.kind, text: redaction.text, connection) }
            let state: Redaction.State = accept ? .accepted : .rejected
            return try await connection.fetchOne(
                Redaction.self,
                """
                UPDATE redaction SET state = \(state.rawValue), pseudonym = \(pseudonym), decidedBy = \(deciderID), decidedAt = \(date)
                WHERE id = \(id) RETURNING \(unescaped: Redaction.columns)
                """, logger: self.logger)!
        }
    }

    /// A span marked in the review, accepted at once; it replaces the proposals or rejected spans
    /// it overlaps, and is refused over an accepted one.
    public func addRedaction(
        transcriptID: Int64, charStart: Int, charEnd: Int, kind: IdentifierKind, deciderID: Int64, at date: Date
    ) async throws -> Redaction {
        try await withTransaction { connection in
            let (studyID, scalars) = try await self.redactionContext(transcriptID, locking: true, connection)
            try RedactionRules.checkSpan(charStart, charEnd, in: scalars)
            let overlapping = try await self.redactions(transcriptID: transcriptID, connection).filter {
                $0.charStart < charEnd && charStart < $0.charEnd
            }
            if let accepted = overlapping.first(where: { $0.state == .accepted }) { throw RedactionRules.overlapsAccepted(accepted) }
            for other in overlapping {
                try await connection.query("DELETE FROM redaction WHERE id = \(other.id!)", logger: self.logger)
            }
            let text = String(String.UnicodeScalarView(scalars[charStart..<charEnd]))
            let label = try await self.pseudonym(studyID: studyID, kind: kind, text: text, connection)
            let redaction = Redaction(
                transcriptID: transcriptID, charStart: charStart, charEnd: charEnd, text: text, kind: kind, reason: "marked in the review",
                origin: .person, state: .accepted, pseudonym: label, decidedBy: deciderID, decidedAt: date)
            return try await self.insertRedaction(redaction, connection)
        }
    }

    /// The version with its accepted spans replaced by their pseudonyms, from one snapshot.
    public func pseudonymisedTranscript(transcriptID: Int64) async throws -> PseudonymisedTranscript {
        try await withSnapshot { connection in
            let (_, scalars) = try await self.redactionContext(transcriptID, locking: false, connection)
            return RedactionRules.pseudonymised(
                transcriptID: transcriptID, text: String(String.UnicodeScalarView(scalars)),
                spans: try await self.redactions(transcriptID: transcriptID, connection))
        }
    }

    // MARK: - Helpers

    /// The study of a version and its text as Unicode scalars; with `locking`, the version's row is
    /// locked until the transaction ends, so that two reviews of one version take turns.
    private func redactionContext(_ transcriptID: Int64, locking: Bool, _ connection: PostgresConnection) async throws
        -> (Int64, [Unicode.Scalar])
    {
        let lock = locking ? "FOR NO KEY UPDATE OF transcript" : ""
        guard
            let row = try await connection.query(
                """
                SELECT recording.studyID, transcript.text FROM transcript JOIN recording ON recording.id = transcript.recordingID
                WHERE transcript.id = \(transcriptID) \(unescaped: lock)
                """, logger: logger
            ).collect().first
        else { throw StoreError.notFound("transcript", transcriptID) }
        let (studyID, text) = try row.decode((Int64, String).self)
        return (studyID, Array(text.unicodeScalars))
    }

    private func redactions(transcriptID: Int64, _ connection: PostgresConnection) async throws -> [Redaction] {
        try await connection.fetchAll(
            Redaction.self,
            "SELECT \(unescaped: Redaction.columns) FROM redaction WHERE transcriptID = \(transcriptID) ORDER BY charStart",
            logger: logger)
    }

    private func insertRedaction(_ redaction: Redaction, _ connection: PostgresConnection) async throws -> Redaction {
        try await connection.fetchOne(
            Redaction.self,
            """
            INSERT INTO redaction (transcriptID, charStart, charEnd, text, kind, reason, origin, state, pseudonym, decidedBy, decidedAt)
            VALUES (\(redaction.transcriptID), \(redaction.charStart), \(redaction.charEnd), \(redaction.text),
                \(redaction.kind.rawValue), \(redaction.reason), \(redaction.origin.rawValue), \(redaction.state.rawValue),
                \(redaction.pseudonym), \(redaction.decidedBy), \(redaction.decidedAt))
            RETURNING \(unescaped: Redaction.columns)
            """, logger: logger)!
    }

    private func existingPseudonym(studyID: Int64, kind: IdentifierKind, text: String, _ connection: PostgresConnection)
        async throws -> String?
    {
        try await connection.query(
            """
            SELECT label FROM pseudonym
            WHERE studyID = \(studyID) AND kind = \(RedactionRules.family(kind).rawValue) AND folded = \(Folding.fold(text))
            """, logger: logger
        ).collect().first?.decode(String.self)
    }

    /// The study-wide pseudonym of `text`, given now if it has none. The study's row is locked
    /// first, so that two decisions at once never give one number twice.
    private func pseudonym(studyID: Int64, kind: IdentifierKind, text: String, _ connection: PostgresConnection) async throws
        -> String
    {
        guard try await connection.count("SELECT id FROM study WHERE id = \(studyID) FOR NO KEY UPDATE", logger: logger) > 0 else {
            throw StoreError.notFound("study", studyID)
        }
        if let label = try await existingPseudonym(studyID: studyID, kind: kind, text: text, connection) { return label }
        let family = RedactionRules.family(kind)
        let count =
            try await connection.query(
                "SELECT count(*) FROM pseudonym WHERE studyID = \(studyID) AND kind = \(family.rawValue)", logger: logger
            ).collect().first?.decode(Int.self) ?? 0
        let label = RedactionRules.label(family, number: count + 1)
        try await connection.query(
            """
            INSERT INTO pseudonym (studyID, kind, folded, label)
            VALUES (\(studyID), \(family.rawValue), \(Folding.fold(text)), \(label))
            """, logger: logger)
        return label
    }
}

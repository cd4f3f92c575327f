import Foundation
import GRDB
import Pseudonymisation

extension SQLiteStore {
    public func addRedactionProposals(transcriptID: Int64, _ proposals: [IdentifierProposal]) async throws -> [Redaction] {
        try await write { db in
            let (studyID, scalars) = try Self.redactionContext(db, transcriptID: transcriptID)
            var stored = try Self.redactions(db, transcriptID: transcriptID)
            for proposal in proposals.sorted(by: { $0.start < $1.start }) {
                try RedactionRules.checkSpan(proposal.start, proposal.end, in: scalars)
                if stored.contains(where: { $0.charStart < proposal.end && proposal.start < $0.charEnd }) { continue }
                let text = String(String.UnicodeScalarView(scalars[proposal.start..<proposal.end]))
                var redaction = Redaction(
                    transcriptID: transcriptID, charStart: proposal.start, charEnd: proposal.end, text: text, kind: proposal.kind,
                    reason: proposal.reason, origin: .detector)
                if let label = try Self.existingPseudonym(db, studyID: studyID, kind: proposal.kind, text: text) {
                    redaction.state = .accepted
                    redaction.pseudonym = label
                    redaction.reason += "; accepted earlier in this study"
                    redaction.decidedAt = Date()
                }
                try redaction.insert(db)
                stored.append(redaction)
            }
            return stored.sorted { $0.charStart < $1.charStart }
        }
    }

    public func redactions(transcriptID: Int64) async throws -> [Redaction] {
        try await read { db in try Self.redactions(db, transcriptID: transcriptID) }
    }

    public func redaction(id: Int64) async throws -> Redaction? {
        try await read { db in try Redaction.fetchOne(db, key: id) }
    }

    public func decideRedaction(id: Int64, accept: Bool, deciderID: Int64, at date: Date) async throws -> Redaction {
        try await write { db in
            guard var redaction = try Redaction.fetchOne(db, key: id) else { throw StoreError.notFound("redaction", id) }
            let (studyID, _) = try Self.redactionContext(db, transcriptID: redaction.transcriptID)
            redaction.state = accept ? .accepted : .rejected
            redaction.pseudonym = accept ? try Self.pseudonym(db, studyID: studyID, kind: redaction.kind, text: redaction.text) : nil
            redaction.decidedBy = deciderID
            redaction.decidedAt = date
            try redaction.update(db)
            return redaction
        }
    }

    public func addRedaction(
        transcriptID: Int64, charStart: Int, charEnd: Int, kind: IdentifierKind, deciderID: Int64, at date: Date
    ) async throws -> Redaction {
        try await write { db in
            let (studyID, scalars) = try Self.redactionContext(db, transcriptID: transcriptID)
            try RedactionRules.checkSpan(charStart, charEnd, in: scalars)
            let overlapping = try Self.redactions(db, transcriptID: transcriptID).filter { $0.charStart < charEnd && charStart < $0.charEnd }
            if let accepted = overlapping.first(where: { $0.state == .accepted }) { throw RedactionRules.overlapsAccepted(accepted) }
            // The person's span replaces the detector's proposals (or rejected spans) it overlaps.
            for other in overlapping { _ = try Redaction.deleteOne(db, key: other.id) }
            let text = String(String.UnicodeScalarView(scalars[charStart..<charEnd]))
            var redaction = Redaction(
                transcriptID: transcriptID, charStart: charStart, charEnd: charEnd, text: text, kind: kind, reason: "marked in the review",
                origin: .person, state: .accepted, pseudonym: try Self.pseudonym(db, studyID: studyID, kind: kind, text: text),
                decidedBy: deciderID, decidedAt: date)
            try redaction.insert(db)
            return redaction
        }
    }

    public func pseudonymisedTranscript(transcriptID: Int64) async throws -> PseudonymisedTranscript {
        try await read { db in
            let (_, scalars) = try Self.redactionContext(db, transcriptID: transcriptID)
            let text = String(String.UnicodeScalarView(scalars))
            return RedactionRules.pseudonymised(
                transcriptID: transcriptID, text: text, spans: try Self.redactions(db, transcriptID: transcriptID))
        }
    }

    // MARK: - Helpers

    /// The study of a transcript version and its text as Unicode scalars.
    private static func redactionContext(_ db: Database, transcriptID: Int64) throws -> (Int64, [Unicode.Scalar]) {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT recording.studyID, transcript.text FROM transcript JOIN recording ON recording.id = transcript.recordingID WHERE transcript.id = ?",
                arguments: [transcriptID])
        else { throw StoreError.notFound("transcript", transcriptID) }
        let text: String = row[1]
        return (row[0], Array(text.unicodeScalars))
    }

    private static func redactions(_ db: Database, transcriptID: Int64) throws -> [Redaction] {
        try Redaction.filter(Column("transcriptID") == transcriptID).order(Column("charStart")).fetchAll(db)
    }

    private static func existingPseudonym(_ db: Database, studyID: Int64, kind: IdentifierKind, text: String) throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT label FROM pseudonym WHERE studyID = ? AND kind = ? AND folded = ?",
            arguments: [studyID, RedactionRules.family(kind).rawValue, Folding.fold(text)])
    }

    /// The study-wide pseudonym of `text`, given now if it has none: "[Personne A]", "[Lieu 3]".
    private static func pseudonym(_ db: Database, studyID: Int64, kind: IdentifierKind, text: String) throws -> String {
        if let label = try existingPseudonym(db, studyID: studyID, kind: kind, text: text) { return label }
        let family = RedactionRules.family(kind)
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM pseudonym WHERE studyID = ? AND kind = ?", arguments: [studyID, family.rawValue]) ?? 0
        let label = RedactionRules.label(family, number: count + 1)
        try db.execute(
            sql: "INSERT INTO pseudonym (studyID, kind, folded, label) VALUES (?, ?, ?, ?)",
            arguments: [studyID, family.rawValue, Folding.fold(text), label])
        return label
    }
}

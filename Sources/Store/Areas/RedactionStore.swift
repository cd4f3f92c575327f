import Foundation
import Pseudonymisation

/// Pseudonymisation of what is said: proposed identifying spans of transcripts, the decisions
/// taken on them, and the study-wide pseudonyms they get.
public protocol RedactionStore: Sendable {
    /// Stores the detector's `proposals` for a transcript version, skipping spans already stored.
    /// A span whose text was accepted earlier in the study (same kind) is accepted at once, with
    /// the same pseudonym. Returns the version's spans, in text order.
    func addRedactionProposals(transcriptID: Int64, _ proposals: [IdentifierProposal]) async throws -> [Redaction]
    /// The spans of a transcript version, in text order.
    func redactions(transcriptID: Int64) async throws -> [Redaction]
    func redaction(id: Int64) async throws -> Redaction?
    /// Accepts (the span gets its study-wide pseudonym) or rejects a span, recording who decided.
    func decideRedaction(id: Int64, accept: Bool, deciderID: Int64, at date: Date) async throws -> Redaction
    /// A span a person marks in the review, accepted at once; it must lie within one segment.
    func addRedaction(
        transcriptID: Int64, charStart: Int, charEnd: Int, kind: IdentifierKind, deciderID: Int64, at date: Date
    ) async throws -> Redaction
    /// The version with its accepted spans replaced.
    func pseudonymisedTranscript(transcriptID: Int64) async throws -> PseudonymisedTranscript
}

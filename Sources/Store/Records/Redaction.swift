import Foundation
import Pseudonymisation

/// A span of a transcript version that identifies someone, proposed by the detector or marked by
/// a person, and what was decided: replaced by its pseudonym in pseudonymised outputs, or kept.
public struct Redaction: Codable, Sendable, Hashable {
    /// Where the decision stands.
    public enum State: String, Codable, Sendable {
        case proposed, accepted, rejected
    }

    /// Who found the span.
    public enum Origin: String, Codable, Sendable {
        /// ``IdentifierDetector``.
        case detector
        /// A person marked it in the review.
        case person
    }

    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The transcript version.
    public var transcriptID: Int64
    /// First Unicode scalar of the span in the transcript's text (segments joined by line feeds).
    public var charStart: Int
    /// One past its last scalar.
    public var charEnd: Int
    /// The span's text as written.
    public var text: String
    public var kind: IdentifierKind
    /// Why it was proposed.
    public var reason: String
    public var origin: Origin
    public var state: State
    /// The study-wide pseudonym that replaces it, once accepted ("[Personne A]").
    public var pseudonym: String?
    /// Who decided, if a person did (a decision taken earlier in the study for the same text has none).
    public var decidedBy: Int64?
    /// When it was decided (UTC).
    public var decidedAt: Date?

    public init(
        id: Int64? = nil, transcriptID: Int64, charStart: Int, charEnd: Int, text: String, kind: IdentifierKind, reason: String,
        origin: Origin, state: State = .proposed, pseudonym: String? = nil, decidedBy: Int64? = nil, decidedAt: Date? = nil
    ) {
        self.id = id
        self.transcriptID = transcriptID
        self.charStart = charStart
        self.charEnd = charEnd
        self.text = text
        self.kind = kind
        self.reason = reason
        self.origin = origin
        self.state = state
        self.pseudonym = pseudonym
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}

/// A transcript version with the accepted spans replaced by their pseudonyms.
public struct PseudonymisedTranscript: Codable, Sendable, Hashable {
    public var transcriptID: Int64
    /// The whole text, segments joined by line feeds.
    public var text: String
    /// Each segment's pseudonymised text, in order.
    public var segments: [String]
    /// Spans still waiting for a decision: a pseudonymised output is not final while any remain.
    public var pending: Int
}

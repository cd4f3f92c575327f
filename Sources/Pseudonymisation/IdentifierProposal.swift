/// A span of text proposed for pseudonymisation, for a person to accept or reject.
///
/// Offsets count Unicode scalars from the start of the text, as transcript segments and codings do.
public struct IdentifierProposal: Sendable, Hashable, Codable {
    /// The first scalar of the span.
    public var start: Int
    /// One past its last scalar.
    public var end: Int
    /// The span's text as written.
    public var text: String
    public var kind: IdentifierKind
    /// Why it was proposed (for the reviewer): "first name + family name", "NIR with a valid key"...
    public var reason: String

    public init(start: Int, end: Int, text: String, kind: IdentifierKind, reason: String) {
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind
        self.reason = reason
    }

    /// Whether the two spans share at least one scalar.
    public func overlaps(_ other: IdentifierProposal) -> Bool {
        start < other.end && other.start < end
    }
}

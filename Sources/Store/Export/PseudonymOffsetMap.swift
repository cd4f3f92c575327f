import Foundation

/// Where offsets go between a transcript's original text and its pseudonymised text (the accepted
/// spans replaced by their pseudonyms), both ways. Offsets count Unicode scalars, as every
/// offset of the store does (``Coding/charStart``, ``Segment/charStart``, ``Redaction/charStart``).
public struct PseudonymOffsetMap: Sendable, Hashable {
    /// Where a position strictly inside a replaced span (or inside its pseudonym) goes.
    public enum Inside: Sendable { case start, end }

    /// The accepted spans, by position in the original text.
    public let spans: [Redaction]

    /// The map of `redactions`' accepted spans (proposed and rejected ones replace nothing).
    public init(_ redactions: [Redaction]) {
        self.spans = redactions.filter { $0.state == .accepted }.sorted { $0.charStart < $1.charStart }
    }

    /// The pseudonym that replaces `span`.
    func label(_ span: Redaction) -> [Unicode.Scalar] { Array((span.pseudonym ?? "[…]").unicodeScalars) }

    /// `scalars` (an original text) with each span replaced by its pseudonym.
    public func apply(to scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result = scalars
        for span in spans.reversed() { result.replaceSubrange(span.charStart..<span.charEnd, with: label(span)) }
        return result
    }

    /// `text` (an original text) with each span replaced by its pseudonym.
    public func apply(to text: String) -> String {
        String(String.UnicodeScalarView(apply(to: Array(text.unicodeScalars))))
    }

    /// The offset in the pseudonymised text of `position` in the original text; a position
    /// strictly inside a span goes to the start or the end of its pseudonym.
    public func pseudonymised(_ position: Int, inside: Inside) -> Int {
        var shift = 0
        for span in spans {
            if position <= span.charStart { break }
            let length = label(span).count
            if position >= span.charEnd {
                shift += length - (span.charEnd - span.charStart)
                continue
            }
            return span.charStart + shift + (inside == .end ? length : 0)
        }
        return position + shift
    }

    /// The offset in the original text of `position` in the pseudonymised text; a position
    /// strictly inside a pseudonym goes to the start or the end of the original passage.
    public func original(_ position: Int, inside: Inside) -> Int {
        var shift = 0  // pseudonymised minus original, for the spans before `position`
        for span in spans {
            let start = span.charStart + shift
            if position <= start { break }
            let length = label(span).count
            if position >= start + length {
                shift += length - (span.charEnd - span.charStart)
                continue
            }
            return inside == .end ? span.charEnd : span.charStart
        }
        return position - shift
    }
}

/// Consistent pseudonyms across a study: the same person is "[Personne A]" in every transcript,
/// the same town "[Lieu 1]", and a participant named in the vault gets their study pseudonym
/// ("[P-014]").
///
/// A value: the study keeps it (with who decided each entry) and passes it back for the next
/// transcript, so that labels never change once given.
public struct PseudonymTable: Sendable, Hashable, Codable {
    /// The label given to each identifier, by kind and folded text.
    public private(set) var labels: [String: String] = [:]
    /// Participants' pseudonyms, by their folded real names (and each word of three letters or more).
    private var participants: [String: String] = [:]
    private var counts: [String: Int] = [:]

    public init() {}

    /// Makes the real name `name` of a participant (from the vault) stand for `pseudonym`.
    public mutating func addParticipant(name: String, pseudonym: String) {
        let folded = Folding.fold(name)
        participants[folded] = pseudonym
        for part in folded.split(whereSeparator: { $0 == " " || $0 == "-" }) where part.count >= 3 {
            participants[String(part)] = participants[String(part)] ?? pseudonym
        }
    }

    /// The pseudonym of `text` of kind `kind`, in French or English wording, given once and kept.
    public mutating func pseudonym(for text: String, kind: IdentifierKind, french: Bool = true) -> String {
        let folded = Folding.fold(text)
        if kind == .known, let participant = participants[folded] { return "[\(participant)]" }
        let family = kind == .known ? IdentifierKind.person : kind
        let key = "\(family.rawValue)|\(folded)"
        if let label = labels[key] { return label }
        let word = french ? family.frenchLabel : family.englishLabel
        let count = (counts[family.rawValue] ?? 0) + 1
        counts[family.rawValue] = count
        let label = family == .person ? "[\(word) \(Self.letters(count))]" : "[\(word) \(count)]"
        labels[key] = label
        return label
    }

    /// A, B, ..., Z, AA, AB, ...: the n-th (from 1) in the order of spreadsheet columns.
    public static func letters(_ number: Int) -> String {
        var remaining = number, result = ""
        while remaining > 0 {
            remaining -= 1
            result = String(UnicodeScalar(UInt8(65 + remaining % 26))) + result
            remaining /= 26
        }
        return result
    }

    /// `text` with each span replaced by its pseudonym; spans are Unicode-scalar offsets, not
    /// overlapping. Also returns, for each span, where its pseudonym lies in the new text.
    public mutating func apply(to text: String, spans: [IdentifierProposal], french: Bool = true) -> (
        text: String, replaced: [(span: IdentifierProposal, start: Int, end: Int)]
    ) {
        var scalars = Array(text.unicodeScalars)
        var replaced: [(IdentifierProposal, Int, Int)] = []
        // From the end, so that earlier offsets stay valid; the positions are fixed after.
        for span in spans.sorted(by: { $0.start > $1.start }) {
            let label = pseudonym(for: String(String.UnicodeScalarView(scalars[span.start..<span.end])), kind: span.kind, french: french)
            scalars.replaceSubrange(span.start..<span.end, with: label.unicodeScalars)
            replaced.append((span, span.start, span.start + label.unicodeScalars.count))
        }
        var shift = 0
        let positioned = replaced.reversed().map { entry -> (span: IdentifierProposal, start: Int, end: Int) in
            let length = entry.2 - entry.1
            defer { shift += length - (entry.0.end - entry.0.start) }
            return (entry.0, entry.1 + shift, entry.1 + shift + length)
        }
        return (String(String.UnicodeScalarView(scalars)), positioned)
    }
}

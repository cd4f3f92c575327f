/// Proposes the spans of a transcript that identify someone, for a person to review: names the
/// identity vault holds, e-mail addresses, NIRs, phone numbers, dates of birth, institutions,
/// people and places. Where proposals overlap, the most certain kind wins, then the longest span.
///
/// Proposals are suggestions: recall comes first (a missed name is a leak, a wrong proposal costs a
/// click). `bench/pseudonymisation` measures both on a labelled test set.
public struct IdentifierDetector: Sendable {
    private let patterns = PatternRules()
    private let names: NameRules

    public init(gazetteer: Gazetteer) {
        names = NameRules(gazetteer: gazetteer)
    }

    /// The proposals of `text`, in text order, not overlapping; `knownNames` are real names of the
    /// study's people (from the identity vault), found first.
    public func proposals(in text: String, knownNames: [String] = []) -> [IdentifierProposal] {
        let scalars = Array(text.unicodeScalars)
        var scalarOffset: [Int] = []
        scalarOffset.reserveCapacity(text.utf16.count + 1)
        for (index, scalar) in scalars.enumerated() {
            scalarOffset.append(contentsOf: repeatElement(index, count: scalar.utf16.count))
        }
        scalarOffset.append(scalars.count)
        let tokens = Token.words(of: scalars)
        let candidates = KnownNames(knownNames).proposals(in: tokens) + patterns.proposals(in: text, scalarOffset: scalarOffset)
            + names.proposals(in: tokens)
        var kept: [IdentifierProposal] = []
        for candidate in candidates.sorted(by: { ($0.kind, $1.end - $1.start) < ($1.kind, $0.end - $0.start) })
        where !kept.contains(where: { $0.overlaps(candidate) }) {
            var proposal = candidate
            proposal.text = String(String.UnicodeScalarView(scalars[candidate.start..<candidate.end]))
            kept.append(proposal)
        }
        return kept.sorted { $0.start < $1.start }
    }
}

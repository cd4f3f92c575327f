import Foundation

extension ConsensusDecision {
    /// The consensus spans this decision makes of a unit: each kept coder's own codings clipped to
    /// the unit, then the chosen codes on the whole unit; in text order, without duplicates.
    public func spans(of unit: Range<Int>, codings: [Coding]) -> [(code: Int64, range: Range<Int>)] {
        var spans: [(code: Int64, range: Range<Int>)] = []
        for coding in codings where !coding.isConsensus && keepCoders.contains(coding.coderID) {
            let range = (coding.charStart..<coding.charEnd).clamped(to: unit)
            if !range.isEmpty { spans.append((coding.codeID, range)) }
        }
        spans += codeIDs.map { ($0, unit) }
        var seen = Set<String>()
        return spans.sorted {
            ($0.range.lowerBound, $0.range.upperBound, $0.code) < ($1.range.lowerBound, $1.range.upperBound, $1.code)
        }.filter { seen.insert("\($0.code):\($0.range)").inserted }
    }
}

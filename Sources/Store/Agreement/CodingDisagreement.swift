import Foundation

/// One unit on which coders differ: the codes each applied there, and the consensus if decided.
///
/// Units are those of ``CodingAgreement`` with ``AgreementUnit/segments``: a coder applied a code
/// to a segment when any of their codings of that code overlaps it. A unit is a disagreement when
/// the coders' sets of codes on it are not all equal, which is exactly where the per-code
/// reliability matrices that the kappa is computed from hold different values.
public struct CodingDisagreement: Codable, Sendable, Hashable {
    /// The codes one coder applied to the unit.
    public struct CoderCodes: Codable, Sendable, Hashable {
        /// The coder.
        public var coderID: Int64
        /// The codes, by id.
        public var codeIDs: [Int64]

        /// Creates an entry.
        public init(coderID: Int64, codeIDs: [Int64]) {
            self.coderID = coderID
            self.codeIDs = codeIDs
        }
    }

    /// The unit's index (segment position in the transcript version).
    public var unitIndex: Int
    /// The unit's characters `charStart..<charEnd`.
    public var charStart: Int
    /// One past the unit's last character.
    public var charEnd: Int
    /// The unit's start time in seconds (to play it).
    public var startTime: Double
    /// The unit's end time in seconds.
    public var endTime: Double
    /// The unit's text.
    public var text: String
    /// Each compared coder's codes, in the order of the coders compared.
    public var coders: [CoderCodes]
    /// The consensus codes of the unit once decided, else `nil`.
    public var consensusCodeIDs: [Int64]?
    /// Who decided the consensus, if decided.
    public var decidedBy: Int64?
    /// When it was decided.
    public var decidedAt: Date?

    /// The disagreements of a transcript version, in text order.
    ///
    /// - Parameters:
    ///   - segments: the version's segments in order (their index is the unit index).
    ///   - codings: the coders' own codings (consensus codings are ignored).
    ///   - coderIDs: the coders compared (a coder without codings counts: no codes anywhere).
    ///   - consensus: the consensus codings, and the decisions made.
    public static func list(
        segments: [Segment], codings: [Coding], coderIDs: [Int64], consensus: [Coding] = [], decisions: [ConsensusRecord] = []
    ) -> [CodingDisagreement] {
        let own = codings.filter { !$0.isConsensus && coderIDs.contains($0.coderID) }
        let decided = Dictionary(decisions.map { ($0.unitIndex, $0) }, uniquingKeysWith: { first, _ in first })
        func codes(_ list: [Coding], on unit: Range<Int>) -> [Int64] {
            Array(Set(list.filter { ($0.charStart..<$0.charEnd).overlaps(unit) }.map(\.codeID))).sorted()
        }
        var result: [CodingDisagreement] = []
        for (index, segment) in segments.enumerated() {
            let unit = segment.charStart..<segment.charEnd
            let perCoder = coderIDs.map { coderID in
                CoderCodes(coderID: coderID, codeIDs: codes(own.filter { $0.coderID == coderID }, on: unit))
            }
            guard Set(perCoder.map(\.codeIDs)).count > 1 else { continue }
            let decision = decided[index]
            result.append(
                CodingDisagreement(
                    unitIndex: index, charStart: segment.charStart, charEnd: segment.charEnd, startTime: segment.start,
                    endTime: segment.end, text: segment.text, coders: perCoder,
                    consensusCodeIDs: decision.map { _ in codes(consensus.filter(\.isConsensus), on: unit) },
                    decidedBy: decision?.decidedBy, decidedAt: decision?.decidedAt))
        }
        return result
    }
}

import Foundation

/// The code × case matrix: how many coded segments (and characters) each code has in each
/// participant's speech, with totals per code and per case.
public struct CodeCaseMatrix: Sendable, Hashable, Codable {
    /// One row: a code of the codebook.
    public struct Row: Sendable, Hashable, Codable {
        /// The code.
        public var codeID: Int64
        /// Its parent, `nil` at the top level.
        public var parentID: Int64?
        /// Its name.
        public var name: String
        /// Its colour.
        public var color: String
        /// Nesting depth (0 at the top level).
        public var depth: Int
        /// Coded segments per column, in ``CodeCaseMatrix/participants`` order.
        public var counts: [Int]
        /// Coded characters per column.
        public var characters: [Int]
        /// Coded segments in no participant's speech (the interviewer's, or of recordings without cases).
        public var withoutCase: Int
        /// Sum of `counts`.
        public var total: Int
    }

    /// One column: a case.
    public struct Column: Sendable, Hashable, Codable {
        /// The participant.
        public var participantID: Int64
        /// Their pseudonym.
        public var pseudonym: String
        /// Sum of the column's counts over every row.
        public var total: Int
    }

    /// The codes, parents before their children (depth first).
    public var rows: [Row]
    /// The cases, by pseudonym.
    public var participants: [Column]

    /// Counts `segments` by code and case; a segment of several cases counts once in each.
    public init(codes: [Code], participants: [Participant], segments: [CodedSegment]) {
        let columns = participants.sorted { $0.pseudonym < $1.pseudonym }
        let index = Dictionary(columns.enumerated().map { ($1.id ?? 0, $0) }, uniquingKeysWith: { first, _ in first })
        var counts: [Int64: [Int]] = [:]
        var characters: [Int64: [Int]] = [:]
        var withoutCase: [Int64: Int] = [:]
        for segment in segments {
            let columnsOfSegment = segment.participantIDs.compactMap { index[$0] }
            if columnsOfSegment.isEmpty { withoutCase[segment.codeID, default: 0] += 1 }
            for column in columnsOfSegment {
                counts[segment.codeID, default: Array(repeating: 0, count: columns.count)][column] += 1
                characters[segment.codeID, default: Array(repeating: 0, count: columns.count)][column] +=
                    segment.charEnd - segment.charStart
            }
        }
        var rows: [Row] = []
        func visit(_ parentID: Int64?, depth: Int) {
            for code in codes.filter({ $0.parentID == parentID }).sorted(by: { $0.name < $1.name }) {
                let id = code.id ?? 0
                let row = counts[id] ?? Array(repeating: 0, count: columns.count)
                rows.append(
                    Row(
                        codeID: id, parentID: code.parentID, name: code.name, color: code.color, depth: depth, counts: row,
                        characters: characters[id] ?? Array(repeating: 0, count: columns.count),
                        withoutCase: withoutCase[id] ?? 0, total: row.reduce(0, +)))
                visit(code.id, depth: depth + 1)
            }
        }
        visit(nil, depth: 0)
        self.rows = rows
        self.participants = columns.enumerated().map { column, participant in
            Column(
                participantID: participant.id ?? 0, pseudonym: participant.pseudonym,
                total: rows.reduce(0) { $0 + $1.counts[column] })
        }
    }
}

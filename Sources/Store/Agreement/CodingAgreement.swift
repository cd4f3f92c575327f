import Foundation

/// What counts as one unit when comparing coders.
public enum AgreementUnit: String, Sendable, Hashable, Codable {
    /// Each transcript segment: a coder applied a code to it if any of their codings overlaps it.
    case segments
    /// Each character (Unicode scalar) of the transcript text, the newlines between segments included.
    case characters
}

/// Agreement on one code (or overall).
public struct CodeAgreement: Sendable, Hashable, Codable {
    /// Cohen's kappa; `nil` unless exactly two coders, or when undefined.
    public var kappa: Double?
    /// Krippendorff's alpha (nominal); `nil` when undefined (for example nobody used the code).
    public var alpha: Double?
    /// Percent agreement over coder pairs, in 0...1.
    public var observedAgreement: Double?
    /// Units in which at least one coder applied the code.
    public var codedUnits: Int
}

/// Inter-coder agreement over one transcript version.
///
/// For each code, every unit gets from each coder the value 1 (applied) or 0 (not applied), so
/// uncoded text counts as agreement on absence. "Overall" pools the binary decisions of all
/// codes (one datum per unit and code) and computes the same coefficients on them.
public struct CodingAgreement: Sendable, Hashable, Codable {
    /// The unit used.
    public var unit: AgreementUnit
    /// Number of units.
    public var unitCount: Int
    /// The coders compared, in the order of the reliability matrix.
    public var coderIDs: [Int64]
    /// Agreement per code id.
    public var perCode: [Int64: CodeAgreement]
    /// Agreement over all codes pooled.
    public var overall: CodeAgreement

    /// Computes agreement from the transcript's segments (character ranges) and codings.
    ///
    /// - Parameters:
    ///   - textLength: length of the transcript text in Unicode scalars.
    ///   - segments: each segment's `charStart..<charEnd`.
    ///   - codings: the codings of the compared coders on this transcript version.
    ///   - coderIDs: the coders to compare (a coder without codings still counts: all 0).
    ///   - codeIDs: the codes to report (a code nobody used still counts in "overall").
    public init(
        textLength: Int, segments: [Range<Int>], codings: [Coding], coderIDs: [Int64], codeIDs: [Int64], unit: AgreementUnit
    ) {
        self.unit = unit
        self.coderIDs = coderIDs
        let units: [Range<Int>] =
            unit == .segments ? segments : (0..<max(0, textLength)).map { $0..<$0 + 1 }
        unitCount = units.count
        var perCode: [Int64: CodeAgreement] = [:]
        var pooled = [[Int?]](repeating: [], count: coderIDs.count)
        for codeID in codeIDs {
            var matrix = [[Int?]](repeating: [Int?](repeating: 0, count: units.count), count: coderIDs.count)
            for (row, coderID) in coderIDs.enumerated() {
                let spans = codings.filter { $0.coderID == coderID && $0.codeID == codeID }
                    .map { $0.charStart..<$0.charEnd }
                guard !spans.isEmpty else { continue }
                if unit == .characters {
                    for span in spans {
                        for index in span.clamped(to: 0..<units.count) { matrix[row][index] = 1 }
                    }
                } else {
                    for (index, segment) in units.enumerated() where spans.contains(where: { $0.overlaps(segment) }) {
                        matrix[row][index] = 1
                    }
                }
            }
            perCode[codeID] = Self.measure(matrix)
            for row in pooled.indices { pooled[row] += matrix[row] }
        }
        self.perCode = perCode
        overall = Self.measure(pooled)
    }

    static func measure(_ matrix: [[Int?]]) -> CodeAgreement {
        let columns = matrix.first?.count ?? 0
        let coded = (0..<columns).filter { column in matrix.contains { $0[column] == 1 } }.count
        var kappa: Double?
        if matrix.count == 2 {
            kappa = AgreementStatistics.cohenKappa(matrix[0].map { $0 ?? 0 }, matrix[1].map { $0 ?? 0 })
        }
        return CodeAgreement(
            kappa: kappa, alpha: AgreementStatistics.krippendorffAlpha(matrix),
            observedAgreement: AgreementStatistics.observedAgreement(matrix), codedUnits: coded)
    }
}

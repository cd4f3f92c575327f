import Foundation

/// Chance-corrected agreement coefficients on nominal data.
///
/// Data are given as a reliability matrix: one row per coder, one column per unit, each cell a
/// category (any `Int`) or `nil` when that coder did not code that unit.
public enum AgreementStatistics {
    /// Cohen's kappa of two coders over the same units: `(pₒ − pₑ) / (1 − pₑ)`.
    ///
    /// - Returns: `nil` when undefined (no units, or both coders used one and the same category
    ///   everywhere, so `pₑ = 1`).
    public static func cohenKappa(_ first: [Int], _ second: [Int]) -> Double? {
        precondition(first.count == second.count, "both coders must rate the same units")
        let count = Double(first.count)
        guard count > 0 else { return nil }
        var agreements = 0.0
        var firstTotals: [Int: Double] = [:]
        var secondTotals: [Int: Double] = [:]
        for (a, b) in zip(first, second) {
            if a == b { agreements += 1 }
            firstTotals[a, default: 0] += 1
            secondTotals[b, default: 0] += 1
        }
        let observed = agreements / count
        let expected =
            firstTotals.reduce(0.0) { sum, entry in sum + entry.value * (secondTotals[entry.key] ?? 0) }
            / (count * count)
        guard expected < 1 else { return nil }
        return (observed - expected) / (1 - expected)
    }

    /// Krippendorff's alpha for nominal data, any number of coders, missing values allowed:
    /// `1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k`, from the coincidence matrix `o`.
    ///
    /// Units with fewer than two values are not pairable and are ignored.
    /// - Returns: `nil` when undefined (fewer than two pairable values, or a single category in all of them).
    public static func krippendorffAlpha(_ matrix: [[Int?]]) -> Double? {
        let unitCount = matrix.map(\.count).max() ?? 0
        var coincidences: [Int: [Int: Double]] = [:]
        for unit in 0..<unitCount {
            var counts: [Int: Double] = [:]
            var values = 0.0
            for row in matrix where unit < row.count {
                if let value = row[unit] {
                    counts[value, default: 0] += 1
                    values += 1
                }
            }
            guard values >= 2 else { continue }
            for (c, nc) in counts {
                for (k, nk) in counts {
                    let pairs = c == k ? nc * (nc - 1) : nc * nk
                    coincidences[c, default: [:]][k, default: 0] += pairs / (values - 1)
                }
            }
        }
        var totals: [Int: Double] = [:]
        for (c, row) in coincidences { totals[c] = row.values.reduce(0, +) }
        let n = totals.values.reduce(0, +)
        var observedDisagreement = 0.0
        for (c, row) in coincidences {
            for (k, value) in row where k != c { observedDisagreement += value }
        }
        var expectedDisagreement = 0.0
        for (c, nc) in totals {
            for (k, nk) in totals where k != c { expectedDisagreement += nc * nk }
        }
        guard n > 1, expectedDisagreement > 0 else { return nil }
        return 1 - (n - 1) * observedDisagreement / expectedDisagreement
    }

    /// The share of pairable unit-value pairs that agree (percent agreement), or `nil` with no pairs.
    public static func observedAgreement(_ matrix: [[Int?]]) -> Double? {
        let unitCount = matrix.map(\.count).max() ?? 0
        var agreeing = 0.0
        var pairs = 0.0
        for unit in 0..<unitCount {
            let values = matrix.compactMap { unit < $0.count ? $0[unit] : nil }
            guard values.count >= 2 else { continue }
            for i in 0..<values.count {
                for j in (i + 1)..<values.count {
                    pairs += 1
                    if values[i] == values[j] { agreeing += 1 }
                }
            }
        }
        return pairs > 0 ? agreeing / pairs : nil
    }
}

/// Physiological ranges that a stream's values should lie in: values outside them mean a column
/// named for the wrong kind (raw PPG in a column `hr`) or a wrong unit, which the user should hear of.
extension TimeSeries {
    /// The values plausible for the stream's kind in its unit, when Verbatim knows them: heart
    /// rate 20–250 bpm, beat intervals 0.24–3 s (240–3000 ms), EDA 0–100 µS, SpO2 50–100 %, skin
    /// or device temperature −40–60 °C.
    public var plausibleRange: ClosedRange<Double>? {
        switch (kind, unit.lowercased()) {
        case (.heartRate, "bpm"): 20...250
        case (.rrInterval, "s"): 0.24...3
        case (.rrInterval, "ms"): 240...3000
        case (.eda, "us"), (.eda, "µs"): 0...100
        case (.oxygenSaturation, "%"): 50...100
        case (.temperature, "degc"), (.temperature, "°c"): -40...60
        default: nil
        }
    }

    /// A warning when some values lie outside ``plausibleRange``: how many, their extent, and the
    /// question the user should answer. Nil when all are plausible or no range is known.
    public var plausibilityWarning: String? {
        guard let range = plausibleRange else { return nil }
        var outside = 0, valid = 0
        var low = Double.infinity, high = -Double.infinity
        for v in values where !v.isNaN {
            valid += 1
            if !range.contains(v) { outside += 1 }
            low = min(low, v)
            high = max(high, v)
        }
        guard outside > 0 else { return nil }
        func text(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
        let name = label.isEmpty ? kind.rawValue : label
        return "\(name): \(outside) of \(valid) values lie outside \(text(range.lowerBound))–\(text(range.upperBound)) \(unit) "
            + "(from \(text(low)) to \(text(high))); is this column really \(kind.rawValue) in \(unit)?"
    }
}

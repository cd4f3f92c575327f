#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Movement from a 3-axis accelerometer as ENMO (Euclidean norm minus one g, negative values set
/// to zero), averaged per epoch and given in milli-g — the open, device-independent activity
/// measure used by GGIR and the UK Biobank accelerometry analyses.
public enum ActivityCounts {
    /// ENMO per `epoch` seconds from the `accX`/`accY`/`accZ` streams (in g, same regular rate and
    /// start). Only complete epochs are returned; samples with a gap are left out of their epoch.
    public static func enmo(x: TimeSeries, y: TimeSeries, z: TimeSeries, epoch: Double = 60) -> TimeSeries? {
        guard let rate = x.sampleRate, y.sampleRate == rate, z.sampleRate == rate, epoch > 0 else { return nil }
        let n = min(x.count, y.count, z.count)
        let perEpoch = Int((epoch * rate).rounded())
        guard perEpoch > 0 else { return nil }
        var values: [Double] = []
        for e in 0..<(n / perEpoch) {
            var sum = 0.0, count = 0
            for i in (e * perEpoch)..<((e + 1) * perEpoch) {
                let norm = (x.values[i] * x.values[i] + y.values[i] * y.values[i] + z.values[i] * z.values[i]).squareRoot()
                guard !norm.isNaN else { continue }
                sum += max(norm - 1, 0) * 1000
                count += 1
            }
            values.append(count > 0 ? sum / Double(count) : .nan)
        }
        return TimeSeries(participant: x.participant, source: x.source, kind: .other, label: "ENMO", unit: "mg",
                          start: x.start, timing: .regular(hz: 1 / epoch), values: values)
    }
}

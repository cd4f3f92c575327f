#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Beat detection in a PPG / BVP signal with HeartPy's algorithm (van Gent et al., 2019), so its
/// results can be checked against HeartPy itself (quirks included).
///
/// Per segment: a 0.75 s rolling mean (edge-padded as HeartPy pads it), raised by a fraction of
/// its mean; each run of samples above it yields one peak at its maximum; the raise is chosen
/// among 5…300 % as the one giving the steadiest intervals (smallest SD above 0.1 ms) with a
/// rate of 40–180 bpm. Intervals outside mean ± max(30 %, 300 ms) reject the beat that ends
/// them; measures use intervals between accepted beats only.
public enum PulseDetector {
    /// The beats found in one segment.
    public struct Segment: Sendable, Hashable {
        /// Sample index of the segment's first sample in the analysed stream.
        public var startIndex: Int
        /// Peak sample indices (relative to the segment).
        public var peaks: [Int]
        /// Whether each peak was kept by the interval check.
        public var accepted: [Bool]
        /// Intervals in ms between consecutive accepted peaks.
        public var intervals: [Double]
        /// Mean heart rate (bpm) from those intervals.
        public var bpm: Double
        /// RMSSD in ms over differences of consecutive kept intervals.
        public var rmssd: Double
        /// SDNN in ms (population SD, as HeartPy computes it).
        public var sdnn: Double
        /// The rolling-mean raise (percent) that was chosen.
        public var raise: Int
    }

    static let raises = [5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 150, 200, 300]

    /// Detects beats in `x` (one segment) at `sampleRate`; nil when no raise gives a plausible rate.
    public static func detect(_ x: [Double], sampleRate: Double, window: Double = 0.75, bpmRange: ClosedRange<Double> = 40...180) -> Segment? {
        guard x.count > Int(window * sampleRate) + 2, !x.contains(where: \.isNaN) else { return nil }
        var data = x
        let baseline = percentile(data, 0.1)
        if baseline < 0 { data = data.map { $0 + abs(baseline) } }
        let mean = rollingMean(data, size: Int(window * sampleRate))
        var best: (sd: Double, raise: Int)?
        for raise in raises {
            let peaks = candidatePeaks(data, mean, raise: raise, sampleRate: sampleRate)
            let rr = zip(peaks.dropFirst(), peaks).map { Double($0 - $1) / sampleRate * 1000 }
            let sd = rr.isEmpty ? Double.infinity : populationSD(rr)
            let bpm = Double(peaks.count) / (Double(data.count) / sampleRate) * 60
            if sd > 0.1, bpmRange.contains(bpm), best == nil || sd < best!.sd { best = (sd, raise) }
        }
        guard let chosen = best else { return nil }
        var peaks = candidatePeaks(data, mean, raise: chosen.raise, sampleRate: sampleRate)
        // HeartPy's process() runs its first-150-ms check once more on the final peaks.
        if let first = peaks.first, Double(first) <= sampleRate / 1000 * 150 { peaks.removeFirst() }
        let rr = zip(peaks.dropFirst(), peaks).map { Double($0 - $1) / sampleRate * 1000 }
        guard !rr.isEmpty else { return nil }
        let meanRR = rr.reduce(0, +) / Double(rr.count)
        let band = max(0.3 * meanRR, 300)
        var accepted = [Bool](repeating: true, count: peaks.count)
        for (i, interval) in rr.enumerated() where interval <= meanRR - band || interval >= meanRR + band { accepted[i + 1] = false }
        var kept: [Double] = [], diffs: [Double] = []
        var previousKept: Double?
        for (i, interval) in rr.enumerated() {
            if accepted[i] && accepted[i + 1] {
                kept.append(interval)
                if let p = previousKept { diffs.append(abs(interval - p)) }
                previousKept = interval
            } else {
                previousKept = nil
            }
        }
        guard !kept.isEmpty else { return nil }
        let meanKept = kept.reduce(0, +) / Double(kept.count)
        let rmssd = diffs.isEmpty ? Double.nan : (diffs.reduce(0) { $0 + $1 * $1 } / Double(diffs.count)).squareRoot()
        return Segment(startIndex: 0, peaks: peaks, accepted: accepted, intervals: kept, bpm: 60_000 / meanKept,
                       rmssd: rmssd, sdnn: populationSD(kept), raise: chosen.raise)
    }

    /// Band-passes a regular PPG/BVP stream (0.7–3.5 Hz, order 3, as HeartPy's examples do) and
    /// detects beats in consecutive segments of `segment` seconds (segments with gaps or no
    /// plausible rhythm are skipped). Returns the segments and an `rrInterval` stream of the
    /// accepted intervals, time-stamped at the beat that ends each.
    public static func beats(in series: TimeSeries, segment: Double = 60, band: (low: Double, high: Double) = (0.7, 3.5)) -> (segments: [Segment], intervals: TimeSeries)? {
        guard let rate = series.sampleRate else { return nil }
        let filter = ButterworthFilter.bandpass(order: 3, low: band.low, high: band.high, sampleRate: rate)
        let length = Int(segment * rate)
        var segments: [Segment] = []
        var offsets: [Double] = [], values: [Double] = []
        var start = 0
        while start + length <= series.count {
            let chunk = Array(series.values[start..<(start + length)])
            if !chunk.contains(where: \.isNaN), var s = detect(filter.filtfilt(chunk), sampleRate: rate) {
                s.startIndex = start
                for i in 1..<s.peaks.count where s.accepted[i] && s.accepted[i - 1] {
                    offsets.append(Double(start + s.peaks[i]) / rate)
                    values.append(Double(s.peaks[i] - s.peaks[i - 1]) / rate)
                }
                segments.append(s)
            }
            start += length
        }
        let stream = TimeSeries(participant: series.participant, source: series.source, kind: .rrInterval, label: "beats from \(series.label)",
                                unit: "s", start: series.start, timing: .irregular(offsets: offsets), values: values)
        return (segments, stream)
    }

    /// HeartPy's candidate peaks: the samples above the raised rolling mean are cut into groups
    /// where the indices jump, and each group gives its (first) maximum. HeartPy cuts one sample
    /// late — each group is the previous run's last sample plus the current run without its last
    /// sample, the final run whole — and that is reproduced so that the peaks are identical. The
    /// first peak is dropped when it falls in the first 150 ms.
    static func candidatePeaks(_ x: [Double], _ mean: [Double], raise: Int, sampleRate: Double) -> [Int] {
        let lift = mean.reduce(0) { $0 + $1 / 100 } / Double(mean.count) * Double(raise)
        let above = x.indices.filter { x[$0] > mean[$0] + lift }
        guard !above.isEmpty else { return [] }
        var edges = [0]
        for i in 0..<(above.count - 1) where above[i + 1] - above[i] > 1 { edges.append(i) }
        edges.append(above.count)
        var peaks: [Int] = []
        for k in 0..<(edges.count - 1) where edges[k] < edges[k + 1] {
            var best = edges[k]
            for j in edges[k]..<edges[k + 1] where x[above[j]] > x[above[best]] { best = j }
            peaks.append(above[best])
        }
        if let first = peaks.first, Double(first) <= sampleRate / 1000 * 150 { peaks.removeFirst() }
        return peaks
    }

    /// HeartPy's rolling mean: full windows only, padded with the first/last mean, a 0 appended
    /// when one sample short.
    static func rollingMean(_ x: [Double], size: Int) -> [Double] {
        let sums = (0...(x.count - size)).map { i in x[i..<(i + size)].reduce(0, +) / Double(size) }
        let missing = (x.count - sums.count) / 2
        var out = [Double](repeating: sums[0], count: missing) + sums + [Double](repeating: sums[sums.count - 1], count: missing)
        if out.count < x.count { out.append(0) }
        return out
    }

    /// numpy's linear-interpolation percentile.
    static func percentile(_ x: [Double], _ q: Double) -> Double {
        let s = x.sorted()
        let pos = q / 100 * Double(s.count - 1)
        let lo = Int(pos), hi = min(lo + 1, s.count - 1)
        return s[lo] + (s[hi] - s[lo]) * (pos - Double(lo))
    }

    static func populationSD(_ x: [Double]) -> Double {
        let m = x.reduce(0, +) / Double(x.count)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)).squareRoot()
    }
}

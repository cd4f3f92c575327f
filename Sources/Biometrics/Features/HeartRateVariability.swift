#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Time-domain heart-rate variability of a run of beat-to-beat intervals.
public struct HRVSummary: Sendable, Hashable, Codable {
    /// Number of intervals.
    public var beats: Int
    /// Number of successive-difference pairs used (pairs across a gap are left out).
    public var successivePairs: Int
    /// Mean interval in milliseconds.
    public var meanNN: Double
    /// Mean heart rate in beats per minute (60 000 / meanNN).
    public var heartRate: Double
    /// Standard deviation of the intervals in milliseconds (sample SD, n − 1).
    public var sdnn: Double
    /// Root mean square of successive differences in milliseconds; nil without a successive pair.
    public var rmssd: Double?
    /// Percentage of successive differences above 50 ms (of the successive pairs); nil without one.
    public var pnn50: Double?
}

/// One window of an HRV analysis.
public struct HRVWindow: Sendable, Hashable, Codable {
    /// Absolute start of the window.
    public var start: Date
    /// Window length in seconds.
    public var length: Double
    /// The measures for the beats whose time falls in the window.
    public var summary: HRVSummary
}

/// Heart rate and time-domain HRV (RMSSD, SDNN, pNN50) from beat intervals, as NeuroKit2's
/// `hrv_time` computes them: SDNN with n − 1, RMSSD over successive differences only, where a
/// pair counts as successive when the beats' time difference equals the second interval within
/// 10 ms (so a pair spanning a dropped beat is left out). pNN50 divides by the number of
/// successive pairs (NeuroKit2 divides by that number + 1).
public enum HeartRateVariability {
    /// Tolerance, in milliseconds, of the successive-beat rule.
    public static let successiveTolerance = 10.0

    /// The measures for `intervals` (seconds) ending at beat `times` (seconds; nil: back to back).
    /// Returns nil for fewer than two intervals.
    public static func summary(intervals: [Double], times: [Double]? = nil) -> HRVSummary? {
        let rr = intervals.map { $0 * 1000 }.filter { !$0.isNaN }
        guard rr.count >= 2, times == nil || times!.count == intervals.count else { return nil }
        let n = Double(rr.count)
        let mean = rr.reduce(0, +) / n
        let sdnn = (rr.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        var squares = 0.0, pairs = 0, over50 = 0
        for i in 1..<intervals.count {
            let a = intervals[i - 1] * 1000, b = intervals[i] * 1000
            guard !a.isNaN, !b.isNaN else { continue }
            if let times, abs((times[i] - times[i - 1]) * 1000 - b) > successiveTolerance { continue }
            let d = b - a
            squares += d * d
            pairs += 1
            if abs(d) > 50 { over50 += 1 }
        }
        return HRVSummary(beats: rr.count, successivePairs: pairs, meanNN: mean, heartRate: 60_000 / mean, sdnn: sdnn,
                          rmssd: pairs > 0 ? (squares / Double(pairs)).squareRoot() : nil,
                          pnn50: pairs > 0 ? 100 * Double(over50) / Double(pairs) : nil)
    }

    /// The measures for the beats of an `rrInterval` stream in consecutive windows of `length`
    /// seconds from the stream's start (windows with fewer than two beats are left out).
    public static func windows(_ series: TimeSeries, length: Double = 60) -> [HRVWindow] {
        guard series.count > 0, length > 0 else { return [] }
        let offsets = (0..<series.count).map { series.offset(at: $0) }
        var out: [HRVWindow] = []
        var w = 0.0
        var i = 0
        let last = offsets.last ?? 0
        while w <= last {
            var j = i
            while j < offsets.count && offsets[j] < w + length { j += 1 }
            if j - i >= 2, let s = summary(intervals: Array(series.values[i..<j]), times: Array(offsets[i..<j])) {
                out.append(HRVWindow(start: series.start.addingTimeInterval(w), length: length, summary: s))
            }
            i = j
            w += length
        }
        return out
    }

    /// Instantaneous heart rate (bpm) at each beat of an `rrInterval` stream.
    public static func heartRate(from series: TimeSeries) -> TimeSeries {
        TimeSeries(participant: series.participant, source: series.source, kind: .heartRate, label: "HR from \(series.label)", unit: "bpm",
                   start: series.start, timing: .irregular(offsets: (0..<series.count).map { series.offset(at: $0) }),
                   values: series.values.map { $0 > 0 ? 60 / $0 : .nan })
    }
}

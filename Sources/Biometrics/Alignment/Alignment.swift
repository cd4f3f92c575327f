#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The statistics of one stream over one interval of the recording.
public struct IntervalStatistics: Sendable, Hashable, Codable {
    /// The interval.
    public var interval: TimelineInterval
    /// The stream's label, kind, unit and source.
    public var stream: String
    /// The stream's kind.
    public var kind: ChannelKind
    /// The stream's unit.
    public var unit: String
    /// The stream's source.
    public var source: String
    /// Number of samples (not gaps) in the interval.
    public var count: Int
    /// Mean of those samples; nil when there are none.
    public var mean: Double?
    /// Smallest sample.
    public var min: Double?
    /// Largest sample.
    public var max: Double?
    /// Fraction (0–1) of the interval the stream covers with data (see `Alignment`).
    public var coverage: Double
}

/// Lines streams up with a recording and summarises them per interval.
///
/// A sample belongs to an interval when its absolute time falls in `[start, end)` of the
/// interval mapped through the `RecordingClock`. Coverage is: for a regular stream, the valid
/// samples times the period over the interval's length; for beat intervals, the union of each
/// beat's own interval `[t − rr, t]` inside the span; for other irregular streams, each sample
/// holding until the next one, at most twice the median step.
public enum Alignment {
    /// Per-interval statistics for every stream (interval-major order).
    public static func statistics(streams: [TimeSeries], intervals: [TimelineInterval], clock: RecordingClock) -> [IntervalStatistics] {
        let steps = streams.map(medianStep)
        var rows: [IntervalStatistics] = []
        for interval in intervals {
            for (s, stream) in streams.enumerated() {
                let from = clock.absolute(interval.start).timeIntervalSince(stream.start)
                let to = clock.absolute(interval.end).timeIntervalSince(stream.start)
                let samples = stream.samples(fromOffset: from, toOffset: to)
                let values = samples.map(\.value)
                let length = interval.end - interval.start
                var coverage = 0.0
                if length > 0 {
                    if let hz = stream.sampleRate {
                        coverage = Double(values.count) / hz / length
                    } else {
                        coverage = covered(stream, from: from, to: to, maxStep: 2 * steps[s]) / length
                    }
                }
                rows.append(IntervalStatistics(
                    interval: interval, stream: stream.label, kind: stream.kind, unit: stream.unit, source: stream.source,
                    count: values.count, mean: values.isEmpty ? nil : values.reduce(0, +) / Double(values.count),
                    min: values.min(), max: values.max(), coverage: Swift.min(1, coverage)))
            }
        }
        return rows
    }

    /// HRV of the beats in each interval (nil when fewer than two beats fall in it).
    public static func heartRateVariability(_ beats: TimeSeries, intervals: [TimelineInterval], clock: RecordingClock) -> [HRVSummary?] {
        intervals.map { interval in
            let from = clock.absolute(interval.start).timeIntervalSince(beats.start)
            let to = clock.absolute(interval.end).timeIntervalSince(beats.start)
            let samples = beats.samples(fromOffset: from, toOffset: to)
            return HeartRateVariability.summary(intervals: samples.map(\.value), times: samples.map(\.offset))
        }
    }

    /// The statistics as CSV (header row; `.` decimals; labels quoted when needed).
    public static func csv(_ rows: [IntervalStatistics]) -> String {
        func number(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        func quoted(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : s
        }
        var out = "label,start,end,stream,kind,unit,source,n,mean,min,max,coverage\n"
        for r in rows {
            out += [quoted(r.interval.label), number(r.interval.start), number(r.interval.end), quoted(r.stream), r.kind.rawValue, quoted(r.unit),
                    quoted(r.source), "\(r.count)", number(r.mean), number(r.min), number(r.max), number(r.coverage)].joined(separator: ",") + "\n"
        }
        return out
    }

    static func medianStep(_ stream: TimeSeries) -> Double {
        guard let offsets = stream.offsets, offsets.count >= 2 else { return 0 }
        let steps = zip(offsets.dropFirst(), offsets).map { $0 - $1 }.sorted()
        return steps[steps.count / 2]
    }

    /// Seconds of `[from, to)` covered by an irregular stream's samples.
    static func covered(_ stream: TimeSeries, from: Double, to: Double, maxStep: Double) -> Double {
        guard let offsets = stream.offsets, !offsets.isEmpty else { return 0 }
        var spans: [(Double, Double)] = []
        for i in offsets.indices where !stream.values[i].isNaN {
            let t = offsets[i]
            if stream.kind == .rrInterval {
                spans.append((t - stream.values[i], t))
            } else {
                let next = i + 1 < offsets.count ? offsets[i + 1] - t : maxStep / 2
                spans.append((t, t + Swift.min(next, maxStep)))
            }
        }
        var total = 0.0, reach = -Double.infinity
        for (a, b) in spans.sorted(by: { $0.0 < $1.0 }) {
            let lo = Swift.max(a, from, reach), hi = Swift.min(b, to)
            if hi > lo { total += hi - lo }
            reach = Swift.max(reach, b)
        }
        return total
    }
}

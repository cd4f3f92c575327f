#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One channel of physiological data: values in physical units at known absolute UTC times.
///
/// A stream is either sampled at a regular rate from `start`, or carries an explicit offset
/// in seconds from `start` for every value. Gaps stay gaps: a regular stream marks a missing
/// sample with `Double.nan`, an irregular stream simply has no sample there.
public struct TimeSeries: Sendable, Hashable, Codable {
    /// How the samples are placed in time.
    public enum Timing: Sendable, Hashable, Codable {
        /// One sample every `1 / hz` seconds from the start.
        case regular(hz: Double)
        /// Seconds from the start for each value (same count as the values, non-decreasing).
        case irregular(offsets: [Double])
    }

    /// The pseudonymous participant who wore the device, when known.
    public var participant: String?
    /// The device or data source (e.g. "Empatica E4", "Garmin fenix 5", an Apple Health sourceName).
    public var source: String
    /// What the stream measures.
    public var kind: ChannelKind
    /// The channel's label as the file names it (e.g. "EEG Fpz-Cz", "BVP").
    public var label: String
    /// The physical unit of `values` (e.g. "bpm", "s", "uS", "g", "degC").
    public var unit: String
    /// The absolute UTC time of the first sample (or of offset zero).
    public var start: Date
    /// Regular rate or explicit per-sample offsets.
    public var timing: Timing
    /// The samples in physical units; `nan` marks a gap in a regular stream.
    public var values: [Double]

    /// Creates a stream; irregular offsets must match the values in count.
    public init(
        participant: String? = nil, source: String, kind: ChannelKind, label: String, unit: String,
        start: Date, timing: Timing, values: [Double]
    ) {
        if case .irregular(let offsets) = timing {
            precondition(offsets.count == values.count, "one offset per value")
        }
        self.participant = participant
        self.source = source
        self.kind = kind
        self.label = label
        self.unit = unit
        self.start = start
        self.timing = timing
        self.values = values
    }

    /// The sample rate in Hz for a regular stream, `nil` for an irregular one.
    public var sampleRate: Double? {
        if case .regular(let hz) = timing { return hz }
        return nil
    }

    /// The explicit offsets in seconds for an irregular stream, `nil` for a regular one.
    public var offsets: [Double]? {
        if case .irregular(let offsets) = timing { return offsets }
        return nil
    }

    /// Number of samples.
    public var count: Int { values.count }

    /// Seconds from `start` of sample `index`.
    public func offset(at index: Int) -> Double {
        switch timing {
        case .regular(let hz): Double(index) / hz
        case .irregular(let offsets): offsets[index]
        }
    }

    /// Seconds covered: from the first sample to the end of the last sample period
    /// (a regular stream) or to the last timestamp (an irregular one).
    public var duration: Double {
        switch timing {
        case .regular(let hz): Double(values.count) / hz
        case .irregular(let offsets): (offsets.last ?? 0) - (offsets.first ?? 0)
        }
    }

    /// The absolute time just after the last sample.
    public var end: Date {
        switch timing {
        case .regular: start.addingTimeInterval(duration)
        case .irregular(let offsets): start.addingTimeInterval(offsets.last ?? 0)
        }
    }

    /// Number of values that are not gaps (not NaN).
    public var validCount: Int { values.reduce(0) { $0 + ($1.isNaN ? 0 : 1) } }

    /// The samples whose time falls in `[from, to)` seconds after `start`, as (offset, value) pairs,
    /// gaps (NaN) left out.
    public func samples(fromOffset from: Double, toOffset to: Double) -> [(offset: Double, value: Double)] {
        var out: [(offset: Double, value: Double)] = []
        switch timing {
        case .regular(let hz):
            let first = max(0, Int((from * hz).rounded(.up)))
            let last = min(values.count, Int((to * hz).rounded(.up)))
            guard first < last else { return [] }
            out.reserveCapacity(last - first)
            for i in first..<last where !values[i].isNaN { out.append((Double(i) / hz, values[i])) }
        case .irregular(let offsets):
            var lo = 0, hi = offsets.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if offsets[mid] < from { lo = mid + 1 } else { hi = mid }
            }
            var i = lo
            while i < offsets.count && offsets[i] < to {
                if !values[i].isNaN { out.append((offsets[i], values[i])) }
                i += 1
            }
        }
        return out
    }

    /// Bit-for-bit identity of the values (so a gap, NaN, equals itself and a store round trip can be
    /// checked with `==`), and ordinary equality of everything else.
    public static func == (lhs: TimeSeries, rhs: TimeSeries) -> Bool {
        lhs.participant == rhs.participant && lhs.source == rhs.source && lhs.kind == rhs.kind && lhs.label == rhs.label
            && lhs.unit == rhs.unit && lhs.start == rhs.start && lhs.timing == rhs.timing
            && lhs.values.count == rhs.values.count && zip(lhs.values, rhs.values).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(participant)
        hasher.combine(source)
        hasher.combine(kind)
        hasher.combine(label)
        hasher.combine(unit)
        hasher.combine(start)
        hasher.combine(timing)
        for v in values { hasher.combine(v.bitPattern) }
    }

    /// A copy with the start moved by `seconds` (positive: later), e.g. to correct a clock offset.
    public func shifted(by seconds: Double) -> TimeSeries {
        var copy = self
        copy.start = start.addingTimeInterval(seconds)
        return copy
    }
}

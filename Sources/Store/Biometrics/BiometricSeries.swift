import Foundation

/// A stream of a participant linked to a recording, on the recording's timeline and reduced to a
/// few points for plotting beside the transcript.
public struct BiometricSeries: Codable, Sendable, Hashable {
    /// How samples are reduced to at most `points` points.
    public enum Reduction: String, Codable, Sendable, Hashable, CaseIterable {
        /// One point per bucket: the mean of its samples, at the bucket's middle.
        case mean
        /// Two points per bucket: its smallest and its largest sample, at their own times.
        case minmax
    }

    /// The stored stream.
    public var streamID: Int64
    /// Its kind (a `ChannelKind` raw value).
    public var kind: String
    /// Its unit.
    public var unit: String
    /// Its device or source.
    public var source: String
    /// The participant who wore it (pseudonym).
    public var participant: String
    /// Seconds from the recording's start.
    public var times: [Double]
    /// The values; `nil` marks a gap (no valid sample in that bucket, or a gap sample).
    public var values: [Double?]

    /// Creates a series.
    public init(
        streamID: Int64, kind: String, unit: String, source: String, participant: String, times: [Double], values: [Double?]
    ) {
        self.streamID = streamID
        self.kind = kind
        self.unit = unit
        self.source = source
        self.participant = participant
        self.times = times
        self.values = values
    }

    /// Encodes every key, gaps as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(streamID, forKey: .streamID)
        try container.encode(kind, forKey: .kind)
        try container.encode(unit, forKey: .unit)
        try container.encode(source, forKey: .source)
        try container.encode(participant, forKey: .participant)
        try container.encode(times, forKey: .times)
        var values = container.nestedUnkeyedContainer(forKey: .values)
        for value in self.values {
            if let value, value.isFinite { try values.encode(value) } else { try values.encodeNil() }
        }
    }

    /// Reduces samples at `times` (seconds, increasing; `nan` values are gaps) to at most `points`
    /// points: returned as they are when they fit, else bucketed over their own time span.
    public static func reduce(times: [Double], values: [Double], points: Int, reduction: Reduction) -> (times: [Double], values: [Double?])
    {
        precondition(times.count == values.count, "one time per value")
        guard times.count > points, points > 0, let first = times.first, let last = times.last else {
            return (times, values.map { $0.isNaN ? nil : $0 })
        }
        let buckets = reduction == .mean ? points : max(1, points / 2)
        let width = (last - first) / Double(buckets)
        var outTimes: [Double] = [], outValues: [Double?] = []
        outTimes.reserveCapacity(points)
        outValues.reserveCapacity(points)
        var i = 0
        for b in 0..<buckets {
            let upper = b == buckets - 1 ? Double.infinity : first + Double(b + 1) * width
            var sum = 0.0, count = 0
            var low: (t: Double, v: Double)?, high: (t: Double, v: Double)?
            while i < times.count && times[i] < upper {
                let v = values[i]
                if !v.isNaN {
                    sum += v
                    count += 1
                    if low == nil || v < low!.v { low = (times[i], v) }
                    if high == nil || v > high!.v { high = (times[i], v) }
                }
                i += 1
            }
            let middle = first + (Double(b) + 0.5) * width
            guard count > 0, let low, let high else {
                outTimes.append(middle)
                outValues.append(nil)
                continue
            }
            switch reduction {
            case .mean:
                outTimes.append(middle)
                outValues.append(sum / Double(count))
            case .minmax:
                let pair = low.t <= high.t ? [low, high] : [high, low]
                outTimes += pair.map(\.t)
                outValues += pair.map(\.v)
            }
        }
        return (outTimes, outValues)
    }
}

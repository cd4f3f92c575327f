#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// From (time, value) rows to a stream's timing: a regular grid when the times allow it, explicit
/// offsets otherwise, and never a row dropped because it repeats a timestamp.
extension CSVImporter {
    /// A stream from (time, value) rows, sorted by time (rows at the same time keep their order).
    ///
    /// - Times on a regular grid give a regular stream with NaN in the missing slots.
    /// - Rows that repeat timestamps because the clock ticks more coarsely than the signal is
    ///   sampled (a 100 Hz PPG stamped every 16 ms) give a regular stream of every row, at the rate
    ///   of the whole file (rows over span) unless `Options.sampleRate` gives it.
    /// - Otherwise an empty field at a time another row gives a value is no sample (rows that split
    ///   one instant's columns), and the remaining repeats are kept as irregular samples.
    ///
    /// What was done with repeated timestamps is said in `notes`.
    func makeStream(name: String, samples unsorted: [(Double, Double)], notes: inout [String]) -> TimeSeries {
        let (kind, unit) = kindAndUnit(of: name)
        func stream(_ samples: [(Double, Double)], _ timing: TimeSeries.Timing, _ values: [Double]) -> TimeSeries {
            TimeSeries(
                participant: options.participant, source: options.source, kind: kind, label: name, unit: unit,
                start: Date(timeIntervalSince1970: samples[0].0), timing: timing, values: values)
        }
        // Exports are nearly always in time order already: sort (stably) only when they are not.
        let inOrder = zip(unsorted.dropFirst(), unsorted).allSatisfy { $0.0 >= $1.0 }
        let sorted =
            inOrder
            ? unsorted
            : unsorted.enumerated().sorted { $0.element.0 != $1.element.0 ? $0.element.0 < $1.element.0 : $0.offset < $1.offset }
                .map(\.element)
        let repeats = Self.repeatedTimes(sorted)
        if repeats > 0, let (rate, tick) = Self.coarseClock(sorted.map { $0.0 - sorted[0].0 }, given: options.sampleRate) {
            notes.append(
                "\(name): \(repeats) of \(sorted.count) rows repeat a timestamp (the clock ticks every \(Self.milliseconds(tick)) ms): "
                    + "every row was kept, as a regular signal at \(Self.rounded(rate)) Hz"
                    + (options.sampleRate == nil ? ", the rate estimated from the whole file" : ""))
            return stream(sorted, .regular(hz: rate), sorted.map(\.1))
        }
        // Without repeated times there is nothing to merge: the rows are the samples.
        var samples = sorted
        var emptyFields = 0
        if repeats > 0 {
            samples = []
            samples.reserveCapacity(sorted.count)
            for s in sorted {
                if let last = samples.last, last.0 == s.0, s.1.isNaN || last.1.isNaN {
                    emptyFields += 1
                    if last.1.isNaN { samples[samples.count - 1] = s }
                    continue
                }
                samples.append(s)
            }
        }
        if emptyFields > 0 {
            notes.append("\(name): \(emptyFields) empty field(s) at a time another row gives a value there were not counted as samples")
        }
        let offsets = samples.map { $0.0 - samples[0].0 }
        let remaining = Self.repeatedTimes(samples)
        if remaining > 0 {
            notes.append("\(name): \(remaining) of \(samples.count) rows repeat a timestamp: every row was kept, as irregular samples")
            return stream(samples, .irregular(offsets: offsets), samples.map(\.1))
        }
        let timing = Self.regularTiming(offsets, given: options.sampleRate)
        guard case .regular(let hz) = timing else { return stream(samples, timing, samples.map(\.1)) }
        var grid = [Double](repeating: .nan, count: Int(((offsets.last ?? 0) * hz).rounded()) + 1)
        for (o, s) in zip(offsets, samples) { grid[Int((o * hz).rounded())] = s.1 }
        return stream(samples, timing, grid)
    }

    /// A stream from times and values apart, as ``makeStream(name:samples:notes:)`` makes it from
    /// (time, value) rows. The usual clean export (times increasing, on a regular grid with no slot
    /// empty) is recognised in one pass over the times, and `values` becomes the stream's values
    /// as it is: no rows, offsets or grid are built.
    func makeStream(name: String, times: [Double], values: [Double], notes: inout [String]) -> TimeSeries {
        if let hz = Self.filledGrid(times, given: options.sampleRate) {
            let (kind, unit) = kindAndUnit(of: name)
            return TimeSeries(
                participant: options.participant, source: options.source, kind: kind, label: name, unit: unit,
                start: Date(timeIntervalSince1970: times[0]), timing: .regular(hz: hz), values: values)
        }
        return makeStream(name: name, samples: Array(zip(times, values)), notes: &notes)
    }

    /// The rate of times that are increasing and fill a regular grid, sample `i` in slot `i`,
    /// exactly as ``makeStream(name:samples:notes:)`` would place them; nil otherwise.
    static func filledGrid(_ times: [Double], given rate: Double?) -> Double? {
        guard let first = times.first else { return nil }
        for k in times.indices.dropFirst() where !(times[k] > times[k - 1]) { return nil }
        guard case .regular(let hz) = regularTiming(times: times, origin: first, given: rate),
            Int(((times[times.count - 1] - first) * hz).rounded()) + 1 == times.count
        else { return nil }
        // Slot `k` is `Int((offset × hz).rounded())`: the offsets are not negative, so it is `k`
        // exactly when `k - 0.5 ≤ offset × hz < k + 0.5` (0.5 rounds away from zero), without `round`.
        for (k, time) in times.enumerated() {
            let slot = (time - first) * hz
            guard slot >= Double(k) - 0.5, slot < Double(k) + 0.5 else { return nil }
        }
        return hz
    }

    /// How many rows have the same time as the row before (rows sorted by time).
    static func repeatedTimes(_ rows: [(Double, Double)]) -> Int {
        zip(rows.dropFirst(), rows).reduce(0) { $0 + ($1.0.0 == $1.1.0 ? 1 : 0) }
    }

    /// The rate and clock tick of rows sampled faster than their clock ticks: every step between
    /// rows is 0 or about one tick (the median non-zero step), there are more rows than ticks, and
    /// row `i` lies within a tick and a half of `i / rate`; nil otherwise.
    static func coarseClock(_ offsets: [Double], given: Double?) -> (rate: Double, tick: Double)? {
        guard offsets.count >= 3, let span = offsets.last, span > 0 else { return nil }
        let steps = zip(offsets.dropFirst(), offsets).map { $0 - $1 }.filter { $0 > 0 }.sorted()
        guard let longest = steps.last else { return nil }
        let tick = steps[steps.count / 2]
        let rate = given ?? Double(offsets.count - 1) / span
        guard longest <= 1.5 * tick, rate * tick > 1, rate.isFinite else { return nil }
        for (i, offset) in offsets.enumerated() where abs(Double(i) / rate - offset) > 1.5 * tick { return nil }
        return (rate, tick)
    }

    static func milliseconds(_ seconds: Double) -> String { rounded(seconds * 1000) }

    /// A number with at most three decimals, for notes.
    static func rounded(_ value: Double) -> String {
        let r = (value * 1000).rounded() / 1000
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// Regular timing when every step is a whole multiple (within 2 %) of the sampling period
    /// (the given rate's, or the median step's), else explicit offsets.
    static func regularTiming(_ offsets: [Double], given rate: Double?) -> TimeSeries.Timing {
        regularTiming(times: offsets, origin: 0, given: rate)
    }

    /// ``regularTiming(_:given:)`` of the offsets `times[k] - origin`, computed as they are needed.
    static func regularTiming(times: [Double], origin: Double, given rate: Double?) -> TimeSeries.Timing {
        func irregular() -> TimeSeries.Timing { .irregular(offsets: origin == 0 ? times : times.map { $0 - origin }) }
        let n = times.count
        guard n >= 3 else { return irregular() }
        // The median step; when every step is the same (a clean export), without sorting a copy.
        var smallest = Double.infinity, largest = -Double.infinity
        for k in 1..<n {
            let step = (times[k] - origin) - (times[k - 1] - origin)
            smallest = min(smallest, step)
            largest = max(largest, step)
        }
        let median =
            smallest == largest
            ? smallest : (1..<n).map { (times[$0] - origin) - (times[$0 - 1] - origin) }.sorted()[(n - 1) / 2]
        let period = rate.map { 1 / $0 } ?? median
        guard period > 0, period.isFinite else { return irregular() }
        let slots = ((times[n - 1] - origin) / period).rounded() + 1
        guard slots.isFinite, slots <= Double(4 * n) else { return irregular() }
        for time in times {
            let k = (time - origin) / period
            if abs(k - k.rounded()) > 0.02 { return irregular() }
        }
        return .regular(hz: 1 / period)
    }
}

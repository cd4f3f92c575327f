#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One skin-conductance response (SCR).
public struct SkinConductanceResponse: Sendable, Hashable, Codable {
    /// Sample index of the peak in the analysed stream.
    public var peakIndex: Int
    /// Sample index of the onset (the last trough before the peak).
    public var onsetIndex: Int
    /// Absolute time of the peak.
    public var time: Date
    /// Phasic rise from onset to peak, in the stream's unit (µS).
    public var amplitude: Double
}

/// Tonic level, phasic component and SCRs of an EDA stream.
public struct EDAAnalysis: Sendable, Hashable {
    /// The slow tonic level (skin-conductance level), same timing as the input.
    public var tonic: TimeSeries
    /// Input minus tonic.
    public var phasic: TimeSeries
    /// The detected responses in time order.
    public var responses: [SkinConductanceResponse]

    /// The responses as an irregular stream of amplitudes at the peak times, so that per-interval
    /// statistics give the SCR count (`count`) and amplitudes (`mean`, `max`).
    public var responseStream: TimeSeries {
        TimeSeries(participant: phasic.participant, source: phasic.source, kind: .eda, label: "SCR amplitude", unit: phasic.unit,
                   start: phasic.start, timing: .irregular(offsets: responses.map { $0.time.timeIntervalSince(phasic.start) }),
                   values: responses.map(\.amplitude))
    }
}

/// EDA decomposition and SCR detection, following NeuroKit2's `smoothmedian` decomposition and
/// `neurokit` peak method: tonic = running median over `window` seconds (kernel made odd, edges
/// padded with the edge value), phasic = EDA − tonic; SCR peaks are the phasic local maxima
/// (plateaus at their middle); the onset is the last local minimum before the peak; amplitude =
/// phasic(peak) − phasic(onset). A response counts when its amplitude reaches an absolute
/// threshold, so the same minutes give the same responses in a recording of any length. Gaps
/// (NaN) are skipped by the median and break peaks.
public enum ElectrodermalActivity {
    /// Which peaks count as responses.
    public enum Threshold: Sendable, Hashable {
        /// An amplitude (onset to peak) of at least this many µS, wherever the response lies.
        case amplitude(Double)
        /// A prominence of at least this fraction of the largest in the stream analysed
        /// (NeuroKit2's `amplitude_min` rule): the count then depends on the span read.
        case relativeToLargest(Double)
    }

    /// The default minimum amplitude, 0.005 µS. NeuroKit2's default `eda_process` keeps responses
    /// above 10 % of the largest, which on the Empatica E4 sample is 0.0043 µS; a fixed value near it
    /// finds as many responses (within 10 %) without depending on the span. The 0.01–0.05 µS of the
    /// EDA literature (palmar electrodes) can be asked for with `.amplitude(0.01)`.
    public static let defaultMinimumAmplitude = 0.005

    /// Decomposes and detects responses in a regular EDA stream.
    public static func analyze(
        _ series: TimeSeries, window: Double = 4, threshold: Threshold = .amplitude(defaultMinimumAmplitude)
    ) -> EDAAnalysis? {
        guard let rate = series.sampleRate, series.count > 2 else { return nil }
        var size = Int((window * rate).rounded())
        if size % 2 == 0 { size += 1 }
        let tonic = runningMedian(series.values, size: size)
        let phasic = zip(series.values, tonic).map { $0 - $1 }
        var tonicSeries = series, phasicSeries = series
        tonicSeries.values = tonic
        tonicSeries.label = series.label + " tonic"
        phasicSeries.values = phasic
        phasicSeries.label = series.label + " phasic"
        let responses = detectResponses(phasic, threshold: threshold).map {
            SkinConductanceResponse(peakIndex: $0.peak, onsetIndex: $0.onset, time: series.start.addingTimeInterval(Double($0.peak) / rate), amplitude: $0.amplitude)
        }
        return EDAAnalysis(tonic: tonicSeries, phasic: phasicSeries, responses: responses)
    }

    /// Running median with an odd kernel, edge-value padding, NaNs ignored (NaN where all are NaN).
    static func runningMedian(_ x: [Double], size: Int) -> [Double] {
        let half = size / 2
        guard !x.isEmpty else { return [] }
        func at(_ i: Int) -> Double { x[min(max(i, 0), x.count - 1)] }
        var window: [Double] = []  // sorted, NaN excluded
        window.reserveCapacity(size)
        func insert(_ v: Double) {
            guard !v.isNaN else { return }
            var lo = 0, hi = window.count
            while lo < hi { let m = (lo + hi) / 2; if window[m] < v { lo = m + 1 } else { hi = m } }
            window.insert(v, at: lo)
        }
        func remove(_ v: Double) {
            guard !v.isNaN else { return }
            var lo = 0, hi = window.count
            while lo < hi { let m = (lo + hi) / 2; if window[m] < v { lo = m + 1 } else { hi = m } }
            window.remove(at: lo)
        }
        for i in -half...half { insert(at(i)) }
        var out = [Double](repeating: .nan, count: x.count)
        for i in 0..<x.count {
            if !window.isEmpty {
                let c = window.count
                out[i] = c % 2 == 1 ? window[c / 2] : (window[c / 2 - 1] + window[c / 2]) / 2
            }
            remove(at(i - half))
            insert(at(i + half + 1))
        }
        return out
    }

    /// Local maxima as scipy's `find_peaks` finds them (a plateau counts once, at its middle).
    static func localMaxima(_ x: [Double]) -> [Int] {
        var peaks: [Int] = []
        var i = 1
        let last = x.count - 1
        while i < last {
            if x[i - 1] < x[i] {
                var ahead = i + 1
                while ahead < last && x[ahead] == x[i] { ahead += 1 }
                if x[ahead] < x[i] {
                    peaks.append((i + ahead - 1) / 2)
                    i = ahead
                }
            }
            i += 1
        }
        return peaks
    }

    /// Topographic prominence of each peak (scipy's `peak_prominences` without a window).
    static func prominences(_ x: [Double], _ peaks: [Int]) -> [Double] {
        peaks.map { p in
            var leftMin = x[p], i = p
            while i >= 0 && x[i] <= x[p] { leftMin = min(leftMin, x[i]); i -= 1 }
            var rightMin = x[p]
            i = p
            while i < x.count && x[i] <= x[p] { rightMin = min(rightMin, x[i]); i += 1 }
            return x[p] - max(leftMin, rightMin)
        }
    }

    /// SCRs in a phasic signal: (peak, onset, amplitude).
    static func detectResponses(_ phasic: [Double], threshold: Threshold) -> [(peak: Int, onset: Int, amplitude: Double)] {
        var peaks = localMaxima(phasic)
        if case .relativeToLargest(let fraction) = threshold {
            let prominence = prominences(phasic, peaks)
            guard let largest = prominence.max(), largest > 0 else { return [] }
            peaks = zip(peaks, prominence).filter { $0.1 / largest >= fraction }.map(\.0)
        }
        let troughs = localMaxima(phasic.map { -$0 })
        var out: [(peak: Int, onset: Int, amplitude: Double)] = []
        var t = 0
        for peak in peaks {
            while t < troughs.count && troughs[t] < peak { t += 1 }
            guard t > 0 else { continue }  // no trough before this peak
            let onset = troughs[t - 1]
            let amplitude = phasic[peak] - phasic[onset]
            if case .amplitude(let minimum) = threshold, !(amplitude >= minimum) { continue }
            out.append((peak, onset, amplitude))
        }
        return out
    }
}

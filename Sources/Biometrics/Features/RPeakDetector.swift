/// R-peak detection in an ECG as NeuroKit2 does by default (`ecg_clean` and `ecg_peaks` with
/// method "neurokit"), and the beat intervals that follow for heart rate and HRV.
///
/// Cleaning: 0.5 Hz order-5 Butterworth high-pass, then a moving average over one 50 Hz period
/// (two samples below 100 Hz), both zero-phase. Detection: the absolute gradient is smoothed
/// over 0.1 s (boxcar, edges repeated) and compared with 1.5 times its own 0.75 s average; each
/// region above it is a QRS complex unless shorter than 0.4 times the mean QRS length; its
/// R peak is its most prominent local maximum, kept when more than 0.3 s after the last peak.
public enum RPeakDetector {
    /// The ECG cleaned as NeuroKit2's `ecg_clean` (method "neurokit") cleans it.
    public static func clean(_ x: [Double], sampleRate: Double) -> [Double] {
        let highpass = ButterworthFilter.highpass(order: 5, cutoff: 0.5, sampleRate: sampleRate)
        let powerline = ButterworthFilter.movingAverage(width: sampleRate >= 100 ? Int(sampleRate / 50) : 2)
        return powerline.filtfilt(highpass.filtfilt(x))
    }

    /// Sample indices of the R peaks in a cleaned ECG without gaps.
    public static func peaks(cleaned x: [Double], sampleRate: Double) -> [Int] {
        let n = x.count
        let smoothSize = Int((0.1 * sampleRate).rounded(.toNearestOrEven)), averageSize = Int((0.75 * sampleRate).rounded(.toNearestOrEven))
        guard n > 2, smoothSize >= 1, averageSize >= 1, averageSize <= n else { return [] }
        var gradient = [Double](repeating: 0, count: n)
        gradient[0] = abs(x[1] - x[0])
        gradient[n - 1] = abs(x[n - 1] - x[n - 2])
        for i in 1..<(n - 1) { gradient[i] = abs((x[i + 1] - x[i - 1]) / 2) }
        let smooth = boxcar(gradient, size: smoothSize)
        let average = boxcar(smooth, size: averageSize)
        var begins: [Int] = [], ends: [Int] = []
        var inside = smooth[0] > 1.5 * average[0]
        for i in 1..<n {
            let now = smooth[i] > 1.5 * average[i]
            if now && !inside { begins.append(i - 1) }
            if !now && inside { ends.append(i - 1) }
            inside = now
        }
        guard let first = begins.first else { return [] }
        ends.removeAll { $0 <= first }
        let count = min(begins.count, ends.count)
        guard count > 0 else { return [] }
        let minimumLength = Double((0..<count).reduce(0) { $0 + ends[$1] - begins[$1] }) / Double(count) * 0.4
        let minimumDelay = Int((0.3 * sampleRate).rounded(.toNearestOrEven))
        var peaks = [0]
        for k in 0..<count where Double(ends[k] - begins[k]) >= minimumLength {
            let complex = Array(x[begins[k]..<ends[k]])
            let maxima = ElectrodermalActivity.localMaxima(complex)
            guard !maxima.isEmpty else { continue }
            let prominence = ElectrodermalActivity.prominences(complex, maxima)
            var best = 0
            for j in maxima.indices where prominence[j] > prominence[best] { best = j }
            let peak = begins[k] + maxima[best]
            if peak - peaks[peaks.count - 1] > minimumDelay { peaks.append(peak) }
        }
        return Array(peaks.dropFirst())
    }

    /// The beat-to-beat intervals of a regular ECG stream: an irregular `rrInterval` stream (s),
    /// one value per beat after the first, at that beat's time. Stretches between gaps (NaN) are
    /// cleaned and searched apart, and no interval spans a gap. Nil for an irregular stream.
    public static func intervals(_ series: TimeSeries) -> TimeSeries? {
        guard let rate = series.sampleRate else { return nil }
        var offsets: [Double] = [], values: [Double] = []
        var start = 0
        while start < series.count {
            while start < series.count, series.values[start].isNaN { start += 1 }
            var end = start
            while end < series.count, !series.values[end].isNaN { end += 1 }
            // Shorter stretches cannot hold the filters' padding and two beats.
            if end - start > Int(2 * rate) {
                let found = peaks(cleaned: clean(Array(series.values[start..<end]), sampleRate: rate), sampleRate: rate)
                for i in found.indices.dropFirst() {
                    offsets.append(Double(start + found[i]) / rate)
                    values.append(Double(found[i] - found[i - 1]) / rate)
                }
            }
            start = end
        }
        return TimeSeries(
            participant: series.participant, source: series.source, kind: .rrInterval, label: "R-R from \(series.label)", unit: "s",
            start: series.start, timing: .irregular(offsets: offsets), values: values)
    }

    /// SciPy's `uniform_filter1d(x, size, mode="nearest")`: the mean of `size` samples from
    /// `i − size/2`, the edge samples repeated beyond the ends.
    static func boxcar(_ x: [Double], size: Int) -> [Double] {
        let n = x.count, half = size / 2
        func at(_ i: Int) -> Double { x[min(max(i, 0), n - 1)] }
        var sum = 0.0
        for j in -half..<(size - half) { sum += at(j) }
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            out[i] = sum / Double(size)
            sum += at(i + size - half) - at(i - half)
        }
        return out
    }
}

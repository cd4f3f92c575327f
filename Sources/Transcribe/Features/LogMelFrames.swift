import COpenBLAS
import Foundation

/// The `log10` mel power of any run of frames of a recording, exactly as if the whole recording
/// had been padded and framed at once (160 zero samples appended, reflect padding of 200 at both
/// ends), so that a window's features can be computed on their own. Before the floor at the
/// global maximum minus 8 and the `(x + 4) / 4` scaling, which need the whole recording's maximum.
struct LogMelFrames {
    /// Frames computed per matrix product.
    static let block = 1000

    let melBins: Int
    private let window: [Float]
    private let filters: [Float]

    init(melBins: Int) {
        self.melBins = melBins
        let fft = LogMelSpectrogram.fftSize
        window = (0..<fft).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(fft))) }
        filters = LogMelSpectrogram.melFilters(melBins: melBins)
    }

    /// Writes the `log10` mel power of `frames` (at most ``block``) frame-major into `out` and returns their largest value.
    func compute(_ samples: [Float], frames: Range<Int>, into out: UnsafeMutablePointer<Float>) -> Float {
        let fft = LogMelSpectrogram.fftSize
        let hop = LogMelSpectrogram.hopLength
        let bins = fft / 2 + 1
        let count = frames.count
        precondition(count <= Self.block, "at most \(Self.block) frames at a time")
        guard count > 0 else { return -.infinity }
        // The padded signal over these frames: index g of the whole padded recording is content
        // g - 200, reflected at both ends, the content being the samples then 160 zeros.
        let half = fft / 2
        let n = samples.count + hop
        func content(_ index: Int) -> Float { index < samples.count ? samples[index] : 0 }
        func padded(_ g: Int) -> Float {
            if g < half { return n > half - g ? content(half - g) : 0 }
            if g < half + n { return content(g - half) }
            let index = g - half - n
            return n >= index + 2 ? content(n - 2 - index) : 0
        }
        var frameMatrix = [Float](repeating: 0, count: count * fft)
        for row in 0..<count {
            let offset = (frames.lowerBound + row) * hop
            for k in 0..<fft { frameMatrix[row * fft + k] = padded(offset + k) * window[k] }
        }
        var spectrum = [Float](repeating: 0, count: count * 2 * bins)
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(count), Int32(2 * bins), Int32(fft), 1,
            frameMatrix, Int32(fft), LogMelSpectrogram.dftBasis, Int32(2 * bins), 0, &spectrum, Int32(2 * bins))
        var power = [Float](repeating: 0, count: count * bins)
        for row in 0..<count {
            for k in 0..<bins {
                let re = spectrum[row * 2 * bins + k]
                let im = spectrum[row * 2 * bins + bins + k]
                power[row * bins + k] = re * re + im * im
            }
        }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(melBins), Int32(bins), 1,
            power, Int32(bins), filters, Int32(bins), 0, out, Int32(melBins))
        var maximum = -Float.infinity
        for index in 0..<(count * melBins) {
            let value = log10(max(out[index], 1e-10))
            out[index] = value
            maximum = max(maximum, value)
        }
        return maximum
    }
}

import COpenBLAS
import Foundation

/// Whisper's log-mel features of 16 kHz mono audio: 80 bins every 10 ms.
///
/// Computed as Whisper (and faster-whisper) do: 160 zero samples appended, a periodic Hann
/// window of 400 samples, hop 160, reflect padding of 200 at both ends (torch.stft's
/// `center=True`), power spectrum with the last frame dropped, Slaney mel filterbank (computed,
/// not stored), `log10(max(x, 1e-10))`, floor at the global maximum minus 8, then `(x + 4) / 4`.
/// The DFT of size 400 is a product with a precomputed cosine/sine basis through `cblas_sgemm`.
public struct LogMelSpectrogram: Sendable {
    /// Audio samples per second expected.
    public static let sampleRate = 16_000
    /// DFT size (25 ms).
    public static let fftSize = 400
    /// Samples between frames (10 ms).
    public static let hopLength = 160
    /// Frames in a 30-second window.
    public static let windowFrames = 3000

    /// Mel bins per frame.
    public let melBins: Int
    /// Frames computed (`samples / 160 + 1`; the last one covers only padding).
    public let frameCount: Int
    /// Values, frame-major: `values[frame * melBins + bin]`.
    public let values: [Float]

    /// Frames that hold audio content (the last frame is padding only), as faster-whisper counts.
    public var contentFrames: Int { max(frameCount - 1, 0) }

    /// Computes the features of `samples` (16 kHz mono).
    public init(samples: [Float], melBins: Int = 80) {
        self.melBins = melBins
        let fft = Self.fftSize
        let bins = fft / 2 + 1
        var padded = [Float](repeating: 0, count: samples.count + Self.hopLength + fft)
        // Content then 160 zeros, reflect-padded by 200 on each side.
        let content = samples + [Float](repeating: 0, count: Self.hopLength)
        let n = content.count
        let half = fft / 2
        for index in 0..<n { padded[half + index] = content[index] }
        for index in 0..<half {
            padded[half - 1 - index] = n > index + 1 ? content[index + 1] : 0
            padded[half + n + index] = n >= index + 2 ? content[n - 2 - index] : 0
        }
        let frames = 1 + (padded.count - fft) / Self.hopLength - 1
        frameCount = frames
        let window = (0..<fft).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(fft))) }
        let basis = Self.dftBasis
        let filters = Self.melFilters(melBins: melBins)
        var output = [Float](repeating: 0, count: frames * melBins)
        let block = 1000
        var frameMatrix = [Float](repeating: 0, count: block * fft)
        var spectrum = [Float](repeating: 0, count: block * 2 * bins)
        var power = [Float](repeating: 0, count: block * bins)
        var maximum = -Float.infinity
        var start = 0
        while start < frames {
            let count = min(block, frames - start)
            for row in 0..<count {
                let offset = (start + row) * Self.hopLength
                for k in 0..<fft { frameMatrix[row * fft + k] = padded[offset + k] * window[k] }
            }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(count), Int32(2 * bins), Int32(fft), 1,
                frameMatrix, Int32(fft), basis, Int32(2 * bins), 0, &spectrum, Int32(2 * bins))
            for row in 0..<count {
                for k in 0..<bins {
                    let re = spectrum[row * 2 * bins + k]
                    let im = spectrum[row * 2 * bins + bins + k]
                    power[row * bins + k] = re * re + im * im
                }
            }
            output.withUnsafeMutableBufferPointer { out in
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(melBins), Int32(bins), 1,
                    power, Int32(bins), filters, Int32(bins), 0, out.baseAddress! + start * melBins, Int32(melBins))
                for index in (start * melBins)..<((start + count) * melBins) {
                    let value = log10(max(out[index], 1e-10))
                    out[index] = value
                    maximum = max(maximum, value)
                }
            }
            start += count
        }
        let floor = maximum - 8
        for index in output.indices { output[index] = (max(output[index], floor) + 4) / 4 }
        values = output
    }

    /// The 3000-frame window starting at `start`, frame-major, zero-filled past `start + length`
    /// (as faster-whisper pads a short window with zeros in the log-mel domain).
    public func window(start: Int, length: Int = LogMelSpectrogram.windowFrames) -> [Float] {
        var result = [Float](repeating: 0, count: Self.windowFrames * melBins)
        let available = max(0, min(length, Self.windowFrames, frameCount - start))
        if available > 0 {
            result.withUnsafeMutableBufferPointer { out in
                values.withUnsafeBufferPointer { source in
                    out.baseAddress!.update(from: source.baseAddress! + start * melBins, count: available * melBins)
                }
            }
        }
        return result
    }

    /// Cosine columns then sine columns of the real DFT: `[400, 2 × 201]` row-major.
    static let dftBasis: [Float] = {
        let fft = fftSize
        let bins = fft / 2 + 1
        var basis = [Float](repeating: 0, count: fft * 2 * bins)
        for n in 0..<fft {
            for k in 0..<bins {
                let angle = 2 * Double.pi * Double((n * k) % fft) / Double(fft)
                basis[n * 2 * bins + k] = Float(cos(angle))
                basis[n * 2 * bins + bins + k] = Float(-sin(angle))
            }
        }
        return basis
    }()

    /// The Slaney-style mel filterbank (librosa's default, `norm="slaney"`): `[melBins, 201]`.
    static func melFilters(melBins: Int) -> [Float] {
        let fft = fftSize
        let bins = fft / 2 + 1
        let sampleRate = Double(Self.sampleRate)
        func hzToMel(_ hz: Double) -> Double {
            hz < 1000 ? hz / (200.0 / 3) : 15 + log(hz / 1000) / (log(6.4) / 27)
        }
        func melToHz(_ mel: Double) -> Double {
            mel < 15 ? mel * (200.0 / 3) : 1000 * exp((log(6.4) / 27) * (mel - 15))
        }
        let maxMel = hzToMel(sampleRate / 2)
        let points = (0..<(melBins + 2)).map { melToHz(maxMel * Double($0) / Double(melBins + 1)) }
        var filters = [Float](repeating: 0, count: melBins * bins)
        for m in 0..<melBins {
            let lowerWidth = points[m + 1] - points[m]
            let upperWidth = points[m + 2] - points[m + 1]
            let norm = 2 / (points[m + 2] - points[m])
            for k in 0..<bins {
                let frequency = Double(k) * sampleRate / Double(fft)
                let lower = (frequency - points[m]) / lowerWidth
                let upper = (points[m + 2] - frequency) / upperWidth
                filters[m * bins + k] = Float(max(0, min(lower, upper)) * norm)
            }
        }
        return filters
    }
}

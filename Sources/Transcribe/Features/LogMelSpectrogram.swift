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
        let frames = Self.frameCount(samples: samples.count)
        frameCount = frames
        var output = [Float](repeating: 0, count: frames * melBins)
        let computer = LogMelFrames(melBins: melBins)
        var maximum = -Float.infinity
        output.withUnsafeMutableBufferPointer { out in
            var start = 0
            while start < frames {
                let count = min(LogMelFrames.block, frames - start)
                maximum = max(maximum, computer.compute(samples, frames: start..<(start + count), into: out.baseAddress! + start * melBins))
                start += count
            }
        }
        let floor = maximum - 8
        for index in output.indices { output[index] = (max(output[index], floor) + 4) / 4 }
        values = output
    }

    /// Frames of `samples` samples: one per hop, the padding included, the last one dropped.
    static func frameCount(samples: Int) -> Int { (samples + hopLength) / hopLength }

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

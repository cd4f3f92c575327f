import Foundation

/// The speaker encoder's input features: a 40-band mel *power* spectrogram (no logarithm),
/// computed as Resemblyzer's `wav_to_mel_spectrogram` does through librosa: 16 kHz, 25 ms Hann
/// window (n_fft 400), 10 ms hop, frames centred by zero-padding 200 samples on each side,
/// Slaney mel scale and Slaney area normalisation from 0 to 8 kHz.
struct SpeakerMelFilterbank: Sendable {
    static let sampleRate = 16_000
    static let fftSize = 400
    static let hop = 160
    static let bands = 40
    static let bins = fftSize / 2 + 1

    /// `2·bins × fftSize`: windowed cosine rows then windowed negative-sine rows.
    private let basis: [Float]
    /// `bands × bins` mel weights.
    private let filters: [Float]

    init() {
        let n = Self.fftSize
        var basis = [Float](repeating: 0, count: 2 * Self.bins * n)
        for sample in 0..<n {
            // Periodic Hann window (scipy's get_window('hann', n, fftbins=True)).
            let window = 0.5 - 0.5 * cos(2 * Double.pi * Double(sample) / Double(n))
            for bin in 0..<Self.bins {
                let angle = 2 * Double.pi * Double((bin * sample) % n) / Double(n)
                basis[bin * n + sample] = Float(window * cos(angle))
                basis[(Self.bins + bin) * n + sample] = Float(-window * sin(angle))
            }
        }
        self.basis = basis
        filters = Self.melFilters()
    }

    /// Number of frames for `sampleCount` samples: `1 + sampleCount / 160`.
    static func frameCount(sampleCount: Int) -> Int { 1 + sampleCount / hop }

    /// The spectrogram of `samples`, `frameCount × 40`, row-major (computed in blocks of
    /// frames so that memory stays small on long recordings).
    func spectrogram(_ samples: [Float]) -> [Float] {
        let frames = Self.frameCount(sampleCount: samples.count)
        var result = [Float]()
        result.reserveCapacity(frames * Self.bands)
        var first = 0
        while first < frames {
            let count = min(4096, frames - first)
            result += spectrogram(samples, firstFrame: first, count: count)
            first += count
        }
        return result
    }

    private func spectrogram(_ samples: [Float], firstFrame: Int, count frames: Int) -> [Float] {
        let n = Self.fftSize, half = n / 2
        var windows = [Float](repeating: 0, count: frames * n)
        for frame in 0..<frames {
            let start = (firstFrame + frame) * Self.hop - half
            let low = max(0, -start), high = min(n, samples.count - start)
            guard low < high else { continue }
            for index in low..<high { windows[frame * n + index] = samples[start + index] }
        }
        let spectrum = SpeechKernels.multiplyTransposed(windows, rows: frames, inner: n, basis, columns: 2 * Self.bins)
        var power = [Float](repeating: 0, count: frames * Self.bins)
        for frame in 0..<frames {
            let row = frame * 2 * Self.bins
            for bin in 0..<Self.bins {
                let real = spectrum[row + bin], imaginary = spectrum[row + Self.bins + bin]
                power[frame * Self.bins + bin] = real * real + imaginary * imaginary
            }
        }
        return SpeechKernels.multiplyTransposed(power, rows: frames, inner: Self.bins, filters, columns: Self.bands)
    }

    /// librosa's `filters.mel(sr=16000, n_fft=400, n_mels=40)` (Slaney scale and norm).
    static func melFilters() -> [Float] {
        let nyquist = Double(sampleRate) / 2
        let low = hertzToMel(0), high = hertzToMel(nyquist)
        let edges = (0..<(bands + 2)).map { melToHertz(low + (high - low) * Double($0) / Double(bands + 1)) }
        let frequencies = (0..<bins).map { nyquist * Double($0) / Double(bins - 1) }
        var weights = [Float](repeating: 0, count: bands * bins)
        for band in 0..<bands {
            let lowerWidth = edges[band + 1] - edges[band], upperWidth = edges[band + 2] - edges[band + 1]
            let normalisation = 2 / (edges[band + 2] - edges[band])
            for bin in 0..<bins {
                let lower = (frequencies[bin] - edges[band]) / lowerWidth
                let upper = (edges[band + 2] - frequencies[bin]) / upperWidth
                weights[band * bins + bin] = Float(max(0, min(lower, upper)) * normalisation)
            }
        }
        return weights
    }

    private static let linearStep = 200.0 / 3, breakHertz = 1000.0, breakMel = 15.0
    private static let logStep = log(6.4) / 27

    /// Slaney's mel scale: linear below 1 kHz, logarithmic above.
    static func hertzToMel(_ hertz: Double) -> Double {
        hertz >= breakHertz ? breakMel + log(hertz / breakHertz) / logStep : hertz / linearStep
    }

    /// The inverse of ``hertzToMel(_:)``.
    static func melToHertz(_ mel: Double) -> Double {
        mel >= breakMel ? breakHertz * exp(logStep * (mel - breakMel)) : mel * linearStep
    }
}

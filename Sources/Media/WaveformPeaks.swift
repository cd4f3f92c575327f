import Foundation

/// Minimum and maximum sample per fixed time bin: what a web page draws as a waveform.
public struct WaveformPeaks: Sendable, Codable, Equatable {
    /// Length of one bin in milliseconds.
    public let binMilliseconds: Int
    /// Lowest sample of each bin.
    public private(set) var minima: [Float] = []
    /// Highest sample of each bin.
    public private(set) var maxima: [Float] = []

    private let samplesPerBin: Int
    private var filled = 0
    private var low = Float.infinity
    private var high = -Float.infinity

    /// Starts an empty set of peaks for audio at `sampleRate`.
    public init(binMilliseconds: Int, sampleRate: Int) {
        precondition(binMilliseconds > 0 && sampleRate > 0)
        self.binMilliseconds = binMilliseconds
        samplesPerBin = max(1, sampleRate * binMilliseconds / 1000)
    }

    /// Adds the next samples of the signal.
    public mutating func append(_ samples: [Float]) {
        for sample in samples {
            low = Swift.min(low, sample)
            high = Swift.max(high, sample)
            filled += 1
            if filled == samplesPerBin { closeBin() }
        }
    }

    /// Closes the last, partial bin. Call once after the last ``append(_:)``.
    public mutating func finish() {
        if filled > 0 { closeBin() }
    }

    private mutating func closeBin() {
        minima.append(low)
        maxima.append(high)
        filled = 0
        low = .infinity
        high = -.infinity
    }

    private enum CodingKeys: String, CodingKey {
        case binMilliseconds, minima, maxima, samplesPerBin
    }
}

extension WaveformPeaks {
    /// Computes the peaks of a file's audio in one streaming pass (flat memory).
    public init(url: URL, binMilliseconds: Int, options: DecodeOptions = DecodeOptions()) throws(MediaError) {
        let decoder = try AudioDecoder(url: url, options: options)
        self.init(binMilliseconds: binMilliseconds, sampleRate: options.sampleRate)
        while let chunk = try decoder.nextChunk() { append(chunk.channels[0]) }
        finish()
    }
}

import COpenBLAS
import Foundation

/// The Silero voice-activity detector (v5/v6 architecture, 16 kHz), run natively.
///
/// Each 512-sample frame (32 ms), preceded by the last 64 samples of the previous frame and
/// reflection-padded by 64 on the right, goes through an STFT written as a convolution
/// (n_fft 256, hop 128), its magnitude, four 1-D convolutions with ReLU, an LSTM cell of 128
/// carried from frame to frame, ReLU, a 1×1 convolution and a sigmoid: one speech probability
/// per frame. Weights come from a safetensors file with the tensor names of the `silero-vad`
/// package's `silero_vad_16k.safetensors`. That file (what `models/fetch` installs) holds other
/// weights than the package's ONNX model; `tools/vad/convert_jit.py` extracts the ONNX model's
/// weights into the same format, which this type then reproduces to about 2e-6.
///
/// ```swift
/// let vad = try SileroVAD(modelDirectory: URL(fileURLWithPath: "models/silero-vad"))
/// let regions = vad.speechRegions(samples: audio.samples)   // 16 kHz mono
/// ```
public struct SileroVAD: Sendable {
    /// The only sample rate the model accepts.
    public static let sampleRate = 16_000
    /// Samples per frame (one probability each): 32 ms.
    public static let frameSamples = 512
    /// Samples of the previous frame prepended to each frame.
    public static let contextSamples = 64
    /// The file name `models/fetch` installs.
    public static let defaultFileName = "silero_vad_16k.safetensors"

    private static let fftSize = 256, hop = 128, bins = 129, hidden = 128
    /// Frames whose encoder runs as one batch of matrix products.
    private static let batchFrames = 256

    /// The weight file in use.
    public let modelURL: URL
    private let stft: [Float], conv1: [Float], bias1: [Float], conv2: [Float], bias2: [Float]
    private let conv3: [Float], bias3: [Float], conv4: [Float], bias4: [Float]
    private let inputWeights: [Float], recurrentWeights: [Float], gateBias: [Float]
    private let outputWeights: [Float], outputBias: Float

    /// Loads `silero_vad_16k.safetensors` (or `fileName`) from a model directory.
    ///
    /// - Throws: ``SafeTensorsError`` if the file is missing, damaged or not this model.
    public init(modelDirectory: URL, fileName: String = SileroVAD.defaultFileName) throws {
        try self.init(modelFile: modelDirectory.appendingPathComponent(fileName))
    }

    /// Loads the weights from a safetensors file.
    ///
    /// - Throws: ``SafeTensorsError`` if the file is missing, damaged or not this model.
    public init(modelFile: URL) throws {
        let file = try SafeTensors(contentsOf: modelFile)
        modelURL = modelFile
        stft = try file.floats("stft_conv.weight", shape: [2 * Self.bins, 1, Self.fftSize])
        conv1 = try file.floats("conv1.weight", shape: [128, Self.bins, 3])
        bias1 = try file.floats("conv1.bias", shape: [128])
        conv2 = try file.floats("conv2.weight", shape: [64, 128, 3])
        bias2 = try file.floats("conv2.bias", shape: [64])
        conv3 = try file.floats("conv3.weight", shape: [64, 64, 3])
        bias3 = try file.floats("conv3.bias", shape: [64])
        conv4 = try file.floats("conv4.weight", shape: [128, 64, 3])
        bias4 = try file.floats("conv4.bias", shape: [128])
        inputWeights = try file.floats("lstm_cell.weight_ih", shape: [4 * Self.hidden, 128])
        recurrentWeights = try file.floats("lstm_cell.weight_hh", shape: [4 * Self.hidden, Self.hidden])
        let biasIH = try file.floats("lstm_cell.bias_ih", shape: [4 * Self.hidden])
        let biasHH = try file.floats("lstm_cell.bias_hh", shape: [4 * Self.hidden])
        gateBias = zip(biasIH, biasHH).map { $0 + $1 }
        outputWeights = try file.floats("final_conv.weight", shape: [1, Self.hidden, 1])
        outputBias = try file.floats("final_conv.bias", shape: [1])[0]
    }

    /// One speech probability per 512-sample frame of 16 kHz mono audio, the last frame
    /// zero-padded, exactly as the `silero-vad` package computes them.
    public func probabilities(samples: [Float]) -> [Float] {
        let frameCount = (samples.count + Self.frameSamples - 1) / Self.frameSamples
        guard frameCount > 0 else { return [] }

        var result = [Float]()
        result.reserveCapacity(frameCount)
        var hiddenState = [Float](repeating: 0, count: Self.hidden)
        var cellState = [Float](repeating: 0, count: Self.hidden)
        var first = 0
        while first < frameCount {
            let count = min(Self.batchFrames, frameCount - first)
            var gates = inputProjections(samples, firstFrame: first, count: count)
            gates.withUnsafeMutableBufferPointer { g in
                recurrentWeights.withUnsafeBufferPointer { w in
                    hiddenState.withUnsafeMutableBufferPointer { h in
                        cellState.withUnsafeMutableBufferPointer { c in
                            for frame in 0..<count {
                                let row = g.baseAddress! + frame * 4 * Self.hidden
                                cblas_sgemv(
                                    CblasRowMajor, CblasNoTrans, Int32(4 * Self.hidden), Int32(Self.hidden), 1,
                                    w.baseAddress, Int32(Self.hidden), h.baseAddress, 1, 1, row, 1)
                                SpeechKernels.lstmUpdate(gates: row, hidden: h.baseAddress!, cell: c.baseAddress!, size: Self.hidden)
                                var logit = outputBias
                                for unit in 0..<Self.hidden { logit += max(0, h[unit]) * outputWeights[unit] }
                                result.append(SpeechKernels.sigmoid(logit))
                            }
                        }
                    }
                }
            }
            first += count
        }
        return result
    }

    /// Speech regions of 16 kHz mono audio: ``probabilities(samples:)`` turned into regions
    /// with Silero's hysteresis (see ``SpeechDetectionOptions``).
    public func speechRegions(samples: [Float], options: SpeechDetectionOptions = SpeechDetectionOptions()) -> [SpeechRegion] {
        SpeechRegion.regions(probabilities: probabilities(samples: samples), sampleCount: samples.count, options: options)
    }

    /// The non-recurrent part for `count` frames at once: STFT magnitude, the four
    /// convolutions, and the LSTM input projection plus both biases (`count × 512`).
    private func inputProjections(_ samples: [Float], firstFrame: Int, count: Int) -> [Float] {
        let window = Self.contextSamples + Self.frameSamples  // 576
        let reflected = window + 64  // 640
        let segments = (reflected - Self.fftSize) / Self.hop + 1  // 4
        var frames = [Float](repeating: 0, count: count * segments * Self.fftSize)
        var buffer = [Float](repeating: 0, count: reflected)
        for frame in 0..<count {
            // 64 samples of context (zeros before the first frame), zeros after the last sample.
            let start = (firstFrame + frame) * Self.frameSamples - Self.contextSamples
            for index in 0..<window {
                let position = start + index
                buffer[index] = position >= 0 && position < samples.count ? samples[position] : 0
            }
            for index in 0..<64 { buffer[window + index] = buffer[window - 2 - index] }
            for segment in 0..<segments {
                let destination = (frame * segments + segment) * Self.fftSize
                for index in 0..<Self.fftSize { frames[destination + index] = buffer[segment * Self.hop + index] }
            }
        }
        let spectrum = SpeechKernels.multiplyTransposed(
            frames, rows: count * segments, inner: Self.fftSize, stft, columns: 2 * Self.bins)
        var magnitude = [Float](repeating: 0, count: count * segments * Self.bins)
        for row in 0..<(count * segments) {
            for bin in 0..<Self.bins {
                let real = spectrum[row * 2 * Self.bins + bin], imaginary = spectrum[row * 2 * Self.bins + Self.bins + bin]
                magnitude[row * Self.bins + bin] = (real * real + imaginary * imaginary).squareRoot()
            }
        }
        var (x, length) = SpeechKernels.convolve(
            magnitude, batch: count, length: segments, inChannels: Self.bins,
            weight: conv1, bias: bias1, outChannels: 128, kernel: 3, stride: 1, padding: 1)
        SpeechKernels.relu(&x)
        (x, length) = SpeechKernels.convolve(
            x, batch: count, length: length, inChannels: 128, weight: conv2, bias: bias2, outChannels: 64, kernel: 3, stride: 2, padding: 1)
        SpeechKernels.relu(&x)
        (x, length) = SpeechKernels.convolve(
            x, batch: count, length: length, inChannels: 64, weight: conv3, bias: bias3, outChannels: 64, kernel: 3, stride: 2, padding: 1)
        SpeechKernels.relu(&x)
        (x, length) = SpeechKernels.convolve(
            x, batch: count, length: length, inChannels: 64, weight: conv4, bias: bias4, outChannels: 128, kernel: 3, stride: 1, padding: 1)
        SpeechKernels.relu(&x)
        precondition(length == 1, "the Silero encoder reduces each frame to one step")
        return SpeechKernels.multiplyTransposed(x, rows: count, inner: 128, inputWeights, columns: 4 * Self.hidden, bias: gateBias)
    }
}

import COpenBLAS
import Foundation

/// Whisper's audio encoder: two convolutions with GELU, sinusoidal positions, pre-norm
/// transformer blocks and a final layer norm, over one 30-second window of log-mel frames.
///
/// Work buffers are allocated once, when the encoder is made, and reused for every window.
/// Not thread-safe: one encoder per transcription.
final class WhisperEncoder {
    let weights: WhisperWeights
    let frames = LogMelSpectrogram.windowFrames
    let positions = LogMelSpectrogram.windowFrames / 2
    private let columns1: WorkBuffer
    private let conv1: WorkBuffer
    private let columns2: WorkBuffer
    private let x: WorkBuffer
    private let normed: WorkBuffer
    private let qkv: WorkBuffer
    private let scores: WorkBuffer
    private let attention: WorkBuffer
    private let hidden: WorkBuffer

    init(weights: WhisperWeights) {
        self.weights = weights
        let d = weights.width
        let ffn = weights.encoderLayers[0].ffnIn.outputs
        columns1 = WorkBuffer(frames * weights.melBins * 3)
        conv1 = WorkBuffer(frames * d)
        columns2 = WorkBuffer(positions * d * 3)
        x = WorkBuffer(positions * d)
        normed = WorkBuffer(positions * d)
        qkv = WorkBuffer(positions * 3 * d)
        scores = WorkBuffer(positions * positions)
        attention = WorkBuffer(positions * d)
        hidden = WorkBuffer(positions * ffn)
    }

    /// Encodes one window of frame-major log-mel values `[3000 × melBins]` into `[1500 × width]`.
    func encode(_ mel: [Float]) -> [Float] {
        precondition(mel.count == frames * weights.melBins, "a window is 3000 frames")
        let d = weights.width
        let melBins = weights.melBins
        // conv1 (kernel 3, padding 1) as a product with the im2col matrix [3000, mel·3].
        let c1 = columns1.pointer
        mel.withUnsafeBufferPointer { input in
            for t in 0..<frames {
                let row = c1 + t * melBins * 3
                for k in 0..<3 {
                    let source = t + k - 1
                    if source < 0 || source >= frames {
                        for c in 0..<melBins { row[c * 3 + k] = 0 }
                    } else {
                        for c in 0..<melBins { row[c * 3 + k] = input[source * melBins + c] }
                    }
                }
            }
        }
        convolve(c1, rows: frames, inputs: melBins * 3, weights.conv1Weight, weights.conv1Bias, into: conv1.pointer)
        Kernels.gelu(conv1.pointer, count: frames * d)
        // conv2 (kernel 3, stride 2, padding 1).
        let c2 = columns2.pointer
        for t in 0..<positions {
            let row = c2 + t * d * 3
            for k in 0..<3 {
                let source = 2 * t + k - 1
                if source < 0 || source >= frames {
                    for c in 0..<d { row[c * 3 + k] = 0 }
                } else {
                    let from = conv1.pointer + source * d
                    for c in 0..<d { row[c * 3 + k] = from[c] }
                }
            }
        }
        convolve(c2, rows: positions, inputs: d * 3, weights.conv2Weight, weights.conv2Bias, into: x.pointer)
        Kernels.gelu(x.pointer, count: positions * d)
        weights.encoderPositions.withUnsafeBufferPointer { table in
            for index in 0..<(positions * d) { x.pointer[index] += table[index] }
        }
        for layer in weights.encoderLayers { block(layer) }
        var output = [Float](repeating: 0, count: positions * d)
        output.withUnsafeMutableBufferPointer { out in
            Kernels.layerNorm(x.pointer, rows: positions, width: d, weights.encoderNorm, into: out.baseAddress!)
        }
        return output
    }

    private func convolve(
        _ columns: UnsafePointer<Float>, rows: Int, inputs: Int, _ weight: [Float], _ bias: [Float],
        into out: UnsafeMutablePointer<Float>
    ) {
        let layer = LinearWeights(weight: weight, bias: bias, outputs: bias.count, inputs: inputs)
        Kernels.linear(columns, rows: rows, layer, into: out)
    }

    private func block(_ layer: EncoderLayerWeights) {
        let d = weights.width
        let heads = weights.heads
        let headWidth = d / heads
        let n = positions
        Kernels.layerNorm(x.pointer, rows: n, width: d, layer.attentionNorm, into: normed.pointer)
        Kernels.linear(normed.pointer, rows: n, layer.qkv, into: qkv.pointer)
        let scale = 1 / Float(headWidth).squareRoot()
        for head in 0..<heads {
            let q = qkv.pointer + head * headWidth
            let k = q + d
            let v = q + 2 * d
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(n), Int32(headWidth), scale,
                q, Int32(3 * d), k, Int32(3 * d), 0, scores.pointer, Int32(n))
            Kernels.softmax(scores.pointer, rows: n, columns: n, stride: n)
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(headWidth), Int32(n), 1,
                scores.pointer, Int32(n), v, Int32(3 * d), 0, attention.pointer + head * headWidth, Int32(d))
        }
        Kernels.linear(attention.pointer, rows: n, layer.attentionOutput, into: x.pointer, accumulate: true)
        Kernels.layerNorm(x.pointer, rows: n, width: d, layer.ffnNorm, into: normed.pointer)
        Kernels.linear(normed.pointer, rows: n, layer.ffnIn, into: hidden.pointer)
        Kernels.gelu(hidden.pointer, count: n * layer.ffnIn.outputs)
        Kernels.linear(hidden.pointer, rows: n, layer.ffnOut, into: x.pointer, accumulate: true)
    }
}

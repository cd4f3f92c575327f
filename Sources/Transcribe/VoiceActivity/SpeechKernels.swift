import COpenBLAS
import Foundation

/// The few dense kernels the voice-activity and speaker models need, on OpenBLAS.
///
/// Matrices are row-major `[Float]`; weights keep PyTorch's `[out, in]` layout, so products
/// are taken against the transposed weight.
enum SpeechKernels {
    /// `a · bᵀ (+ bias)`: `a` is `rows × inner`, `b` is `columns × inner`; the result is
    /// `rows × columns`, with `bias` (length `columns`) added to every row.
    static func multiplyTransposed(_ a: [Float], rows: Int, inner: Int, _ b: [Float], columns: Int, bias: [Float]? = nil) -> [Float] {
        precondition(a.count == rows * inner && b.count == columns * inner, "matrix sizes do not match")
        var c = [Float](repeating: 0, count: rows * columns)
        guard rows > 0, columns > 0 else { return c }
        var beta: Float = 0
        if let bias {
            precondition(bias.count == columns, "bias size does not match")
            for row in 0..<rows {
                for column in 0..<columns { c[row * columns + column] = bias[column] }
            }
            beta = 1
        }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(columns), Int32(inner),
                        1, pa.baseAddress, Int32(inner), pb.baseAddress, Int32(inner), beta, pc.baseAddress, Int32(columns))
                }
            }
        }
        return c
    }

    /// `c += a · bᵀ`: `a` is `rows × inner`, `b` is `columns × inner`, `c` is `rows × columns`.
    static func multiplyAccumulateTransposed(_ a: [Float], rows: Int, inner: Int, _ b: [Float], columns: Int, into c: inout [Float]) {
        precondition(a.count == rows * inner && b.count == columns * inner && c.count == rows * columns, "matrix sizes do not match")
        guard rows > 0, columns > 0 else { return }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(columns), Int32(inner),
                        1, pa.baseAddress, Int32(inner), pb.baseAddress, Int32(inner), 1, pc.baseAddress, Int32(columns))
                }
            }
        }
    }

    /// A 1-D convolution over a batch of independent sequences, channel-last.
    ///
    /// - Parameters:
    ///   - input: `batch × length × inChannels`.
    ///   - weight: PyTorch layout `outChannels × inChannels × kernel`.
    ///   - bias: `outChannels` values, or `nil`.
    /// - Returns: `batch × outLength × outChannels` and `outLength`, where
    ///   `outLength = (length + 2·padding − kernel) / stride + 1` (zero padding on both sides).
    static func convolve(
        _ input: [Float], batch: Int, length: Int, inChannels: Int,
        weight: [Float], bias: [Float]?, outChannels: Int, kernel: Int, stride: Int, padding: Int
    ) -> (output: [Float], length: Int) {
        let outLength = (length + 2 * padding - kernel) / stride + 1
        let patch = inChannels * kernel
        // im2col: one row per (sequence, output step), ordered (channel, tap) like the weight.
        var columns = [Float](repeating: 0, count: batch * outLength * patch)
        columns.withUnsafeMutableBufferPointer { cols in
            input.withUnsafeBufferPointer { x in
                for sequence in 0..<batch {
                    for step in 0..<outLength {
                        let row = (sequence * outLength + step) * patch
                        for tap in 0..<kernel {
                            let position = step * stride + tap - padding
                            guard position >= 0, position < length else { continue }
                            let source = (sequence * length + position) * inChannels
                            for channel in 0..<inChannels {
                                cols[row + channel * kernel + tap] = x[source + channel]
                            }
                        }
                    }
                }
            }
        }
        let output = multiplyTransposed(columns, rows: batch * outLength, inner: patch, weight, columns: outChannels, bias: bias)
        return (output, outLength)
    }

    /// Replaces every element by `max(0, x)`.
    static func relu(_ values: inout [Float]) {
        for index in values.indices where values[index] < 0 { values[index] = 0 }
    }

    /// The logistic function.
    @inline(__always) static func sigmoid(_ x: Float) -> Float { 1 / (1 + exponential(-x)) }

    /// The hyperbolic tangent, as `2·sigmoid(2x) − 1` (absolute error about 1e-7).
    @inline(__always) static func hyperbolicTangent(_ x: Float) -> Float { 2 / (1 + exponential(-2 * x)) - 1 }

    /// `eˣ` without a library call, so that loops over it vectorise: Cody–Waite range
    /// reduction to `r ∈ [−ln2/2, ln2/2]`, a degree-6 polynomial, and `2ⁿ` built from bits
    /// (relative error about 2e-7; inputs clamped to ±87).
    @inline(__always) static func exponential(_ x: Float) -> Float {
        let clamped = min(max(x, -87), 87)
        let n = (clamped * 1.442_695_04).rounded(.toNearestOrEven)
        let r = (clamped - n * 0.693_145_75) - n * 1.428_606_8e-6
        var p: Float = 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let scale = Float(bitPattern: UInt32(bitPattern: Int32(n) + 127) << 23)
        return p * scale
    }

    /// One LSTM cell update in place, PyTorch's gate order (input, forget, cell, output).
    ///
    /// - Parameters:
    ///   - gates: `4·size` pre-activations `W_ih·x + b_ih + W_hh·h + b_hh`; overwritten.
    ///   - hidden, cell: the state, updated.
    @inline(__always)
    static func lstmUpdate(
        gates: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>, size: Int
    ) {
        for unit in 0..<size {
            let i = sigmoid(gates[unit])
            let f = sigmoid(gates[size + unit])
            let g = hyperbolicTangent(gates[2 * size + unit])
            let o = sigmoid(gates[3 * size + unit])
            let c = f * cell[unit] + i * g
            cell[unit] = c
            hidden[unit] = o * hyperbolicTangent(c)
        }
    }
}

import CKernels
import COpenBLAS
import Foundation

/// The numeric building blocks of the transformer: dense layers through `cblas_sgemm`, and
/// vectorised layer norm, exact GELU and softmax. Pointers never leave the module.
enum Kernels {
    /// Up to this many rows, products go through `cblas_sgemv` row by row: `sgemm` would pack
    /// (copy) the whole weight matrix for a handful of rows.
    static let smallBatch = 1

    /// Up to this many rows (the beams of a decoding step), attention products go through
    /// `cblas_sgemv` row by row: the keys and values of one head stay in cache between rows,
    /// while `sgemm` would copy (pack) them on every call.
    static let attentionBatch = 8

    /// Runs `body` over `0..<count` split into one contiguous range per matrix thread, when the
    /// work is large enough to pay for the threads (the Swift kernels then use both cores too).
    static func parallel(_ count: Int, minimumPerThread: Int, _ body: (Range<Int>) -> Void) {
        let threads = min(Int(openblas_get_num_threads()), count / max(minimumPerThread, 1))
        guard threads > 1 else { return body(0..<count) }
        let chunk = (count + threads - 1) / threads
        // Each part touches its own rows only; the pointers the body captures outlive the call.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            let start = part * chunk
            if start < count { body(start..<min(count, start + chunk)) }
        }
    }

    /// `y[rows, n] = alpha · A[rows, k] · B[n, k]ᵀ` with leading dimensions, by rows when few.
    static func productTransposed(
        rows: Int, n: Int, k: Int, alpha: Float, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>,
        ldb: Int, into y: UnsafeMutablePointer<Float>, ldy: Int
    ) {
        if rows <= attentionBatch {
            for row in 0..<rows {
                cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), alpha, b, Int32(ldb), a + row * lda, 1, 0, y + row * ldy, 1)
            }
        } else {
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(k), alpha, a, Int32(lda), b,
                Int32(ldb), 0, y, Int32(ldy))
        }
    }

    /// One query's attention over `count` keys and values of one head (rows `keyStride` and
    /// `valueStride` floats apart): softmax of the scaled dot products, left in `scores`, and
    /// their weighted sum of the values into `out` (`width` floats).
    static func attend(
        query: UnsafePointer<Float>, keys: UnsafePointer<Float>, keyStride: Int, values: UnsafePointer<Float>,
        valueStride: Int, count: Int, width: Int, scale: Float, scores: UnsafeMutablePointer<Float>,
        into out: UnsafeMutablePointer<Float>, vectorised: Bool = hasAVX512
    ) {
        #if arch(x86_64)
            if vectorised {
                return vb_attend_avx512(
                    query, keys, keyStride, values, valueStride, Int32(count), Int32(width), scale, scores, out)
            }
        #endif
        vb_attend_portable(query, keys, keyStride, values, valueStride, Int32(count), Int32(width), scale, scores, out)
    }

    /// ``attend(query:keys:keyStride:values:valueStride:count:width:scale:scores:into:vectorised:)``
    /// with the keys in tiles of 16 positions (`vb_tile_keys`): no horizontal sums per position.
    static func attend(
        query: UnsafePointer<Float>, keyTiles: UnsafePointer<Float>, values: UnsafePointer<Float>, valueStride: Int,
        count: Int, width: Int, scale: Float, scores: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>,
        vectorised: Bool = hasAVX512
    ) {
        #if arch(x86_64)
            if vectorised {
                return vb_attend_tiled_avx512(query, keyTiles, values, valueStride, Int32(count), Int32(width), scale, scores, out)
            }
        #endif
        vb_attend_tiled_portable(query, keyTiles, values, valueStride, Int32(count), Int32(width), scale, scores, out)
    }

    /// `y[rows, n] = A[rows, k] · B[k, n]` with leading dimensions, by rows when few.
    static func product(
        rows: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
        into y: UnsafeMutablePointer<Float>, ldy: Int
    ) {
        if rows <= attentionBatch {
            for row in 0..<rows {
                cblas_sgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), 1, b, Int32(ldb), a + row * lda, 1, 0, y + row * ldy, 1)
            }
        } else {
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(n), Int32(k), 1, a, Int32(lda), b,
                Int32(ldb), 0, y, Int32(ldy))
        }
    }
    /// `out[rows, outputs] = x[rows, inputs] · Wᵀ + b` (`x` rows `inputStride` apart).
    static func linear(
        _ x: UnsafePointer<Float>, rows: Int, inputStride: Int? = nil, _ layer: LinearWeights,
        into out: UnsafeMutablePointer<Float>, outputStride: Int? = nil, accumulate: Bool = false
    ) {
        let ldx = inputStride ?? layer.inputs
        let ldo = outputStride ?? layer.outputs
        switch layer.matrix {
        case .int8(let matrix):
            return int8Linear(
                x, rows: rows, inputStride: ldx, matrix, bias: layer.bias, into: out, outputStride: ldo, accumulate: accumulate)
        case .float32(let weight):
            weight.withUnsafeBufferPointer { w in
                if rows <= smallBatch {
                    // A few rows (decoding): matrix-vector products read the weights without packing them.
                    for row in 0..<rows {
                        cblas_sgemv(
                            CblasRowMajor, CblasNoTrans, Int32(layer.outputs), Int32(layer.inputs), 1, w.baseAddress!,
                            Int32(layer.inputs), x + row * ldx, 1, accumulate ? 1 : 0, out + row * ldo, 1)
                    }
                } else {
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(layer.outputs), Int32(layer.inputs), 1,
                        x, Int32(ldx), w.baseAddress!, Int32(layer.inputs), accumulate ? 1 : 0, out, Int32(ldo))
                }
            }
        }
        guard !layer.bias.isEmpty else { return }
        layer.bias.withUnsafeBufferPointer { b in
            for row in 0..<rows {
                let target = out + row * ldo
                for column in 0..<layer.outputs { target[column] += b[column] }
            }
        }
    }

    /// Whether the AVX-512 activation kernels of `CKernels` run here (checked once, through `cpuid`).
    static let hasAVX512: Bool = {
        #if arch(x86_64)
            vb_has_avx512f() != 0
        #else
            false
        #endif
    }()

    /// Layer normalisation over `width` of each row (epsilon 1e-5), from `x` into `out`.
    static func layerNorm(
        _ x: UnsafePointer<Float>, rows: Int, width: Int, _ weights: LayerNormWeights,
        into out: UnsafeMutablePointer<Float>, vectorised: Bool = hasAVX512
    ) {
        weights.gamma.withUnsafeBufferPointer { gamma in
            weights.beta.withUnsafeBufferPointer { beta in
                parallel(rows, minimumPerThread: 64) { range in
                    #if arch(x86_64)
                        if vectorised {
                            return vb_layer_norm(
                                x + range.lowerBound * width, Int32(range.count), Int32(width), gamma.baseAddress!, beta.baseAddress!,
                                out + range.lowerBound * width)
                        }
                    #endif
                    for row in range {
                        let source = x + row * width
                        let target = out + row * width
                        var sum: Float = 0
                        for index in 0..<width { sum += source[index] }
                        let mean = sum / Float(width)
                        var squares: Float = 0
                        for index in 0..<width {
                            let centered = source[index] - mean
                            squares += centered * centered
                        }
                        let scale = 1 / (squares / Float(width) + 1e-5).squareRoot()
                        for index in 0..<width {
                            target[index] = (source[index] - mean) * scale * gamma[index] + beta[index]
                        }
                    }
                }
            }
        }
    }

    /// GELU in place with the exact (erf) form `x · (1 + erf(x / √2)) / 2`; erf is evaluated
    /// 16 lanes at a time with AVX-512 (`vectorised`), else 8 (Abramowitz–Stegun 7.1.26, absolute
    /// error below 1.5e-7).
    static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int, vectorised: Bool = hasAVX512) {
        #if arch(x86_64)
            if vectorised {
                let blocks = (count + 15) / 16
                return parallel(blocks, minimumPerThread: 4096) { range in
                    vb_gelu(x + range.lowerBound * 16, min(count, range.upperBound * 16) - range.lowerBound * 16)
                }
            }
        #endif
        let blocks = count / 8
        parallel(blocks, minimumPerThread: 8192) { range in
            for block in range {
                let raw = UnsafeMutableRawPointer(x + block * 8)
                let value = raw.loadUnaligned(as: SIMD8<Float>.self)
                raw.storeBytes(of: 0.5 * value * (1 + erf8(value * 0.70710678118654752)), as: SIMD8<Float>.self)
            }
        }
        var index = blocks * 8
        while index < count {
            let value = x[index]
            x[index] = 0.5 * value * (1 + erf(value * 0.70710678118654752))
            index += 1
        }
    }

    @inline(__always)
    static func erf8(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let magnitude = x.replacing(with: -x, where: x .< 0)
        let t = 1 / (1 + 0.3275911 * magnitude)
        var p = SIMD8<Float>(repeating: 1.061405429)
        p = p * t - 1.453152027
        p = p * t + 1.421413741
        p = p * t - 0.284496736
        p = p * t + 0.254829592
        let y = 1 - p * t * fastExp(-magnitude * magnitude)
        return y.replacing(with: -y, where: x .< 0)
    }

    /// Softmax of each row's first `columns` values in place (rows `stride` apart), with AVX-512
    /// when `vectorised`.
    static func softmax(
        _ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int, vectorised: Bool = hasAVX512
    ) {
        parallel(rows, minimumPerThread: max(1, 65536 / max(columns, 1))) { range in
            #if arch(x86_64)
                if vectorised { return vb_softmax_rows(x + range.lowerBound * stride, Int32(range.count), Int32(columns), stride) }
            #endif
            for row in range {
                let values = x + row * stride
                var maximum = -Float.infinity
                for index in 0..<columns { maximum = max(maximum, values[index]) }
                let sum = expShifted(values, count: columns, shift: maximum)
                let inverse = 1 / sum
                for index in 0..<columns { values[index] *= inverse }
            }
        }
    }

    /// Replaces `x[i]` by `exp(x[i] - shift)` and returns the sum (8 lanes at a time).
    static func expShifted(_ x: UnsafeMutablePointer<Float>, count: Int, shift: Float) -> Float {
        var total = SIMD8<Float>(repeating: 0)
        var index = 0
        let shiftVector = SIMD8<Float>(repeating: shift)
        while index + 8 <= count {
            let raw = UnsafeMutableRawPointer(x + index)
            let value = fastExp(raw.loadUnaligned(as: SIMD8<Float>.self) - shiftVector)
            raw.storeBytes(of: value, as: SIMD8<Float>.self)
            total += value
            index += 8
        }
        var sum = total.sum()
        while index < count {
            let value = Foundation.exp(x[index] - shift)
            x[index] = value
            sum += value
            index += 1
        }
        return sum
    }

    /// `exp` of 8 values (relative error ≈ 2e-7; inputs below -87 give 0).
    @inline(__always)
    static func fastExp(_ input: SIMD8<Float>) -> SIMD8<Float> {
        // Compare-and-select rather than `clamped`, whose generic min/max are not inlined here.
        var x = input.replacing(with: -87.3, where: input .< -87.3)
        x.replace(with: 88.3, where: x .> 88.3)
        // Round x·log2(e) to an integer by adding 1.5·2²³ (its low mantissa bits then hold n).
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let shifted = x * 1.44269504088896341 + magic
        let n = shifted - magic
        let r = x - n * 0.693359375 + n * 2.12194440e-4
        var p = SIMD8<Float>(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let e = p * r * r + r + 1
        let bits = (unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        var result = e * unsafeBitCast(bits, to: SIMD8<Float>.self)
        result.replace(with: 0, where: input .< -87.3)
        return result
    }
}

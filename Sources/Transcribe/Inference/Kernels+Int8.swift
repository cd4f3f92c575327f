import CKernels

extension Kernels {
    /// Whether this CPU runs the AVX-512 VNNI int8 kernel (checked once, through `cpuid`).
    static let hasVNNI = vb_has_avx512_vnni() != 0

    /// `out[rows, outputs] = x · Wᵀ + b` with int8 weights: each row of `x` is quantised to bytes
    /// with its own scale (as CTranslate2 does), then multiplied in 32-bit integers and rescaled.
    /// Threads split the outputs by panels of 16 when the product is large enough. `vnni: false`
    /// forces the portable loop (same integers, same rounding, so the same result).
    static func int8Linear(
        _ x: UnsafePointer<Float>, rows: Int, inputStride: Int, _ matrix: Int8Matrix, bias: [Float],
        into out: UnsafeMutablePointer<Float>, outputStride: Int, accumulate: Bool, vnni useVNNI: Bool = hasVNNI
    ) {
        let k = matrix.columns
        let n = matrix.rows
        let vnni: Int32 = useVNNI ? 1 : 0
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: rows * k) { quantised in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: rows) { rowScales in
                let q = quantised.baseAddress!
                let s = rowScales.baseAddress!
                parallel(rows, minimumPerThread: 64) { range in
                    vb_quantize_rows(
                        x + range.lowerBound * inputStride, Int32(range.count), Int32(k), Int32(inputStride),
                        q + range.lowerBound * k, s + range.lowerBound, vnni)
                }
                let panels = (n + 15) / 16
                // A decoding step splits only wide layers (the output projection, the first feed-forward
                // layer): below 64 panels per thread, waking the second thread costs more than it saves.
                parallel(panels, minimumPerThread: rows >= 64 ? 2 : 64) { range in
                    matrix.packed.withUnsafeBufferPointer { packed in
                        matrix.scales.withUnsafeBufferPointer { scales in
                            matrix.sums.withUnsafeBufferPointer { sums in
                                bias.withUnsafeBufferPointer { b in
                                    vb_gemm_u8s8(
                                        Int32(rows), Int32(range.lowerBound * 16), Int32(min(n, range.upperBound * 16)),
                                        Int32(k), q, s, packed.baseAddress!, scales.baseAddress!, sums.baseAddress!,
                                        b.isEmpty ? nil : b.baseAddress!, out, Int32(outputStride), accumulate ? 1 : 0,
                                        vnni)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

import CKernels
import Foundation
import Testing

@testable import Transcribe

/// The one-pass attention of a decoding step (AVX-512 where the CPU has it, portable C otherwise),
/// with keys in rows or in tiles of 16 positions, against a double-precision reference, for Whisper's head width (64) and the odd widths of
/// small checkpoints, over strided rows as the key/value cache holds them.
@Suite("Attention kernel")
struct AttentionKernelTests {
    @Test("scores are the softmax of the scaled dot products and the output their weighted sum", arguments: Kernels.hasAVX512 ? [true, false] : [false])
    func matchesReference(vectorised: Bool) {
        for (width, count) in [(64, 1500), (64, 1), (24, 37), (8, 448), (40, 17)] {
            let stride = width * 3 + 5
            let query = ActivationKernelTests.values(width, in: -2...2, seed: UInt64(width))
            let keys = ActivationKernelTests.values(count * stride, in: -2...2, seed: UInt64(count))
            let values = ActivationKernelTests.values(count * stride, in: -3...3, seed: UInt64(count + 7))
            let scale = 1 / Float(width).squareRoot()
            for tiled in [false, true] {
                var scores = [Float](repeating: .nan, count: count)
                var out = [Float](repeating: .nan, count: width)
                var tiles = [Float](repeating: .nan, count: vb_key_tiles_size(Int32(count), Int32(width)))
                vb_tile_keys(keys, stride, Int32(count), Int32(width), &tiles)
                scores.withUnsafeMutableBufferPointer { scores in
                    out.withUnsafeMutableBufferPointer { out in
                        if tiled {
                            Kernels.attend(
                                query: query, keyTiles: tiles, values: values, valueStride: stride, count: count, width: width,
                                scale: scale, scores: scores.baseAddress!, into: out.baseAddress!, vectorised: vectorised)
                        } else {
                            Kernels.attend(
                                query: query, keys: keys, keyStride: stride, values: values, valueStride: stride, count: count,
                                width: width, scale: scale, scores: scores.baseAddress!, into: out.baseAddress!,
                                vectorised: vectorised)
                        }
                    }
                }
                check(scores: scores, out: out, query: query, keys: keys, values: values, stride: stride, scale: scale)
                // The tiles hold the keys and read back into them.
                var back = [Float](repeating: .nan, count: count * width)
                vb_untile_keys(tiles, Int32(count), Int32(width), &back, width)
                #expect((0..<count).allSatisfy { i in (0..<width).allSatisfy { back[i * width + $0] == keys[i * stride + $0] } })
            }
        }
    }

    /// Checks one kernel's scores and output against the same computation in double precision.
    func check(scores: [Float], out: [Float], query: [Float], keys: [Float], values: [Float], stride: Int, scale: Float) {
        let count = scores.count
        let width = out.count
        var logits = (0..<count).map { i in
            (0..<width).reduce(0.0) { $0 + Double(query[$1]) * Double(keys[i * stride + $1]) } * Double(scale)
        }
        let maximum = logits.max()!
        logits = logits.map { Foundation.exp($0 - maximum) }
        let total = logits.reduce(0, +)
        let probabilities = logits.map { $0 / total }
        var worstScore = 0.0
        for i in 0..<count { worstScore = max(worstScore, abs(Double(scores[i]) - probabilities[i])) }
        var worstOut = 0.0
        for c in 0..<width {
            let expected = (0..<count).reduce(0.0) { $0 + probabilities[$1] * Double(values[$1 * stride + c]) }
            worstOut = max(worstOut, abs(Double(out[c]) - expected))
        }
        #expect(scores.allSatisfy(\.isFinite) && out.allSatisfy(\.isFinite), "every score and output is written")
        #expect(worstScore < 1e-6, "width \(width), \(count) positions: scores off by \(worstScore)")
        #expect(worstOut < 1e-5, "width \(width), \(count) positions: output off by \(worstOut)")
    }
}

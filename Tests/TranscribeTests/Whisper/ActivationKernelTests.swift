import Foundation
import Testing

@testable import Transcribe

/// The softmax, GELU and layer-norm kernels (AVX-512 where the CPU has it, the Swift loops
/// otherwise) against straightforward double-precision references.
@Suite("Activation kernels")
struct ActivationKernelTests {
    /// Deterministic values in `range` (a linear congruential generator).
    static func values(_ count: Int, in range: ClosedRange<Double>, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(range.lowerBound + (range.upperBound - range.lowerBound) * Double(state >> 11) / Double(1 << 53))
        }
    }

    /// Ratios within a row cancel the (float32) normalising sum, so they test `exp` itself; the
    /// sum is checked on its own.
    @Test("softmax: ratios match exp in double precision within 1e-6 relative, rows sum to 1", arguments: Kernels.hasAVX512 ? [true, false] : [false])
    func softmax(vectorised: Bool) {
        for columns in [1, 15, 16, 17, 100, 1500] {
            let rows = 3
            let stride = columns + 5
            var x = Self.values(rows * stride, in: -40...40, seed: UInt64(columns))
            // Far-off scores underflow to 0, as exp does.
            x[0] = -200
            let original = x
            x.withUnsafeMutableBufferPointer {
                Kernels.softmax($0.baseAddress!, rows: rows, columns: columns, stride: stride, vectorised: vectorised)
            }
            for row in 0..<rows {
                let line = original[(row * stride)..<(row * stride + columns)].map(Double.init)
                let result = x[(row * stride)..<(row * stride + columns)].map(Double.init)
                let top = line.indices.max { line[$0] < line[$1] }!
                for column in 0..<columns {
                    // The kernel's argument is the float difference, rounded as it is.
                    let expected = Foundation.exp(Double(Float(line[column]) - Float(line[top])))
                    let ratio = result[column] / result[top]
                    #expect(abs(ratio - expected) <= 1e-6 * expected + 1e-30, "columns \(columns) row \(row) column \(column)")
                }
                #expect(abs(result.reduce(0, +) - 1) < 1e-5, "columns \(columns) row \(row)")
                // Values past `columns` are left alone.
                for column in columns..<stride { #expect(x[row * stride + column] == original[row * stride + column]) }
            }
        }
    }

    @Test("GELU matches x·(1 + erf(x/√2))/2 in double precision within 1e-6", arguments: Kernels.hasAVX512 ? [true, false] : [false])
    func gelu(vectorised: Bool) {
        for count in [1, 7, 16, 33, 10_001] {
            var x = Self.values(count, in: -12...12, seed: UInt64(count))
            let original = x
            x.withUnsafeMutableBufferPointer { Kernels.gelu($0.baseAddress!, count: count, vectorised: vectorised) }
            for (value, result) in zip(original, x) {
                let v = Double(value)
                let expected = 0.5 * v * (1 + Foundation.erf(v / 2.0.squareRoot()))
                #expect(abs(Double(result) - expected) <= 1e-6 * max(1, abs(v)), "gelu(\(value)) = \(result), not \(expected)")
            }
        }
    }

    @Test("layer norm matches the double-precision formula within 1e-5", arguments: Kernels.hasAVX512 ? [true, false] : [false])
    func layerNorm(vectorised: Bool) {
        for width in [5, 100, 384, 512] {
            let rows = 4
            let x = Self.values(rows * width, in: -3...7, seed: UInt64(width))
            let weights = LayerNormWeights(
                gamma: Self.values(width, in: 0.5...2, seed: 1), beta: Self.values(width, in: -1...1, seed: 2))
            var out = [Float](repeating: .nan, count: rows * width)
            x.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    Kernels.layerNorm(
                        input.baseAddress!, rows: rows, width: width, weights, into: output.baseAddress!, vectorised: vectorised)
                }
            }
            for row in 0..<rows {
                let line = x[(row * width)..<((row + 1) * width)].map(Double.init)
                let mean = line.reduce(0, +) / Double(width)
                let variance = line.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(width)
                for (index, value) in line.enumerated() {
                    let expected =
                        (value - mean) / (variance + 1e-5).squareRoot() * Double(weights.gamma[index]) + Double(weights.beta[index])
                    #expect(abs(Double(out[row * width + index]) - expected) <= 1e-5 * max(1, abs(expected)), "width \(width) row \(row)")
                }
            }
        }
    }
}

import Foundation
import Testing

@testable import Transcribe

/// The int8 dense layer (``Int8Matrix`` and `Kernels.int8Linear`) against the float32 product on
/// real weights and real activations of tiny.en.
@Suite("Int8 kernels", .serialized)
struct Int8KernelTests {
    /// Token embeddings of tiny.en as activations: `rows` real vectors of the model's width.
    static func activations(_ model: WhisperModel, rows: Int) -> [Float] {
        let d = model.width
        var x = [Float](repeating: 0, count: rows * d)
        x.withUnsafeMutableBufferPointer { target in
            for row in 0..<rows {
                let token = (row * 7919) % model.vocabularySize
                model.weights.tokenEmbedding.matrix.row(token, columns: d, into: target.baseAddress! + row * d)
            }
        }
        return x
    }

    static func floatWeights(_ layer: LinearWeights) throws -> [Float] {
        guard case .float32(let values) = layer.matrix else { throw CancellationError() }
        return values
    }

    static func run(_ x: [Float], rows: Int, _ layer: LinearWeights, accumulateOnto start: [Float]? = nil) -> [Float] {
        var out = start ?? [Float](repeating: 0, count: rows * layer.outputs)
        x.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                Kernels.linear(input.baseAddress!, rows: rows, layer, into: output.baseAddress!, accumulate: start != nil)
            }
        }
        return out
    }

    static func relativeError(_ a: [Float], _ b: [Float]) -> Float {
        var difference: Float = 0
        var norm: Float = 0
        for (x, y) in zip(a, b) {
            difference += (x - y) * (x - y)
            norm += y * y
        }
        return (difference / norm).squareRoot()
    }

    @Test("int8 products stay within 1.5 % of float32 (rows 1, 5, 37, 300; with bias, tails, accumulation)")
    func matchesFloat32() throws {
        let model = try WhisperTestFiles.model("whisper-tiny.en")
        let layer = model.weights.decoderLayers[0]
        let cases: [(LinearWeights, String)] = [
            (layer.ffnIn, "ffn in"), (layer.ffnOut, "ffn out"), (layer.selfQKV, "qkv"), (model.weights.tokenEmbedding, "logits"),
        ]
        for (float, name) in cases {
            let quantised = LinearWeights(
                matrix: .int8(Int8Matrix(try Self.floatWeights(float), rows: float.outputs, columns: float.inputs)),
                bias: float.bias, outputs: float.outputs, inputs: float.inputs)
            for rows in name == "logits" ? [1, 5] : [1, 5, 37, 300] {
                var x = Self.activations(model, rows: rows)
                if float.inputs != model.width {  // ffn out: widen the activations by repetition
                    x = (0..<(rows * float.inputs)).map { x[($0 / float.inputs) * model.width + $0 % model.width] }
                }
                let expected = Self.run(x, rows: rows, float)
                let actual = Self.run(x, rows: rows, quantised)
                let error = Self.relativeError(actual, expected)
                #expect(error < 0.015, "\(name), \(rows) rows: relative error \(error)")
                #expect(error > 0, "\(name): int8 cannot be exact")
                let start = (0..<(rows * float.outputs)).map { Float($0 % 13) - 6 }
                let sum = Self.run(x, rows: rows, quantised, accumulateOnto: start)
                #expect(zip(sum, zip(start, actual)).allSatisfy { abs($0 - ($1.0 + $1.1)) <= 1e-4 * max(1, abs($0)) })
            }
        }
    }

    @Test("the VNNI kernel and the portable loop give the same floats", .enabled(if: Kernels.hasVNNI, "needs AVX-512 VNNI"))
    func vnniMatchesPortable() throws {
        let model = try WhisperTestFiles.model("whisper-tiny.en", .int8)
        let layer = model.weights.decoderLayers[1].selfQKV
        guard case .int8(let matrix) = layer.matrix else { throw CancellationError() }
        for rows in [1, 5, 13] {
            let x = Self.activations(model, rows: rows)
            func product(vnni: Bool) -> [Float] {
                var out = [Float](repeating: 0, count: rows * layer.outputs)
                x.withUnsafeBufferPointer { input in
                    out.withUnsafeMutableBufferPointer { output in
                        Kernels.int8Linear(
                            input.baseAddress!, rows: rows, inputStride: model.width, matrix, bias: layer.bias,
                            into: output.baseAddress!, outputStride: layer.outputs, accumulate: false, vnni: vnni)
                    }
                }
                return out
            }
            let fast = product(vnni: true)
            let portable = product(vnni: false)
            #expect(fast == portable)
        }
    }

    @Test("a quantised row dequantises to within half a step of the float16 weights")
    func rowRoundTrip() throws {
        let float = try WhisperTestFiles.model("whisper-tiny.en").weights.tokenEmbedding
        let values = try Self.floatWeights(float)
        let matrix = Int8Matrix(values, rows: float.outputs, columns: float.inputs)
        #expect(matrix.packed.count == 3242 * 16 * 384)  // 51864 rows padded to panels of 16
        var row = [Float](repeating: 0, count: float.inputs)
        for token in [0, 220, 50256, 51863] {
            row.withUnsafeMutableBufferPointer { matrix.row(token, into: $0.baseAddress!) }
            let original = values[(token * float.inputs)..<((token + 1) * float.inputs)]
            let step = matrix.scales[token]
            #expect(step > 0)
            #expect(zip(row, original).allSatisfy { abs($0 - $1) <= step / 2 * 1.0001 })
        }
    }
}

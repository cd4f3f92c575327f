import Foundation
import Testing
import Transcribe

@Suite("Checkpoint quantisation from stored types")
struct CheckpointQuantizationTests {
    /// dtype codes as CTranslate2 writes them.
    static let float32: UInt8 = 0, int8: UInt8 = 1, int16: UInt8 = 2, float16: UInt8 = 4, bfloat16: UInt8 = 5

    /// A tiny Whisper-like checkpoint: a dense weight in `dense`, its scale if `scale` is given, a
    /// layer norm and bias in `float`, and the int8 flag scalars every Whisper checkpoint has.
    static func checkpoint(dense: UInt8, scale: UInt8?, float: UInt8) throws -> CTranslate2Checkpoint {
        var variables: [(String, [Int], UInt8)] = [
            ("decoder/activation", [], int8), ("decoder/pre_norm", [], int8),
            ("encoder/layer_0/ffn/linear_0/weight", [4, 2], dense),
            ("encoder/layer_0/ffn/linear_0/bias", [4], float), ("encoder/layer_0/ffn/layer_norm/gamma", [2], float),
            ("encoder/layer_0/ffn/layer_norm/beta", [2], float),
        ]
        if let scale { variables.append(("encoder/layer_0/ffn/linear_0/weight_scale", [4], scale)) }
        return try CTranslate2Checkpoint(data: Self.bytes(variables), url: URL(fileURLWithPath: "/synthetic/model.bin"))
    }

    /// The binary layout of `model.bin` version 6 (see ``CTranslate2Checkpoint``), zero-filled values.
    static func bytes(_ variables: [(name: String, shape: [Int], dtype: UInt8)]) -> Data {
        var data = Data()
        func u32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { data.append(contentsOf: $0) } }
        func string(_ text: String) {
            withUnsafeBytes(of: UInt16(text.utf8.count + 1).littleEndian) { data.append(contentsOf: $0) }
            data.append(contentsOf: Array(text.utf8) + [0])
        }
        u32(6)
        string("WhisperSpec")
        u32(3)
        u32(variables.count)
        for variable in variables {
            string(variable.name)
            data.append(UInt8(variable.shape.count))
            for dimension in variable.shape { u32(dimension) }
            data.append(variable.dtype)
            let size = [0: 4, 1: 1, 2: 2, 4: 2, 5: 2][Int(variable.dtype)]!
            let count = variable.shape.reduce(1, *) * size
            u32(count)
            data.append(Data(count: count))
        }
        u32(0)
        return data
    }

    /// Every case has the int8 flag scalars: only a dense weight with a scale makes it int8.
    @Test(
        arguments: [
            (float32, nil, float32, CheckpointQuantization.float32),
            (float16, nil, float16, .float16),
            (bfloat16, nil, bfloat16, .bfloat16),
            (int8, float32, float32, .int8Float32),
            (int8, float32, float16, .int8Float16),
            (int8, float32, bfloat16, .int8Bfloat16),
            (int16, float32, float32, .int16),
        ] as [(UInt8, UInt8?, UInt8, CheckpointQuantization)])
    func storedTypesNameTheQuantization(dense: UInt8, scale: UInt8?, float: UInt8, expected: CheckpointQuantization) throws {
        #expect(CheckpointQuantization(try Self.checkpoint(dense: dense, scale: scale, float: float)) == expected)
    }

    @Test func rawValuesAreCTranslate2Names() {
        #expect(
            CheckpointQuantization.allCases.map(\.rawValue)
                == ["float32", "float16", "bfloat16", "int8_float32", "int8_float16", "int8_bfloat16", "int16"])
    }
}

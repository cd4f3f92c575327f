/// How a checkpoint stores its weights, in the names `ct2-transformers-converter --quantization`
/// takes: the dense matrices as floats or as int8 with one scale per row, and the other arrays
/// (norms, biases, positions) as float32, float16 or bfloat16.
public struct StoredQuantization: Sendable, Equatable, CustomStringConvertible {
    /// A floating-point storage type.
    public enum FloatType: String, Sendable, Equatable {
        case float32, float16, bfloat16

        init?(code: UInt8) {
            switch code {
            case 0: self = .float32
            case 4: self = .float16
            case 5: self = .bfloat16
            default: return nil
            }
        }
    }

    /// Whether the dense matrices are int8 with per-row scales.
    public var int8: Bool
    /// The type of the other floating-point arrays.
    public var floats: FloatType

    /// `float16`, `int8_float16`, `int8_float32`...
    public var description: String { int8 ? "int8_\(floats.rawValue)" : floats.rawValue }

    /// Reads the storage of `checkpoint` from a dense matrix and a layer norm of the decoder.
    init?(_ checkpoint: CTranslate2Checkpoint) {
        guard let matrix = checkpoint.variables["decoder/layer_0/ffn/linear_0/weight"],
            let norm = checkpoint.variables["decoder/layer_0/ffn/layer_norm/gamma"],
            let floats = FloatType(code: norm.storedType)
        else { return nil }
        self.int8 = matrix.storedType == 1
        self.floats = floats
    }
}

/// How a CTranslate2 checkpoint stores its weights, by the names `ct2-transformers-converter
/// --quantization` takes: a float type, or int8 (int16) dense weights with a `<name>_scale`
/// variable beside each, the other weights in the float type that follows `int8_`.
public enum CheckpointQuantization: String, Sendable, Codable, CaseIterable {
    /// Every weight in float32.
    case float32
    /// Every weight in float16.
    case float16
    /// Every weight in bfloat16.
    case bfloat16
    /// int8 dense weights with scales, the rest in float32 (CTranslate2's `int8`).
    case int8Float32 = "int8_float32"
    /// int8 dense weights with scales, the rest in float16.
    case int8Float16 = "int8_float16"
    /// int8 dense weights with scales, the rest in bfloat16.
    case int8Bfloat16 = "int8_bfloat16"
    /// int16 dense weights with scales, the rest in float32.
    case int16

    /// The quantisation of `checkpoint`, read from its variables' stored types (nothing is widened).
    public init(_ checkpoint: CTranslate2Checkpoint) {
        let variables = checkpoint.variables
        let scaled = variables.filter { name, variable in
            (variable.storedType == 1 || variable.storedType == 2) && variables[name + "_scale"] != nil
        }
        // The float type most weights other than scales are stored in.
        var counts: [UInt8: Int] = [:]
        for (name, variable) in variables where [0, 4, 5].contains(variable.storedType) && !name.hasSuffix("_scale") {
            counts[variable.storedType, default: 0] += 1
        }
        let float = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? 0
        if scaled.values.contains(where: { $0.storedType == 2 }) {
            self = .int16
        } else if !scaled.isEmpty {
            self = float == 4 ? .int8Float16 : float == 5 ? .int8Bfloat16 : .int8Float32
        } else {
            self = float == 4 ? .float16 : float == 5 ? .bfloat16 : .float32
        }
    }
}

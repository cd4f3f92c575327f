import Foundation

/// Reads the arrays of a Whisper checkpoint by name, checks their shapes, dequantises int8
/// matrices stored with per-row scales, and remembers what was read, so that a variable the
/// engine does not understand is refused instead of ignored.
struct CheckpointReader {
    let checkpoint: CTranslate2Checkpoint
    let url: URL
    let computeType: ComputeType
    private var read: Set<String> = []

    init(checkpoint: CTranslate2Checkpoint, url: URL, computeType: ComputeType) {
        self.checkpoint = checkpoint
        self.url = url
        self.computeType = computeType
    }

    /// Marks `name` as understood.
    mutating func consume(_ name: String) { read.insert(name) }

    /// The variable `name`, with `shape` if given.
    mutating func variable(_ name: String, _ shape: [Int]? = nil) throws(ModelError) -> CTranslate2Checkpoint.Variable {
        guard let variable = checkpoint.variables[name], shape == nil || variable.shape == shape! else {
            throw ModelError(url: url, reason: .missingVariable(name))
        }
        read.insert(name)
        return variable
    }

    /// A head count, which must divide `width`.
    mutating func heads(_ name: String, width: Int) throws(ModelError) -> Int {
        let heads = Int(try variable(name).values.first ?? 0)
        guard heads > 0, width % heads == 0 else { throw ModelError(url: url, reason: .missingVariable(name)) }
        return heads
    }

    /// Row-major floats of `name`, dequantised (`q / scale[row]`, CTranslate2's convention) when
    /// the checkpoint stores it as int8 with a `<name>_scale` of one scale per row.
    mutating func floats(_ name: String, _ shape: [Int]) throws(ModelError) -> [Float] {
        let variable = try variable(name, shape)
        guard let (quantised, scales) = try quantised(name, variable) else {
            guard Self.isFloat(variable.storedType) else {
                throw ModelError(url: url, reason: .unsupported("\(name) stored as \(Self.typeName(variable.storedType)) without scales"))
            }
            return variable.values
        }
        let rows = scales.count
        let columns = quantised.count / max(rows, 1)
        var values = quantised
        for row in 0..<rows {
            let inverse = 1 / scales[row]
            for column in 0..<columns { values[row * columns + column] *= inverse }
        }
        return values
    }

    /// Scale, shift of a layer norm of `width`.
    mutating func norm(_ prefix: String, _ width: Int) throws(ModelError) -> LayerNormWeights {
        LayerNormWeights(gamma: try floats(prefix + "/gamma", [width]), beta: try floats(prefix + "/beta", [width]))
    }

    /// A dense layer `[outputs, inputs]` in the compute type, with its bias if the checkpoint has one
    /// (`bias: false`: none is expected). Int8 weights go to the int8 kernel as stored.
    mutating func linear(_ prefix: String, _ outputs: Int, _ inputs: Int, bias: Bool = true) throws(ModelError) -> LinearWeights {
        let name = prefix + "/weight"
        let variable = try variable(name, [outputs, inputs])
        let matrix: WeightMatrix
        if computeType == .int8, let (quantised, scales) = try quantised(name, variable) {
            matrix = .int8(Int8Matrix(quantised: quantised, scales: scales.map { 1 / $0 }, rows: outputs, columns: inputs))
        } else {
            matrix = WeightMatrix(try floats(name, [outputs, inputs]), rows: outputs, columns: inputs, type: computeType)
        }
        var biasValues: [Float] = []
        if bias, checkpoint.variables[prefix + "/bias"] != nil {
            biasValues = try floats(prefix + "/bias", [outputs])
        }
        return LinearWeights(matrix: matrix, bias: biasValues, outputs: outputs, inputs: inputs)
    }

    /// The stored integers and CTranslate2's per-row scales of an int8 variable, or nil for a float one.
    private mutating func quantised(
        _ name: String, _ variable: CTranslate2Checkpoint.Variable
    ) throws(ModelError) -> ([Float], [Float])? {
        guard let scale = checkpoint.variables[name + "_scale"] else { return nil }
        read.insert(name + "_scale")
        guard variable.storedType == 1 else {
            throw ModelError(
                url: url,
                reason: .unsupported(
                    "\(name) quantised as \(Self.typeName(variable.storedType)) (only int8 with per-row scales is read)"))
        }
        let rows = variable.shape.first ?? 0
        guard scale.shape == [rows], Self.isFloat(scale.storedType) else {
            throw ModelError(url: url, reason: .badVariable(name: name + "_scale", detail: "shape \(scale.shape) for \(rows) rows"))
        }
        let scales = scale.values
        guard scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw ModelError(url: url, reason: .badVariable(name: name + "_scale", detail: "a scale is zero, negative or not finite"))
        }
        return (variable.values, scales)
    }

    /// Checks the architecture flags CTranslate2 stores as scalars: Whisper's are a pre-norm
    /// decoder with GELU, no ALiBi, no embedding scaling.
    mutating func expectFlags() throws(ModelError) {
        let expected: [(String, Float, String)] = [
            ("decoder/activation", 3, "an activation other than GELU"),
            ("decoder/pre_norm", 1, "post-norm decoder layers"),
            ("decoder/alibi", 0, "ALiBi positions"),
            ("decoder/alibi_use_positive_positions", 0, "ALiBi positions"),
            ("decoder/scale_alibi", 0, "ALiBi positions"),
            ("decoder/scale_embeddings", 0, "scaled embeddings"),
            ("decoder/start_from_zero_embedding", 0, "a zero start embedding"),
        ]
        for (name, value, feature) in expected where checkpoint.variables[name] != nil {
            guard try variable(name).values.first == value else { throw ModelError(url: url, reason: .unsupported(feature)) }
        }
        // Informative scalars of the converter (alignment heads come from config.json).
        for name in ["decoder/alignment_heads", "decoder/alignment_layer"] { read.insert(name) }
    }

    /// Refuses the checkpoint if it has a variable nothing read: a feature the engine would
    /// otherwise silently ignore (and transcribe wrongly).
    func expectAllRead() throws(ModelError) {
        let unknown = Set(checkpoint.variables.keys).subtracting(read).sorted()
        guard unknown.isEmpty else {
            let listed = unknown.prefix(3).joined(separator: ", ") + (unknown.count > 3 ? " and \(unknown.count - 3) more" : "")
            throw ModelError(url: url, reason: .unsupported("variables a Whisper model does not have: \(listed)"))
        }
    }

    /// Whether a dtype code is float32, float16 or bfloat16.
    static func isFloat(_ code: UInt8) -> Bool { code == 0 || code == 4 || code == 5 }

    static func typeName(_ code: UInt8) -> String {
        switch code {
        case 0: "float32"
        case 1: "int8"
        case 2: "int16"
        case 3: "int32"
        case 4: "float16"
        case 5: "bfloat16"
        default: "type \(code)"
        }
    }
}

import Foundation

/// Scale and shift of a layer normalisation.
struct LayerNormWeights: Sendable {
    var gamma: [Float]
    var beta: [Float]
}

/// The matrix of a dense layer in one of the ``ComputeType`` formats.
enum WeightMatrix: Sendable {
    /// Row-major `[outputs, inputs]` floats.
    case float32([Float])
    /// Quantised and packed for the int8 kernel.
    case int8(Int8Matrix)

    /// Stores `values` (`rows × columns`, row-major) in `type`.
    init(_ values: [Float], rows: Int, columns: Int, type: ComputeType) {
        switch type {
        case .float32: self = .float32(values)
        case .int8: self = .int8(Int8Matrix(values, rows: rows, columns: columns))
        }
    }

    /// Writes row `row` (`columns` values) into `target` as floats.
    func row(_ row: Int, columns: Int, into target: UnsafeMutablePointer<Float>) {
        switch self {
        case .float32(let values):
            values.withUnsafeBufferPointer { source in
                target.update(from: source.baseAddress! + row * columns, count: columns)
            }
        case .int8(let matrix): matrix.row(row, into: target)
        }
    }
}

/// A dense layer `y = x · Wᵀ + b`, `W` `[outputs, inputs]` (no bias when `bias` is empty).
struct LinearWeights: Sendable {
    var matrix: WeightMatrix
    var bias: [Float]
    var outputs: Int
    var inputs: Int

    /// A float32 layer from row-major `weight`.
    init(weight: [Float], bias: [Float], outputs: Int, inputs: Int) {
        self.init(matrix: .float32(weight), bias: bias, outputs: outputs, inputs: inputs)
    }

    init(matrix: WeightMatrix, bias: [Float], outputs: Int, inputs: Int) {
        self.matrix = matrix
        self.bias = bias
        self.outputs = outputs
        self.inputs = inputs
    }
}

/// One pre-norm encoder block.
struct EncoderLayerWeights: Sendable {
    var attentionNorm: LayerNormWeights
    /// Fused query, key, value projection `[3d, d]`.
    var qkv: LinearWeights
    var attentionOutput: LinearWeights
    var ffnNorm: LayerNormWeights
    var ffnIn: LinearWeights
    var ffnOut: LinearWeights
}

/// One pre-norm decoder block: causal self-attention, cross-attention, feed-forward.
struct DecoderLayerWeights: Sendable {
    var selfNorm: LayerNormWeights
    var selfQKV: LinearWeights
    var selfOutput: LinearWeights
    var crossNorm: LayerNormWeights
    var crossQuery: LinearWeights
    /// Fused key, value projection of the encoder output `[2d, d]`.
    var crossKeyValue: LinearWeights
    var crossOutput: LinearWeights
    var ffnNorm: LayerNormWeights
    var ffnIn: LinearWeights
    var ffnOut: LinearWeights
}

/// All the arrays of a Whisper model, checked against the architecture's shapes.
///
/// The dense layers (attention projections, feed-forward, the tied output projection) are
/// stored in the ``ComputeType`` asked for, each converted from the file's float16 on its own so
/// that no second full-precision copy of the model is ever held; convolutions, norms, biases and
/// position tables stay float32.
struct WhisperWeights: Sendable {
    var computeType: ComputeType
    var width: Int
    var heads: Int
    var melBins: Int
    var vocabularySize: Int
    var maxTargetPositions: Int
    var conv1Weight: [Float]  // [d, mel, 3]
    var conv1Bias: [Float]
    var conv2Weight: [Float]  // [d, d, 3]
    var conv2Bias: [Float]
    var encoderPositions: [Float]  // [1500, d]
    var encoderLayers: [EncoderLayerWeights]
    var encoderNorm: LayerNormWeights
    /// Token embedding `[vocab, d]`, also the output projection (no bias).
    var tokenEmbedding: LinearWeights
    var decoderPositions: [Float]  // [448, d]
    var decoderLayers: [DecoderLayerWeights]
    var decoderNorm: LayerNormWeights

    init(checkpoint: CTranslate2Checkpoint, url: URL, computeType: ComputeType = .float32) throws(ModelError) {
        let variables = checkpoint.variables
        func array(_ name: String, _ shape: [Int]? = nil) throws(ModelError) -> CTranslate2Checkpoint.Variable {
            guard let variable = variables[name], shape == nil || variable.shape == shape! else {
                throw ModelError(url: url, reason: .missingVariable(name))
            }
            return variable
        }
        let conv1 = try array("encoder/conv1/weight")
        guard conv1.shape.count == 3, conv1.shape[2] == 3 else {
            throw ModelError(url: url, reason: .missingVariable("encoder/conv1/weight"))
        }
        let width = conv1.shape[0]
        let melBins = conv1.shape[1]
        let heads = Int(try array("encoder/num_heads").values.first ?? 0)
        guard heads > 0, width % heads == 0 else { throw ModelError(url: url, reason: .missingVariable("encoder/num_heads")) }
        guard computeType != .int8 || width % 4 == 0 else {
            throw ModelError(url: url, reason: .badMetadata("width \(width) is not a multiple of 4: use --compute-type float32"))
        }
        let embedding = try array("decoder/embeddings/weight")
        guard embedding.shape.count == 2, embedding.shape[1] == width else {
            throw ModelError(url: url, reason: .missingVariable("decoder/embeddings/weight"))
        }
        let decoderPositions = try array("decoder/position_encodings/encodings")
        guard decoderPositions.shape.count == 2, decoderPositions.shape[1] == width else {
            throw ModelError(url: url, reason: .missingVariable("decoder/position_encodings/encodings"))
        }
        func norm(_ prefix: String) throws(ModelError) -> LayerNormWeights {
            LayerNormWeights(
                gamma: try array(prefix + "/gamma", [width]).values, beta: try array(prefix + "/beta", [width]).values)
        }
        func linear(_ prefix: String, _ outputs: Int, _ inputs: Int) throws(ModelError) -> LinearWeights {
            LinearWeights(
                matrix: WeightMatrix(
                    try array(prefix + "/weight", [outputs, inputs]).values, rows: outputs, columns: inputs, type: computeType),
                bias: try array(prefix + "/bias", [outputs]).values, outputs: outputs, inputs: inputs)
        }
        var encoderLayers: [EncoderLayerWeights] = []
        while variables["encoder/layer_\(encoderLayers.count)/ffn/linear_0/weight"] != nil {
            let p = "encoder/layer_\(encoderLayers.count)"
            let hidden = variables[p + "/ffn/linear_0/weight"]!.shape.first ?? 0
            encoderLayers.append(
                EncoderLayerWeights(
                    attentionNorm: try norm(p + "/self_attention/layer_norm"),
                    qkv: try linear(p + "/self_attention/linear_0", 3 * width, width),
                    attentionOutput: try linear(p + "/self_attention/linear_1", width, width),
                    ffnNorm: try norm(p + "/ffn/layer_norm"),
                    ffnIn: try linear(p + "/ffn/linear_0", hidden, width),
                    ffnOut: try linear(p + "/ffn/linear_1", width, hidden)))
        }
        var decoderLayers: [DecoderLayerWeights] = []
        while variables["decoder/layer_\(decoderLayers.count)/ffn/linear_0/weight"] != nil {
            let p = "decoder/layer_\(decoderLayers.count)"
            let hidden = variables[p + "/ffn/linear_0/weight"]!.shape.first ?? 0
            decoderLayers.append(
                DecoderLayerWeights(
                    selfNorm: try norm(p + "/self_attention/layer_norm"),
                    selfQKV: try linear(p + "/self_attention/linear_0", 3 * width, width),
                    selfOutput: try linear(p + "/self_attention/linear_1", width, width),
                    crossNorm: try norm(p + "/attention/layer_norm"),
                    crossQuery: try linear(p + "/attention/linear_0", width, width),
                    crossKeyValue: try linear(p + "/attention/linear_1", 2 * width, width),
                    crossOutput: try linear(p + "/attention/linear_2", width, width),
                    ffnNorm: try norm(p + "/ffn/layer_norm"),
                    ffnIn: try linear(p + "/ffn/linear_0", hidden, width),
                    ffnOut: try linear(p + "/ffn/linear_1", width, hidden)))
        }
        guard !encoderLayers.isEmpty else { throw ModelError(url: url, reason: .missingVariable("encoder/layer_0")) }
        guard !decoderLayers.isEmpty else { throw ModelError(url: url, reason: .missingVariable("decoder/layer_0")) }
        self.computeType = computeType
        self.width = width
        self.heads = heads
        self.melBins = melBins
        self.vocabularySize = embedding.shape[0]
        self.maxTargetPositions = decoderPositions.shape[0]
        self.conv1Weight = conv1.values
        self.conv1Bias = try array("encoder/conv1/bias", [width]).values
        self.conv2Weight = try array("encoder/conv2/weight", [width, width, 3]).values
        self.conv2Bias = try array("encoder/conv2/bias", [width]).values
        self.encoderPositions = try array("encoder/position_encodings/encodings", [1500, width]).values
        self.encoderLayers = encoderLayers
        self.encoderNorm = try norm("encoder/layer_norm")
        self.tokenEmbedding = LinearWeights(
            matrix: WeightMatrix(embedding.values, rows: embedding.shape[0], columns: width, type: computeType), bias: [],
            outputs: embedding.shape[0], inputs: width)
        self.decoderPositions = decoderPositions.values
        self.decoderLayers = decoderLayers
        self.decoderNorm = try norm("decoder/layer_norm")
    }
}

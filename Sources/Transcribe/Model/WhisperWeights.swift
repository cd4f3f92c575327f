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

/// All the arrays of a Whisper model, with the shapes read from the checkpoint.
///
/// Any number of layers and heads, 80 or 128 mel bins, any vocabulary; weights stored as
/// float32, float16, bfloat16, or int8 with one scale per row (`<name>_scale`, as CTranslate2's
/// `int8*` quantisations write them). The dense layers (attention projections, feed-forward, the
/// output projection) are held in the ``ComputeType`` asked for, each converted on its own so
/// that no second full-precision copy of the model is ever held; int8 weights go to the int8
/// kernel as stored. Convolutions, norms, biases and position tables are float32.
struct WhisperWeights: Sendable {
    var computeType: ComputeType
    /// How the file stores the weights.
    var storage: CheckpointQuantization
    var width: Int
    /// Attention heads of the encoder's blocks.
    var heads: Int
    /// Attention heads of the decoder's blocks.
    var decoderHeads: Int
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
    /// Token embedding `[vocab, d]`.
    var tokenEmbedding: LinearWeights
    /// Output projection `[vocab, d]`: the token embedding itself when the checkpoint ties them
    /// (the same storage, not a copy).
    var outputProjection: LinearWeights
    var decoderPositions: [Float]  // [448, d]
    var decoderLayers: [DecoderLayerWeights]
    var decoderNorm: LayerNormWeights

    init(checkpoint: CTranslate2Checkpoint, url: URL, computeType: ComputeType = .float32) throws(ModelError) {
        var reader = CheckpointReader(checkpoint: checkpoint, url: url, computeType: computeType)
        let storage = CheckpointQuantization(checkpoint)
        try reader.expectFlags()
        let conv1 = try reader.variable("encoder/conv1/weight")
        guard conv1.shape.count == 3, conv1.shape[2] == 3 else {
            throw ModelError(url: url, reason: .missingVariable("encoder/conv1/weight"))
        }
        let width = conv1.shape[0]
        let melBins = conv1.shape[1]
        let heads = try reader.heads("encoder/num_heads", width: width)
        let decoderHeads = checkpoint.variables["decoder/num_heads"] == nil
            ? heads : try reader.heads("decoder/num_heads", width: width)
        guard computeType != .int8 || width % 4 == 0 else {
            throw ModelError(url: url, reason: .unsupported("a width of \(width), not a multiple of 4, in int8: use --compute-type float32"))
        }
        let embedding = try reader.variable("decoder/embeddings/weight")
        guard embedding.shape.count == 2, embedding.shape[1] == width else {
            throw ModelError(url: url, reason: .missingVariable("decoder/embeddings/weight"))
        }
        let vocabularySize = embedding.shape[0]
        let decoderPositions = try reader.variable("decoder/position_encodings/encodings")
        guard decoderPositions.shape.count == 2, decoderPositions.shape[1] == width else {
            throw ModelError(url: url, reason: .missingVariable("decoder/position_encodings/encodings"))
        }
        var encoderLayers: [EncoderLayerWeights] = []
        while checkpoint.variables["encoder/layer_\(encoderLayers.count)/ffn/linear_0/weight"] != nil {
            let p = "encoder/layer_\(encoderLayers.count)"
            let hidden = checkpoint.variables[p + "/ffn/linear_0/weight"]!.shape.first ?? 0
            encoderLayers.append(
                EncoderLayerWeights(
                    attentionNorm: try reader.norm(p + "/self_attention/layer_norm", width),
                    qkv: try reader.linear(p + "/self_attention/linear_0", 3 * width, width),
                    attentionOutput: try reader.linear(p + "/self_attention/linear_1", width, width),
                    ffnNorm: try reader.norm(p + "/ffn/layer_norm", width),
                    ffnIn: try reader.linear(p + "/ffn/linear_0", hidden, width),
                    ffnOut: try reader.linear(p + "/ffn/linear_1", width, hidden)))
        }
        var decoderLayers: [DecoderLayerWeights] = []
        while checkpoint.variables["decoder/layer_\(decoderLayers.count)/ffn/linear_0/weight"] != nil {
            let p = "decoder/layer_\(decoderLayers.count)"
            let hidden = checkpoint.variables[p + "/ffn/linear_0/weight"]!.shape.first ?? 0
            decoderLayers.append(
                DecoderLayerWeights(
                    selfNorm: try reader.norm(p + "/self_attention/layer_norm", width),
                    selfQKV: try reader.linear(p + "/self_attention/linear_0", 3 * width, width),
                    selfOutput: try reader.linear(p + "/self_attention/linear_1", width, width),
                    crossNorm: try reader.norm(p + "/attention/layer_norm", width),
                    crossQuery: try reader.linear(p + "/attention/linear_0", width, width),
                    crossKeyValue: try reader.linear(p + "/attention/linear_1", 2 * width, width),
                    crossOutput: try reader.linear(p + "/attention/linear_2", width, width),
                    ffnNorm: try reader.norm(p + "/ffn/layer_norm", width),
                    ffnIn: try reader.linear(p + "/ffn/linear_0", hidden, width),
                    ffnOut: try reader.linear(p + "/ffn/linear_1", width, hidden)))
        }
        guard !encoderLayers.isEmpty else { throw ModelError(url: url, reason: .missingVariable("encoder/layer_0")) }
        guard !decoderLayers.isEmpty else { throw ModelError(url: url, reason: .missingVariable("decoder/layer_0")) }
        self.computeType = computeType
        self.storage = storage
        self.width = width
        self.heads = heads
        self.decoderHeads = decoderHeads
        self.melBins = melBins
        self.vocabularySize = vocabularySize
        self.maxTargetPositions = decoderPositions.shape[0]
        self.conv1Weight = try reader.floats("encoder/conv1/weight", [width, melBins, 3])
        self.conv1Bias = try reader.floats("encoder/conv1/bias", [width])
        self.conv2Weight = try reader.floats("encoder/conv2/weight", [width, width, 3])
        self.conv2Bias = try reader.floats("encoder/conv2/bias", [width])
        self.encoderPositions = try reader.floats("encoder/position_encodings/encodings", [1500, width])
        self.encoderLayers = encoderLayers
        self.encoderNorm = try reader.norm("encoder/layer_norm", width)
        let embeddingLayer = try reader.linear("decoder/embeddings", vocabularySize, width, bias: false)
        self.tokenEmbedding = embeddingLayer
        if checkpoint.variables["decoder/projection/weight"] == nil
            || checkpoint.aliases["decoder/projection/weight"] == "decoder/embeddings/weight"
        {
            reader.consume("decoder/projection/weight")
            self.outputProjection = embeddingLayer
        } else {
            self.outputProjection = try reader.linear("decoder/projection", vocabularySize, width, bias: true)
        }
        self.decoderPositions = try reader.floats("decoder/position_encodings/encodings", decoderPositions.shape)
        self.decoderLayers = decoderLayers
        self.decoderNorm = try reader.norm("decoder/layer_norm", width)
        try reader.expectAllRead()
    }
}

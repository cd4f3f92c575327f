import Foundation

/// Scale and shift of a layer normalisation.
struct LayerNormWeights: Sendable {
    var gamma: [Float]
    var beta: [Float]
}

/// A dense layer `y = x · Wᵀ + b`, `W` row-major `[outputs, inputs]`.
struct LinearWeights: Sendable {
    var weight: [Float]
    var bias: [Float]
    var outputs: Int
    var inputs: Int
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
struct WhisperWeights: Sendable {
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
    var tokenEmbedding: [Float]  // [vocab, d], also the output projection
    var decoderPositions: [Float]  // [448, d]
    var decoderLayers: [DecoderLayerWeights]
    var decoderNorm: LayerNormWeights

    init(checkpoint: CTranslate2Checkpoint, url: URL) throws(ModelError) {
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
                weight: try array(prefix + "/weight", [outputs, inputs]).values,
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
        self.tokenEmbedding = embedding.values
        self.decoderPositions = decoderPositions.values
        self.decoderLayers = decoderLayers
        self.decoderNorm = try norm("decoder/layer_norm")
    }
}

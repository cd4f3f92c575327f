import Foundation

/// A Whisper model loaded from a CTranslate2 directory (`model.bin`, `config.json`,
/// `vocabulary.json` or `vocabulary.txt`, `tokenizer.json`), as `models/fetch` installs them or
/// `ct2-transformers-converter` writes them (any size, 80 or 128 mel bins, any quantisation).
///
/// Immutable once loaded, so one model can serve several transcriptions at once.
public final class WhisperModel: Sendable {
    /// The directory the model was read from.
    public let directory: URL
    /// A short name: the directory's last component (`whisper-base`, `whisper-tiny.en`).
    public let name: String
    /// The decoding facts of `config.json`.
    public let config: WhisperConfig
    /// Vocabulary and special tokens.
    public let tokenizer: WhisperTokenizer
    /// Width of the hidden states (512 for base, 384 for tiny).
    public var width: Int { weights.width }
    /// Attention heads per layer.
    public var heads: Int { weights.heads }
    /// Encoder and decoder blocks.
    public var layerCounts: (encoder: Int, decoder: Int) { (weights.encoderLayers.count, weights.decoderLayers.count) }
    /// Vocabulary size of the output layer.
    public var vocabularySize: Int { weights.vocabularySize }
    /// The number format of the dense layers in memory.
    public var computeType: ComputeType { weights.computeType }
    /// Mel bins the encoder expects.
    public var melBins: Int { weights.melBins }
    /// Whether the model transcribes many languages (false for `.en` models).
    public var isMultilingual: Bool { tokenizer.isMultilingual }
    /// How the file stores the weights (`float16`, `int8_float16`...).
    public var storedQuantization: CheckpointQuantization { weights.storage }
    /// The (decoder layer, head) pairs whose cross-attention times words: the checkpoint's, or,
    /// when it names none, every head of the upper half of the decoder (as Whisper does for a
    /// model without a list).
    public var alignmentHeads: [(layer: Int, head: Int)] {
        if !listedAlignmentHeads.isEmpty { return listedAlignmentHeads }
        let layers = layerCounts.decoder
        return (layers / 2..<layers).flatMap { layer in (0..<weights.decoderHeads).map { (layer: layer, head: $0) } }
    }
    /// Whether word times are approximate: the checkpoint names no usable alignment head.
    public var hasApproximateWordTimes: Bool { listedAlignmentHeads.isEmpty }

    /// The pairs of `config.json` that name a head of this decoder.
    private var listedAlignmentHeads: [(layer: Int, head: Int)] {
        config.alignmentHeads.compactMap { $0.count == 2 ? (layer: $0[0], head: $0[1]) : nil }
            .filter { $0.layer >= 0 && $0.layer < layerCounts.decoder && $0.head >= 0 && $0.head < weights.decoderHeads }
    }

    let weights: WhisperWeights

    /// Loads and checks the model in `directory`, its dense layers in `computeType` (by default
    /// the faster type on this CPU, ``ComputeType/preferred``).
    ///
    /// - Throws: ``ModelError`` naming the faulty file if one is missing, damaged or not Whisper.
    public init(directory: URL, computeType: ComputeType = .preferred) throws(ModelError) {
        self.directory = directory
        name = directory.standardizedFileURL.lastPathComponent
        let modelURL = directory.appendingPathComponent("model.bin")
        let checkpoint = try CTranslate2Checkpoint(contentsOf: modelURL)
        guard checkpoint.specName == "WhisperSpec" else {
            throw ModelError(url: modelURL, reason: .wrongSpec(checkpoint.specName))
        }
        weights = try WhisperWeights(checkpoint: checkpoint, url: modelURL, computeType: computeType)
        config = try WhisperConfig(contentsOf: directory.appendingPathComponent("config.json"))
        tokenizer = try WhisperTokenizer(directory: directory)
        guard tokenizer.tokens.count == weights.vocabularySize else {
            throw ModelError(
                url: try WhisperTokenizer.vocabulary(in: directory).0,
                reason: .badMetadata(
                    "\(tokenizer.tokens.count) tokens for an output layer of \(weights.vocabularySize)"))
        }
    }
}

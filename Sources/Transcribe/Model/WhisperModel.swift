import Foundation

/// A Whisper model loaded from a CTranslate2 directory (`model.bin`, `config.json`,
/// `vocabulary.txt`, `tokenizer.json`), as `models/fetch` installs them.
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
                url: directory.appendingPathComponent("vocabulary.txt"),
                reason: .badMetadata(
                    "\(tokenizer.tokens.count) tokens for an output layer of \(weights.vocabularySize)"))
        }
    }
}

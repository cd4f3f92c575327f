import Foundation

/// What an installed Whisper checkpoint is, read cheaply: the shapes and stored types from the
/// header of the mapped `model.bin` (no weight is widened), the languages from the vocabulary.
public struct ModelSummary: Sendable, Equatable, Codable {
    /// The name to pass to `--model` (the folder name without `whisper-`).
    public var name: String
    /// The checkpoint's folder.
    public var path: String
    /// Bytes of the folder's files on disk.
    public var sizeBytes: Int64
    /// Language codes the vocabulary has a token for (`en` first); `["en"]` for an English-only model.
    public var languages: [String]
    /// Whether the model transcribes other languages than English.
    public var isMultilingual: Bool
    /// Mel bins of the input features (80, or 128 for large-v3).
    public var melBins: Int
    /// Transformer layers of the encoder.
    public var encoderLayers: Int
    /// Transformer layers of the decoder.
    public var decoderLayers: Int
    /// The model width (the embedding and attention dimension).
    public var width: Int
    /// How the weights are stored.
    public var quantization: CheckpointQuantization

    /// Reads the summary of the checkpoint in `directory`.
    ///
    /// - Throws: ``ModelError`` if `model.bin` or the vocabulary is unreadable or not a Whisper
    ///   checkpoint's.
    public init(directory: URL) throws(ModelError) {
        let modelURL = directory.appendingPathComponent("model.bin")
        let checkpoint = try CTranslate2Checkpoint(contentsOf: modelURL)
        guard checkpoint.specName == "WhisperSpec" else { throw ModelError(url: modelURL, reason: .wrongSpec(checkpoint.specName)) }
        guard let convolution = checkpoint.variables["encoder/conv1/weight"], convolution.shape.count == 3 else {
            throw ModelError(url: modelURL, reason: .missingVariable("encoder/conv1/weight"))
        }
        let tokenizer = try WhisperTokenizer(directory: directory)
        name = ModelFolder.shortName(directory.standardizedFileURL.lastPathComponent)
        path = directory.standardizedFileURL.path
        sizeBytes = Self.size(of: directory)
        isMultilingual = tokenizer.isMultilingual
        languages = isMultilingual ? tokenizer.languages.map(\.code) : ["en"]
        width = convolution.shape[0]
        melBins = convolution.shape[1]
        encoderLayers = Self.layerCount(checkpoint, "encoder")
        decoderLayers = Self.layerCount(checkpoint, "decoder")
        quantization = CheckpointQuantization(checkpoint)
    }

    /// The number of `<stack>/layer_N/` prefixes among the variables.
    private static func layerCount(_ checkpoint: CTranslate2Checkpoint, _ stack: String) -> Int {
        let prefix = stack + "/layer_"
        var layers = Set<Int>()
        for name in checkpoint.variables.keys where name.hasPrefix(prefix) {
            if let number = Int(name.dropFirst(prefix.count).prefix { $0.isNumber }) { layers.insert(number) }
        }
        return layers.count
    }

    /// The bytes of the regular files in `directory` (links followed).
    private static func size(of directory: URL) -> Int64 {
        let folder = directory.resolvingSymlinksInPath()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.reduce(0) { total, name in
            let file = folder.appendingPathComponent(name).resolvingSymlinksInPath()
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else { return total }
            return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}

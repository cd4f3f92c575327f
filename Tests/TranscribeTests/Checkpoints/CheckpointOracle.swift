import Foundation

/// What `tools/oracle/checkpoints` wrote: random-weight checkpoints of every Whisper shape and
/// quantisation, CTranslate2's greedy tokens on one recording, and the reference log-mel windows.
struct CheckpointOracle: Decodable {
    struct Result: Decodable {
        /// Tokens after the prompt (the end of text, if reached, is not included).
        var tokens: [Int]
        /// Per token, the gap between CTranslate2's two best logits.
        var margins: [Double]
    }

    struct Checkpoint: Decodable {
        var folder: String
        var shape: String
        var quantisation: String
        var melBins: Int
        var encoderLayers: Int
        var decoderLayers: Int
        var width: Int
        var heads: Int
        var vocabularySize: Int
        var languages: Int
        var alignmentHeads: [[Int]]
        var prompt: [Int]
        /// By CTranslate2 compute type (`float32`, and `int8` for int8 checkpoints).
        var results: [String: Result]
    }

    var audio: String
    var checkpoints: [Checkpoint]

    static let directory = WhisperTestFiles.repository.appendingPathComponent("tools/oracle/out/checkpoints")

    static let shapes = ["large-v3-like", "turbo-like", "distil-like", "english-only"]
    static let quantisations = ["float32", "float16", "bfloat16", "int8_float32", "int8_float16", "int8_bfloat16"]
    /// Every folder the generator writes, named here so that a missing one fails instead of vanishing.
    static let folders = shapes.flatMap { shape in quantisations.map { "\(shape)-\($0)" } }

    static let loaded: Swift.Result<CheckpointOracle, CheckpointOracleError> = {
        let url = directory.appendingPathComponent("expected.json")
        guard let data = try? Data(contentsOf: url) else { return .failure(CheckpointOracleError()) }
        do {
            return .success(try JSONDecoder().decode(CheckpointOracle.self, from: data))
        } catch {
            return .failure(CheckpointOracleError(detail: "\(error)"))
        }
    }()

    static func checkpoint(_ folder: String) throws -> Checkpoint {
        let oracle = try loaded.get()
        guard let entry = oracle.checkpoints.first(where: { $0.folder == folder }) else {
            throw CheckpointOracleError(detail: "expected.json has no \(folder)")
        }
        return entry
    }

    /// The feature extractor's window of `bins` mel bins, bin-major `[bins, 3000]`.
    static func referenceMel(bins: Int) throws -> [Float] {
        let data = try Data(contentsOf: directory.appendingPathComponent("mel-\(bins).f32"))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}

struct CheckpointOracleError: Error, CustomStringConvertible {
    var detail = "tools/oracle/out/checkpoints/expected.json is missing"
    var description: String { "\(detail): run tools/oracle/checkpoints (scripts/test does)" }
}

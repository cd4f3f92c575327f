import Foundation

/// The decoding facts of a CTranslate2 Whisper `config.json`.
public struct WhisperConfig: Sendable, Equatable, Decodable {
    /// (decoder layer, head) pairs whose cross-attention follows word timing; empty when the
    /// converter had none (distilled models): word times are then approximate.
    public var alignmentHeads: [[Int]]
    /// Token ids of the language tokens (unreliable for English-only models: derive from the vocabulary).
    public var langIds: [Int]
    /// Non-speech tokens suppressed at every step (symbols, speaker tags, music notes).
    public var suppressIds: [Int]
    /// Tokens suppressed at the first sampled step (the blank and end of text).
    public var suppressIdsBegin: [Int]

    enum CodingKeys: String, CodingKey {
        case alignmentHeads = "alignment_heads"
        case langIds = "lang_ids"
        case suppressIds = "suppress_ids"
        case suppressIdsBegin = "suppress_ids_begin"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // A converter writes `null` for what the model lacks (no alignment heads for distil-whisper).
        alignmentHeads = try container.decodeIfPresent([[Int]].self, forKey: .alignmentHeads) ?? []
        langIds = try container.decodeIfPresent([Int].self, forKey: .langIds) ?? []
        suppressIds = try container.decodeIfPresent([Int].self, forKey: .suppressIds) ?? []
        suppressIdsBegin = try container.decodeIfPresent([Int].self, forKey: .suppressIdsBegin) ?? []
    }

    /// Reads `config.json`.
    ///
    /// - Throws: ``ModelError`` if the file is missing or lacks one of the fields.
    public init(contentsOf url: URL) throws(ModelError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ModelError(url: url, reason: .unreadable(error.localizedDescription))
        }
        do {
            self = try JSONDecoder().decode(WhisperConfig.self, from: data)
        } catch {
            throw ModelError(url: url, reason: .badMetadata("\(error)"))
        }
    }
}

import Foundation

/// Whisper's byte-level BPE vocabulary: token ids to UTF-8 text, text prompts to token ids,
/// and the special tokens that steer decoding.
///
/// Tokens are read from `vocabulary.json` (a JSON list, as CTranslate2 4 writes it) or
/// `vocabulary.txt` (one token a line, older converters), in GPT-2's byte-to-unicode form; merges for encoding come from `tokenizer.json`. Special tokens are found by name, so the
/// same code serves the multilingual and English-only vocabularies, whose ids differ by one.
public struct WhisperTokenizer: Sendable {
    /// Every token as stored, indexed by id.
    public let tokens: [String]
    /// `<|endoftext|>`: end of transcript; ids below it are text.
    public let endOfText: Int
    /// `<|startoftranscript|>`.
    public let startOfTranscript: Int
    /// `<|translate|>`.
    public let translate: Int
    /// `<|transcribe|>`.
    public let transcribe: Int
    /// `<|startoflm|>`.
    public let startOfLM: Int
    /// `<|startofprev|>`: precedes the previous window's text in a prompt.
    public let startOfPrevious: Int
    /// `<|nocaptions|>` (a.k.a. no-speech).
    public let noSpeech: Int
    /// `<|notimestamps|>`.
    public let noTimestamps: Int
    /// `<|0.00|>`: the first timestamp token; timestamp `i` is `timestampBegin + i` (0.02 s each).
    public let timestampBegin: Int
    /// Language codes and their token ids, in vocabulary order (`en` first).
    public let languages: [(code: String, token: Int)]
    /// Whether the model is multilingual (English-only models take no language or task token).
    public let isMultilingual: Bool

    let encoder: BytePairEncoder

    /// Loads the vocabulary and the merges of `tokenizer.json` from a model directory.
    ///
    /// - Throws: ``ModelError`` if a file is missing or a special token is absent.
    public init(directory: URL) throws(ModelError) {
        let (vocabularyURL, lines) = try Self.vocabulary(in: directory)
        tokens = lines
        var ids: [String: Int] = [:]
        ids.reserveCapacity(lines.count)
        for (id, token) in lines.enumerated() where ids[token] == nil { ids[token] = id }
        func special(_ name: String) throws(ModelError) -> Int {
            guard let id = ids[name] else {
                throw ModelError(url: vocabularyURL, reason: .badMetadata("the special token \(name) is missing"))
            }
            return id
        }
        endOfText = try special("<|endoftext|>")
        startOfTranscript = try special("<|startoftranscript|>")
        translate = try special("<|translate|>")
        transcribe = try special("<|transcribe|>")
        startOfLM = try special("<|startoflm|>")
        startOfPrevious = try special("<|startofprev|>")
        if let id = ids["<|nospeech|>"] { noSpeech = id } else { noSpeech = try special("<|nocaptions|>") }
        noTimestamps = try special("<|notimestamps|>")
        timestampBegin = try special("<|0.00|>")
        var languages: [(code: String, token: Int)] = []
        for id in (startOfTranscript + 1)..<translate {
            let token = lines[id]
            guard token.hasPrefix("<|"), token.hasSuffix("|>") else { continue }
            languages.append((String(token.dropFirst(2).dropLast(2)), id))
        }
        self.languages = languages
        isMultilingual = lines.count >= 51865
        encoder = try BytePairEncoder(tokenizerURL: directory.appendingPathComponent("tokenizer.json"), ids: ids)
    }

    /// The vocabulary file of `directory` and its tokens: `vocabulary.json`, else `vocabulary.txt`.
    static func vocabulary(in directory: URL) throws(ModelError) -> (URL, [String]) {
        let json = directory.appendingPathComponent("vocabulary.json")
        if FileManager.default.fileExists(atPath: json.path) {
            do {
                return (json, try JSONDecoder().decode([String].self, from: Data(contentsOf: json)))
            } catch {
                throw ModelError(url: json, reason: .badMetadata("not a JSON list of tokens (\(error))"))
            }
        }
        let url = directory.appendingPathComponent("vocabulary.txt")
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ModelError(url: url, reason: .unreadable(error.localizedDescription))
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return (url, lines)
    }

    /// The token id of a language code (`fr`, `en`...), or nil if the model does not know it.
    public func languageToken(_ code: String) -> Int? {
        languages.first { $0.code == code }?.token
    }

    /// The language code of a language token id.
    public func languageCode(_ token: Int) -> String? {
        languages.first { $0.token == token }?.code
    }

    /// UTF-8 text of the text tokens among `ids` (special and timestamp tokens are skipped).
    ///
    /// Bytes are joined before decoding, so a character split across tokens comes out whole;
    /// an incomplete sequence becomes U+FFFD.
    public func decode(_ ids: [Int]) -> String {
        var bytes: [UInt8] = []
        for id in ids where id >= 0 && id < endOfText {
            for scalar in tokens[id].unicodeScalars {
                if let byte = ByteLevel.byteOf[scalar] { bytes.append(byte) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Text tokens of `text` by byte-level BPE, as Hugging Face's tokenizer encodes it
    /// (no prefix space is added: pass `" " + text` for a prompt, as Whisper does).
    public func encode(_ text: String) -> [Int] {
        encoder.encode(text)
    }

    /// The start sequence: start of transcript, then for multilingual models the language and task.
    public func startSequence(language: Int?) -> [Int] {
        guard isMultilingual else { return [startOfTranscript] }
        var sequence = [startOfTranscript]
        if let language { sequence.append(language) }
        sequence.append(transcribe)
        return sequence
    }
}

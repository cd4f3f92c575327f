import Foundation
import Testing

@testable import Transcribe

/// Whisper checkpoints of every shape a site may bring (large-v3's 128 mel bins and 100
/// languages, turbo's 4 decoder layers, distil's 2 layers without alignment heads, English only),
/// in every quantisation CTranslate2 writes, against CTranslate2 itself on the same audio.
@Suite("Checkpoints of every shape and quantisation", .serialized)
struct CheckpointShapeTests {
    static func window(_ melBins: Int) throws -> [Float] {
        let oracle = try CheckpointOracle.loaded.get()
        let samples = try WhisperTestFiles.samples(URL(fileURLWithPath: oracle.audio).lastPathComponent)
        let mel = LogMelSpectrogram(samples: Array(samples.prefix(30 * LogMelSpectrogram.sampleRate)), melBins: melBins)
        return mel.window(start: 0, length: mel.frameCount)
    }

    /// A decoder over the encoded window, fed the prompt, and the logits after it.
    static func prompted(_ model: WhisperModel, window: [Float], prompt: [Int]) -> (WhisperDecoder, [Float]) {
        let decoder = WhisperDecoder(weights: model.weights, maxBatch: 1)
        decoder.start(encoderOutput: WhisperEncoder(weights: model.weights).encode(window))
        return (decoder, decoder.forward(tokens: prompt, batch: 1).logits[0])
    }

    /// Verbatim's greedy tokens after `prompt`, `count` of them, with CTranslate2's suppression in
    /// the oracle (every token after the end of text).
    static func greedy(_ model: WhisperModel, window: [Float], prompt: [Int], count: Int) -> [Int] {
        let (decoder, first) = Self.prompted(model, window: window, prompt: prompt)
        var logits = first
        var tokens: [Int] = []
        let end = model.tokenizer.endOfText
        while tokens.count < count {
            var best = 0
            for token in 1...end where logits[token] > logits[best] { best = token }
            tokens.append(best)
            if best == end { break }
            logits = decoder.forward(tokens: [best], batch: 1).logits[0]
        }
        return tokens
    }

    @Test("the shapes, the vocabulary and the storage are read from the checkpoint", arguments: CheckpointOracle.folders)
    func readsShape(folder: String) throws {
        let entry = try CheckpointOracle.checkpoint(folder)
        let model = try WhisperModel(directory: CheckpointOracle.directory.appendingPathComponent(folder), computeType: .float32)
        #expect(model.melBins == entry.melBins)
        #expect(model.layerCounts.encoder == entry.encoderLayers)
        #expect(model.layerCounts.decoder == entry.decoderLayers)
        #expect(model.width == entry.width)
        #expect(model.heads == entry.heads)
        #expect(model.vocabularySize == entry.vocabularySize)
        #expect(model.isMultilingual == (entry.languages > 0))
        if entry.languages > 0 { #expect(model.tokenizer.languages.count == entry.languages) }
        #expect(model.storedQuantization.rawValue == entry.quantisation)
        #expect(model.hasApproximateWordTimes == entry.alignmentHeads.isEmpty)
        if entry.alignmentHeads.isEmpty {
            // The upper half of the decoder stands in, every head of it.
            #expect(model.alignmentHeads.count == (entry.decoderLayers - entry.decoderLayers / 2) * entry.heads)
        } else {
            #expect(model.alignmentHeads.map { [$0.layer, $0.head] } == entry.alignmentHeads)
        }
        if entry.languages == 100 { #expect(model.tokenizer.languageToken("yue") != nil) }
    }

    @Test("float32 computation gives CTranslate2's greedy tokens, token for token", arguments: CheckpointOracle.folders)
    func float32Tokens(folder: String) throws {
        let entry = try CheckpointOracle.checkpoint(folder)
        let expected = try #require(entry.results["float32"])
        #expect(expected.tokens.count >= 8, "the oracle decodes enough tokens to compare")
        let model = try WhisperModel(directory: CheckpointOracle.directory.appendingPathComponent(folder), computeType: .float32)
        let tokens = Self.greedy(model, window: try Self.window(entry.melBins), prompt: entry.prompt, count: expected.tokens.count)
        #expect(tokens == expected.tokens)
    }

    /// Teacher-forced on CTranslate2's tokens: for each step, how far Verbatim's logit of
    /// CTranslate2's choice is below Verbatim's best (0 when they choose the same token).
    static func shortfalls(_ model: WhisperModel, window: [Float], prompt: [Int], expected: [Int]) -> [Float] {
        let (decoder, first) = Self.prompted(model, window: window, prompt: prompt)
        var logits = first
        var result: [Float] = []
        let end = model.tokenizer.endOfText
        for token in expected {
            let best = logits[0...end].max()!
            result.append(best - logits[token])
            logits = decoder.forward(tokens: [token], batch: 1).logits[0]
        }
        return result
    }

    /// Two int8 implementations round activations differently: where CTranslate2's int8 choice
    /// was a near tie, Verbatim's may be the other token. Every token must be Verbatim's best or
    /// within 0.25 of it (a wrong layer or dequantisation puts it several units below), and at
    /// most two of them may differ. Only where the CPU has AVX-512 VNNI: without it, CTranslate2's
    /// int8 products (through MKL's 16-bit pairwise sums) are no longer the exact integer products
    /// Verbatim computes, and its tokens drift by several logits (measured on an AVX2-only machine).
    @Test(
        "int8 computation on int8 checkpoints gives CTranslate2's int8 tokens, near ties aside",
        .enabled(if: Kernels.hasVNNI, "CTranslate2's int8 is exact only with AVX-512 VNNI"),
        arguments: CheckpointOracle.shapes.flatMap { shape in
            ["int8_float32", "int8_float16", "int8_bfloat16"].map { "\(shape)-\($0)" }
        })
    func int8Tokens(folder: String) throws {
        let entry = try CheckpointOracle.checkpoint(folder)
        let expected = try #require(entry.results["int8"])
        let model = try WhisperModel(directory: CheckpointOracle.directory.appendingPathComponent(folder), computeType: .int8)
        #expect(model.computeType == .int8)
        let shortfalls = Self.shortfalls(
            model, window: try Self.window(entry.melBins), prompt: entry.prompt, expected: expected.tokens)
        #expect(shortfalls.count == expected.tokens.count)
        #expect(shortfalls.allSatisfy { $0 <= 0.25 }, "shortfalls \(shortfalls)")
        #expect(shortfalls.filter { $0 > 0 }.count <= 2, "shortfalls \(shortfalls)")
    }

    @Test("the log-mel window equals the reference feature extractor's", arguments: [80, 128])
    func melMatchesReference(bins: Int) throws {
        let reference = try CheckpointOracle.referenceMel(bins: bins)
        #expect(reference.count == bins * LogMelSpectrogram.windowFrames)
        let window = try Self.window(bins)
        var worst: Float = 0
        for frame in 0..<LogMelSpectrogram.windowFrames {
            for bin in 0..<bins {
                worst = max(worst, abs(window[frame * bins + bin] - reference[bin * LogMelSpectrogram.windowFrames + frame]))
            }
        }
        #expect(worst < 1e-3, "largest difference \(worst)")
    }

    @Test("an int16 checkpoint is refused with an error naming the quantisation")
    func refusesInt16() throws {
        let directory = CheckpointOracle.directory.appendingPathComponent("english-only-int16")
        _ = try CheckpointOracle.loaded.get()
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.bin").path))
        let error = #expect(throws: ModelError.self) { try WhisperModel(directory: directory, computeType: .float32) }
        guard case .unsupported(let feature)? = error?.reason else {
            Issue.record("expected an unsupported-feature error, got \(String(describing: error))")
            return
        }
        #expect(feature.contains("int16"))
        #expect(error?.description.contains("--quantization") == true)
    }

    @Test("a checkpoint with post-norm decoder layers is refused, not transcribed wrongly")
    func refusesPostNorm() throws {
        _ = try CheckpointOracle.loaded.get()
        let source = CheckpointOracle.directory.appendingPathComponent("english-only-float16")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-postnorm-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("model.bin")
        var bytes = [UInt8](try Data(contentsOf: file))
        // The name (NUL-terminated), rank 0, dtype int8, 1 byte, then the flag's value.
        let name = Array("decoder/pre_norm".utf8) + [0]
        let at = try #require((0...(bytes.count - name.count)).first { bytes[$0..<($0 + name.count)].elementsEqual(name) })
        let value = at + name.count + 1 + 1 + 4
        #expect(bytes[value] == 1)
        bytes[value] = 0
        try Data(bytes).write(to: file)
        let error = #expect(throws: ModelError.self) { try WhisperModel(directory: directory, computeType: .float32) }
        #expect(error?.reason == .unsupported("post-norm decoder layers"))
    }

    @Test(
        "a whole transcription runs on every shape: language detection over its vocabulary, words timed, approximate without alignment heads",
        arguments: CheckpointOracle.shapes)
    func transcribes(shape: String) throws {
        let entry = try CheckpointOracle.checkpoint("\(shape)-int8_float16")
        let model = try WhisperModel(directory: CheckpointOracle.directory.appendingPathComponent(entry.folder), computeType: .int8)
        let oracle = try CheckpointOracle.loaded.get()
        let samples = try WhisperTestFiles.samples(URL(fileURLWithPath: oracle.audio).lastPathComponent)
        let options = TranscriptionOptions(
            language: entry.languages > 0 ? nil : "en", beamSize: 2, bestOf: 1, temperatures: [0], wordTimestamps: true)
        let result = try Transcriber(model: model).transcribe(samples: samples, options: options)
        if entry.languages > 0 {
            #expect(model.tokenizer.languageToken(result.language) != nil, "detected \(result.language)")
        } else {
            #expect(result.language == "en")
        }
        #expect(result.approximateWordTimes == entry.alignmentHeads.isEmpty)
        #expect(result.duration > 4)
    }

    @Test("a converter's folder (vocabulary.json) is found by path and summarised as `verbatim models` lists it")
    func summarisesConvertedFolder() throws {
        let entry = try CheckpointOracle.checkpoint("large-v3-like-int8_float16")
        let directory = CheckpointOracle.directory.appendingPathComponent(entry.folder)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("vocabulary.txt").path))
        let resolved = try ModelFolder(url: CheckpointOracle.directory).whisperModel(directory.path)
        #expect(resolved.standardizedFileURL.path == directory.standardizedFileURL.path)
        let summary = try ModelSummary(directory: directory)
        #expect(summary.melBins == 128)
        #expect(summary.languages.count == 100)
        #expect(summary.encoderLayers == entry.encoderLayers && summary.decoderLayers == entry.decoderLayers)
        #expect(summary.quantization == .int8Float16)
    }

    @Test("alignment heads naming no head of the decoder count as none: word times are said to be approximate")
    func outOfRangeAlignmentHeads() throws {
        _ = try CheckpointOracle.loaded.get()
        let source = CheckpointOracle.directory.appendingPathComponent("english-only-float16")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-heads-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configURL = directory.appendingPathComponent("config.json")
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        config["alignment_heads"] = [[99, 0], [1, 42]]
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        let model = try WhisperModel(directory: directory, computeType: .float32)
        #expect(model.hasApproximateWordTimes)
        #expect(model.alignmentHeads.count == (3 - 3 / 2) * 3)
        #expect(model.alignmentHeads.allSatisfy { $0.layer >= 1 && $0.layer < 3 && $0.head < 3 })
    }
}

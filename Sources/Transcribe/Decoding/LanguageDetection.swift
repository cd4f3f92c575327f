import COpenBLAS
import Foundation

/// Whisper's language detection: the decoder's first step after `<|startoftranscript|>` on a
/// window's encoding, read over the language tokens only.
struct LanguageDetection {
    let tokenizer: WhisperTokenizer

    /// The most probable language token and its probability among the languages.
    func choose(_ logits: [Float]) -> (token: Int, probability: Double) {
        let ids = tokenizer.languages.map(\.token)
        let maximum = ids.map { logits[$0] }.max() ?? 0
        let weights = ids.map { Foundation.exp(Double(logits[$0] - maximum)) }
        let total = weights.reduce(0, +)
        let best = weights.indices.max { weights[$0] < weights[$1] } ?? 0
        return (ids[best], weights[best] / total)
    }

    /// Detects on `encoded` (one window's encoder output) with `decoder`, which it restarts.
    func detect(_ encoded: [Float], decoder: WhisperDecoder) -> (token: Int, probability: Double) {
        decoder.start(encoderOutput: encoded)
        return choose(decoder.forward(tokens: [tokenizer.startOfTranscript], batch: 1).logits[0])
    }
}

extension Transcriber {
    /// The language code `transcribe(samples:)` detects on `samples` (its first 30 s) when no
    /// language is forced, computed the same way (same window, encoder and decoder threads), or
    /// nil for an English-only model. It costs one encoder pass and one decoder step.
    func detectedLanguage(samples: [Float]) -> String? {
        guard model.isMultilingual else { return nil }
        let mel = LogMelWindows(samples: samples, melBins: model.melBins)
        let window = mel.window(start: 0, length: min(LogMelSpectrogram.windowFrames, mel.contentFrames))
        let encoded = WhisperEncoder(weights: model.weights).encode(window)
        let threads = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(threads) }
        let detection = LanguageDetection(tokenizer: model.tokenizer)
        let token = detection.detect(encoded, decoder: WhisperDecoder(weights: model.weights, maxBatch: 1)).token
        return model.tokenizer.languageCode(token)
    }
}

import Foundation

extension Transcriber {
    /// A stretch of a recording and the text said in it (a segment a person corrected).
    public struct TextSpan: Sendable, Equatable {
        /// Start in seconds.
        public var start: Double
        /// End in seconds.
        public var end: Double
        /// The words said, as written.
        public var text: String

        /// Creates a span.
        public init(start: Double, end: Double, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }
    }

    /// Times the words of each span's text in `samples` (16 kHz mono): the text's tokens are
    /// forced through the decoder on the span's audio and the alignment heads' cross-attention
    /// is warped onto the audio (DTW), as for the words Whisper wrote itself. Spans longer than
    /// one 30-s window, or whose text has no words, give no words.
    ///
    /// - Parameter language: the transcript's language code (ignored by English-only models).
    public func alignText(_ spans: [TextSpan], samples: [Float], language: String?) -> [[TranscriptionWord]] {
        let tokenizer = model.tokenizer
        let rate = Double(LogMelSpectrogram.sampleRate)
        let languageToken = model.isMultilingual ? language.flatMap { tokenizer.languageToken($0) } : nil
        let encoder = WhisperEncoder(weights: model.weights)
        let decoder = WhisperDecoder(weights: model.weights, maxBatch: 1)
        return spans.map { span in
            let margin = 0.1
            let first = max(0, Int(((span.start - margin) * rate).rounded())), last = min(samples.count, Int(((span.end + margin) * rate).rounded()))
            let text = " " + span.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard last > first, last - first <= LogMelSpectrogram.windowFrames * 160, text.count > 1 else { return [] }
            let mel = LogMelSpectrogram(samples: Array(samples[first..<last]), melBins: model.melBins)
            let frames = min(LogMelSpectrogram.windowFrames, mel.contentFrames)
            decoder.start(encoderOutput: encoder.encode(mel.window(start: 0, length: frames)))
            let offset = Double(first) / rate
            var segments = [
                TranscriptionSegment(
                    id: 0, start: offset, end: Double(last) / rate, text: text, tokens: tokenizer.encode(text), temperature: 0,
                    avgLogProb: 0, compressionRatio: 1, noSpeechProb: 0, language: language ?? "en")
            ]
            var lastSpeech = offset
            alignWords(
                &segments, decoder: decoder, language: languageToken, languageCode: language ?? "en", positions: frames / 2,
                timeOffset: offset, lastSpeech: &lastSpeech)
            return segments[0].words
        }
    }
}

import Foundation

/// Greedy, sampling and beam-search decoding of one window, over a ``WhisperDecoder`` whose
/// cross-attention has been set to the window's encoder output.
struct SequenceDecoder {
    let decoder: WhisperDecoder
    let tokenizer: WhisperTokenizer
    let filter: LogitFilter

    /// Decodes after `prompt`; `maxNewTokens` bounds the sampled tokens. At a temperature above 0,
    /// `bestOf` sequences are sampled together and the one with the best average log-probability
    /// per token is kept (faster-whisper's `best_of`).
    func decode(
        prompt: [Int], beamSize: Int, bestOf: Int = 1, patience: Double, temperature: Double, maxNewTokens: Int,
        generator: inout some RandomNumberGenerator
    ) -> DecodedSequence {
        if temperature > 0 && bestOf > 1 {
            let candidates = sample(
                prompt: prompt, count: bestOf, temperature: temperature, maxNewTokens: maxNewTokens, generator: &generator)
            return candidates.max { Self.score($0) < Self.score($1) }!
        }
        decoder.reset()
        let sotIndex = prompt.firstIndex(of: tokenizer.startOfTranscript) ?? 0
        let first = decoder.forward(tokens: prompt, batch: 1, extraRow: sotIndex)
        let noSpeech = Self.probability(of: tokenizer.noSpeech, in: first.extra ?? first.logits[0])
        if beamSize > 1 && temperature == 0 {
            return beamSearch(
                first: first.logits[0], beamSize: beamSize, patience: patience, maxNewTokens: maxNewTokens,
                noSpeech: noSpeech)
        }
        var logits = first.logits[0]
        var tokens: [Int] = []
        var sum: Double = 0
        for _ in 0..<maxNewTokens {
            let logProbs = filter.apply(&logits, sampled: tokens)
            let token: Int
            if temperature > 0 {
                token = Self.sample(logits, temperature: temperature, generator: &generator)
            } else {
                token = Self.argmax(logProbs)
            }
            sum += Double(logProbs[token])
            if token == tokenizer.endOfText { break }
            tokens.append(token)
            if tokens.count == maxNewTokens || decoder.length >= decoder.maxLength { break }
            logits = decoder.forward(tokens: [token], batch: 1).logits[0]
        }
        return DecodedSequence(tokens: tokens, sumLogProb: sum, noSpeechProb: noSpeech, temperature: temperature)
    }

    /// The ranking score of a sampled candidate: log-probability per token (CTranslate2's
    /// length-normalised score with length penalty 1).
    static func score(_ sequence: DecodedSequence) -> Double {
        sequence.sumLogProb / Double(max(sequence.tokens.count, 1))
    }

    /// Samples `count` sequences at `temperature` after `prompt`, advancing them as one batch
    /// (the prompt is fed once; a finished sequence is fed end of text until all are done).
    func sample(
        prompt: [Int], count: Int, temperature: Double, maxNewTokens: Int, generator: inout some RandomNumberGenerator
    ) -> [DecodedSequence] {
        precondition(count <= decoder.maxBatch, "the decoder was made for at most \(decoder.maxBatch) sequences")
        decoder.reset()
        let sotIndex = prompt.firstIndex(of: tokenizer.startOfTranscript) ?? 0
        let first = decoder.forward(tokens: prompt, batch: 1, extraRow: sotIndex)
        let noSpeech = Self.probability(of: tokenizer.noSpeech, in: first.extra ?? first.logits[0])
        var rows = [[Float]](repeating: first.logits[0], count: count)
        var tokens = [[Int]](repeating: [], count: count)
        var sums = [Double](repeating: 0, count: count)
        var done = [Bool](repeating: false, count: count)
        while true {
            var next = [Int](repeating: tokenizer.endOfText, count: count)
            for index in 0..<count where !done[index] {
                var logits = rows[index]
                let logProbs = filter.apply(&logits, sampled: tokens[index])
                let token = Self.sample(logits, temperature: temperature, generator: &generator)
                sums[index] += Double(logProbs[token])
                if token == tokenizer.endOfText {
                    done[index] = true
                } else {
                    tokens[index].append(token)
                    next[index] = token
                    if tokens[index].count == maxNewTokens { done[index] = true }
                }
            }
            if done.allSatisfy({ $0 }) || decoder.length >= decoder.maxLength { break }
            rows = decoder.forward(tokens: next, batch: count).logits
        }
        return (0..<count).map {
            DecodedSequence(tokens: tokens[$0], sumLogProb: sums[$0], noSpeechProb: noSpeech, temperature: temperature)
        }
    }

    private struct Hypothesis {
        var tokens: [Int]
        var score: Double
    }

    private func beamSearch(
        first: [Float], beamSize: Int, patience: Double, maxNewTokens: Int, noSpeech: Double
    ) -> DecodedSequence {
        var alive = [Hypothesis(tokens: [], score: 0)]
        var rows = [first]
        var finished: [Hypothesis] = []
        let wanted = max(1, Int((Double(beamSize) * patience).rounded()))
        for step in 0..<maxNewTokens {
            var candidates: [(score: Double, source: Int, token: Int)] = []
            for (index, hypothesis) in alive.enumerated() {
                var logits = rows[index]
                let logProbs = filter.apply(&logits, sampled: hypothesis.tokens)
                for token in Self.top(logProbs, count: beamSize + 1) where logProbs[token] > -.infinity {
                    candidates.append((hypothesis.score + Double(logProbs[token]), index, token))
                }
            }
            candidates.sort { $0.score > $1.score }
            var next: [Hypothesis] = []
            var sources: [Int] = []
            for candidate in candidates {
                let tokens = alive[candidate.source].tokens
                if candidate.token == tokenizer.endOfText {
                    if finished.count < wanted { finished.append(Hypothesis(tokens: tokens, score: candidate.score)) }
                } else {
                    next.append(Hypothesis(tokens: tokens + [candidate.token], score: candidate.score))
                    sources.append(candidate.source)
                }
                if next.count == beamSize { break }
            }
            let atLimit = step + 1 >= maxNewTokens || decoder.length + 1 >= decoder.maxLength
            if finished.count >= wanted || next.isEmpty || atLimit {
                if finished.isEmpty || (atLimit && finished.count < wanted) { finished.append(contentsOf: next) }
                break
            }
            decoder.reorder(sources)
            rows = decoder.forward(tokens: next.map { $0.tokens.last! }, batch: next.count).logits
            alive = next
        }
        let best =
            finished.max { lhs, rhs in
                lhs.score / Double(max(lhs.tokens.count, 1)) < rhs.score / Double(max(rhs.tokens.count, 1))
            } ?? Hypothesis(tokens: [], score: 0)
        return DecodedSequence(tokens: best.tokens, sumLogProb: best.score, noSpeechProb: noSpeech, temperature: 0)
    }

    static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }

    static func top(_ values: [Float], count: Int) -> [Int] {
        var best: [Int] = []
        for index in values.indices {
            guard values[index] > -.infinity else { continue }
            if best.count < count {
                best.append(index)
                best.sort { values[$0] > values[$1] }
            } else if values[index] > values[best[count - 1]] {
                best[count - 1] = index
                best.sort { values[$0] > values[$1] }
            }
        }
        return best
    }

    static func probability(of token: Int, in logits: [Float]) -> Double {
        let maximum = logits.max() ?? 0
        var sum: Double = 0
        for value in logits { sum += Double(Foundation.exp(value - maximum)) }
        return Double(Foundation.exp(logits[token] - maximum)) / sum
    }

    static func sample(_ logits: [Float], temperature: Double, generator: inout some RandomNumberGenerator) -> Int {
        let maximum = logits.max() ?? 0
        var weights = [Double](repeating: 0, count: logits.count)
        var total: Double = 0
        for index in logits.indices where logits[index] > -.infinity {
            let weight = Foundation.exp(Double(logits[index] - maximum) / temperature)
            weights[index] = weight
            total += weight
        }
        var target = Double.random(in: 0..<total, using: &generator)
        for index in weights.indices {
            target -= weights[index]
            if target < 0 { return index }
        }
        return argmax(logits)
    }
}

import Foundation

extension WhisperDecoder {
    /// What one teacher-forced pass over a window's text gives word alignment.
    struct AlignmentPass {
        /// Per alignment head, `(textTokens + 1) × sourcePositions` cross-attention weights: the rows
        /// that predict each text token and the end of text.
        var attention: [[Float]]
        /// Probability of each text token given the ones before (softmax over the text vocabulary).
        var tokenProbabilities: [Double]
    }

    /// Feeds `startSequence + <|notimestamps|> + textTokens + <|endoftext|>` over the window set by
    /// ``start(encoderOutput:)`` and keeps the cross-attention of `heads`, as Whisper's `find_alignment`.
    func alignmentPass(
        startSequence: [Int], noTimestamps: Int, textTokens: [Int], endOfText: Int, heads: [(layer: Int, head: Int)]
    ) -> AlignmentPass {
        let tokens = startSequence + [noTimestamps] + textTokens + [endOfText]
        reset()
        capturedHeads = heads
        defer { capturedHeads = [] }
        _ = forward(tokens: tokens, batch: 1)
        let first = startSequence.count
        let rows = textTokens.count + 1
        let n = sourcePositions
        let attention = capturedAttention.map { weights in Array(weights[(first * n)..<((first + rows) * n)]) }
        var probabilities: [Double] = []
        let logits = logits(rows: Array(first..<(first + textTokens.count)))
        for (row, token) in zip(logits, textTokens) {
            let text = row[0..<endOfText]
            let maximum = text.max() ?? 0
            var sum = 0.0
            for value in text { sum += Foundation.exp(Double(value - maximum)) }
            probabilities.append(Foundation.exp(Double(row[token] - maximum)) / sum)
        }
        reset()
        return AlignmentPass(attention: attention, tokenProbabilities: probabilities)
    }
}

import Foundation

/// The rules applied to the logits before each token is chosen, as CTranslate2 applies them for
/// faster-whisper: suppressed tokens, the blank at the first step, and Whisper's timestamp rules.
struct LogitFilter: Sendable {
    /// Tokens never sampled (non-speech symbols and the special tokens).
    var suppressed: [Int]
    /// Tokens not sampled first (the blank and end of text).
    var suppressedAtBegin: [Int]
    /// Whether timestamps are predicted (false when the prompt ends with `<|notimestamps|>`).
    var timestamps: Bool
    var endOfText: Int
    var noTimestamps: Int
    var timestampBegin: Int
    /// Latest timestamp index allowed as the first token (50 = 1.0 s).
    var maxInitialTimestampIndex: Int

    /// Applies the rules for a sequence that has sampled `sampled` so far, then returns the
    /// log-probabilities (log-softmax of the filtered logits).
    func apply(_ logits: inout [Float], sampled: [Int]) -> [Float] {
        let count = logits.count
        logits.withUnsafeMutableBufferPointer { values in
            func disable(_ range: Range<Int>) {
                for index in range.clamped(to: 0..<count) { values[index] = -.infinity }
            }
            for token in suppressed where token < count { values[token] = -.infinity }
            if sampled.isEmpty { for token in suppressedAtBegin where token < count { values[token] = -.infinity } }
            guard timestamps else { return }
            values[noTimestamps] = -.infinity
            var checkTimestampMass = false
            if sampled.isEmpty {
                disable(0..<timestampBegin)
                disable((timestampBegin + maxInitialTimestampIndex + 1)..<count)
            } else if let last = sampled.last, last >= timestampBegin {
                let penultimate = sampled.count >= 2 ? sampled[sampled.count - 2] : last
                if penultimate >= timestampBegin {
                    disable(timestampBegin..<count)
                } else {
                    disable(0..<endOfText)
                    disable(timestampBegin..<last)
                    checkTimestampMass = true
                }
            } else {
                checkTimestampMass = true
                if let lastTimestamp = sampled.last(where: { $0 >= timestampBegin }) {
                    disable(timestampBegin..<(lastTimestamp + 1))
                }
            }
            if checkTimestampMass {
                let logProbs = Self.logSoftmax(values)
                var textMaximum = -Float.infinity
                for index in 0..<timestampBegin { textMaximum = max(textMaximum, logProbs[index]) }
                var timestampMaximum = -Float.infinity
                for index in timestampBegin..<count { timestampMaximum = max(timestampMaximum, logProbs[index]) }
                if timestampMaximum > -.infinity {
                    var sum: Double = 0
                    for index in timestampBegin..<count { sum += Double(Foundation.exp(logProbs[index] - timestampMaximum)) }
                    let timestampMass = timestampMaximum + Float(Foundation.log(sum))
                    if timestampMass > textMaximum { disable(0..<timestampBegin) }
                }
            }
        }
        return logits.withUnsafeMutableBufferPointer { Self.logSoftmax($0) }
    }

    /// Log-softmax of `values` (−∞ stays −∞); the exponentials 8 lanes at a time.
    static func logSoftmax(_ values: UnsafeMutableBufferPointer<Float>) -> [Float] {
        var maximum = -Float.infinity
        for value in values { maximum = max(maximum, value) }
        var result = Array(values)
        let sum = result.withUnsafeMutableBufferPointer { scratch in
            Kernels.expShifted(scratch.baseAddress!, count: scratch.count, shift: maximum)
        }
        let logSum = maximum + Float(Foundation.log(Double(sum)))
        for index in result.indices { result[index] = values[index] - logSum }
        return result
    }
}

import CKernels
import COpenBLAS
import Foundation

/// Whisper's text decoder with a key/value cache, for a batch of sequences that advance together
/// (one for greedy decoding, the beams of a beam search).
///
/// Token embeddings plus learned positions, pre-norm blocks of causal self-attention (cached),
/// cross-attention over the encoder output (keys and values computed once per window), and a
/// feed-forward layer; logits through the tied token embedding. Buffers are allocated once.
/// Not thread-safe: one decoder per transcription.
final class WhisperDecoder {
    let weights: WhisperWeights
    let maxBatch: Int
    let maxLength: Int
    let sourcePositions = LogMelSpectrogram.windowFrames / 2
    /// Tokens already in the cache (the same for every sequence of the batch).
    private(set) var length = 0
    /// Sequences in the batch.
    private(set) var batch = 1
    private var keys: [WorkBuffer]
    private var values: [WorkBuffer]
    private var spareKeys: [WorkBuffer]
    private var spareValues: [WorkBuffer]
    /// Per layer, the cross-attention keys of the window per head in tiles of 16 positions
    /// (`vb_tile_keys`), then the values `[heads][1500][headWidth]`: one head's are contiguous,
    /// so a step reads them as one stream.
    private let crossKeyValues: [WorkBuffer]
    /// Floats of one head's key tiles.
    private let keyTileCount: Int
    /// The encoder output projected to keys and values, `[1500][2 · width]`, before it is split by
    /// head; reused for one head's keys back in rows when many rows attend at once.
    private let projected: WorkBuffer
    /// Softmax scratch, one row of scores per head, so that heads can run on different threads.
    private let headScores: WorkBuffer
    private let x: WorkBuffer
    private let normed: WorkBuffer
    private let qkv: WorkBuffer
    private let query: WorkBuffer
    private let attention: WorkBuffer
    private let scores: WorkBuffer
    private let hidden: WorkBuffer
    private let finalRows: WorkBuffer
    private let logitsBuffer: WorkBuffer
    /// (decoder layer, head) pairs whose softmaxed cross-attention ``forward`` keeps (word alignment); empty = none.
    var capturedHeads: [(layer: Int, head: Int)] = []
    /// For each pair of `capturedHeads`, the last ``forward``'s cross-attention weights (`rows × sourcePositions`).
    private(set) var capturedAttention: [[Float]] = []

    init(weights: WhisperWeights, maxBatch: Int) {
        self.weights = weights
        self.maxBatch = maxBatch
        maxLength = weights.maxTargetPositions
        let d = weights.width
        let layers = weights.decoderLayers.count
        let cache = maxBatch * weights.maxTargetPositions * d
        keys = (0..<layers).map { _ in WorkBuffer(cache) }
        values = (0..<layers).map { _ in WorkBuffer(cache) }
        spareKeys = (0..<layers).map { _ in WorkBuffer(cache) }
        spareValues = (0..<layers).map { _ in WorkBuffer(cache) }
        let sources = LogMelSpectrogram.windowFrames / 2
        let headWidth = d / weights.decoderHeads
        let tileCount = vb_key_tiles_size(Int32(sources), Int32(headWidth))
        keyTileCount = tileCount
        crossKeyValues = (0..<layers).map { _ in WorkBuffer(weights.decoderHeads * (tileCount + sources * headWidth)) }
        projected = WorkBuffer(sources * 2 * d)
        headScores = WorkBuffer(weights.decoderHeads * max(sources, maxLength))
        let rows = max(maxBatch, weights.maxTargetPositions)
        x = WorkBuffer(rows * d)
        normed = WorkBuffer(rows * d)
        qkv = WorkBuffer(rows * 3 * d)
        query = WorkBuffer(rows * d)
        attention = WorkBuffer(rows * d)
        scores = WorkBuffer(rows * max(sources, maxLength))
        hidden = WorkBuffer(rows * weights.decoderLayers[0].ffnIn.outputs)
        finalRows = WorkBuffer(rows * d)
        logitsBuffer = WorkBuffer(maxBatch * weights.vocabularySize)
    }

    /// Computes the cross-attention keys and values of a new window and empties the cache.
    func start(encoderOutput: [Float]) {
        let d = weights.width
        let heads = weights.decoderHeads
        let headWidth = d / heads
        let n = sourcePositions
        encoderOutput.withUnsafeBufferPointer { source in
            for (index, layer) in weights.decoderLayers.enumerated() {
                Kernels.linear(source.baseAddress!, rows: n, layer.crossKeyValue, into: projected.pointer)
                let keys = crossKeyValues[index].pointer
                let values = keys + heads * keyTileCount
                for head in 0..<heads {
                    vb_tile_keys(
                        projected.pointer + head * headWidth, 2 * d, Int32(n), Int32(headWidth), keys + head * keyTileCount)
                    let block = values + head * n * headWidth
                    for position in 0..<n {
                        (block + position * headWidth).update(
                            from: projected.pointer + position * 2 * d + d + head * headWidth, count: headWidth)
                    }
                }
            }
        }
        reset()
    }

    /// Empties the cache and returns to a batch of one, keeping the window's encoder output.
    func reset() {
        length = 0
        batch = 1
    }

    /// Feeds `tokens` (`batch × steps`, sequence-major) and returns, for each sequence, the
    /// logits after its last token (`batch × vocabulary`). `extraRow` (sequence 0 only) also
    /// returns the logits after that token of this call, e.g. `<|startoftranscript|>`.
    func forward(tokens: [Int], batch newBatch: Int, extraRow: Int? = nil) -> (logits: [[Float]], extra: [Float]?) {
        precondition(newBatch <= maxBatch && tokens.count % newBatch == 0)
        let steps = tokens.count / newBatch
        precondition(length + steps <= maxLength, "the decoder holds at most \(maxLength) tokens")
        if newBatch != batch {
            precondition(batch == 1, "a batch grows only from one sequence")
            expandBatch(to: newBatch)
        }
        let d = weights.width
        let rows = newBatch * steps
        capturedAttention = Array(repeating: [], count: capturedHeads.count)
        weights.decoderPositions.withUnsafeBufferPointer { positions in
            for row in 0..<rows {
                let position = length + row % steps
                let target = x.pointer + row * d
                weights.tokenEmbedding.matrix.row(tokens[row], columns: d, into: target)
                for index in 0..<d { target[index] += positions[position * d + index] }
            }
        }
        for (index, layer) in weights.decoderLayers.enumerated() {
            block(layer, index: index, steps: steps, rows: rows)
        }
        length += steps
        var lastRows = (0..<newBatch).map { $0 * steps + steps - 1 }
        if let extraRow { lastRows.append(extraRow) }
        let all = logits(rows: lastRows)
        return (Array(all.prefix(newBatch)), extraRow == nil ? nil : all.last)
    }

    /// Keeps, for each new sequence `i`, the cache of old sequence `sources[i]` (beam reordering).
    func reorder(_ sources: [Int]) {
        let d = weights.width
        let span = length * d
        for layer in keys.indices {
            for (target, source) in sources.enumerated() {
                (spareKeys[layer].pointer + target * maxLength * d).update(
                    from: keys[layer].pointer + source * maxLength * d, count: span)
                (spareValues[layer].pointer + target * maxLength * d).update(
                    from: values[layer].pointer + source * maxLength * d, count: span)
            }
        }
        swap(&keys, &spareKeys)
        swap(&values, &spareValues)
        batch = sources.count
    }

    private func expandBatch(to newBatch: Int) {
        let d = weights.width
        for layer in keys.indices {
            for target in 1..<newBatch {
                (keys[layer].pointer + target * maxLength * d).update(from: keys[layer].pointer, count: length * d)
                (values[layer].pointer + target * maxLength * d).update(from: values[layer].pointer, count: length * d)
            }
        }
        batch = newBatch
    }

    /// Logits after the given rows of the last ``forward`` call.
    func logits(rows: [Int]) -> [[Float]] {
        let d = weights.width
        let vocabulary = weights.vocabularySize
        for (index, row) in rows.enumerated() {
            Kernels.layerNorm(x.pointer + row * d, rows: 1, width: d, weights.decoderNorm, into: finalRows.pointer + index * d)
        }
        var result: [[Float]] = []
        var start = 0
        while start < rows.count {
            let count = min(maxBatch, rows.count - start)
            Kernels.linear(finalRows.pointer + start * d, rows: count, weights.outputProjection, into: logitsBuffer.pointer)
            for index in 0..<count {
                result.append(Array(UnsafeBufferPointer(start: logitsBuffer.pointer + index * vocabulary, count: vocabulary)))
            }
            start += count
        }
        return result
    }

    private func block(_ layer: DecoderLayerWeights, index: Int, steps: Int, rows: Int) {
        let d = weights.width
        let heads = weights.decoderHeads
        let headWidth = d / heads
        let scale = 1 / Float(headWidth).squareRoot()
        let total = length + steps
        // Causal self-attention over the cache.
        Kernels.layerNorm(x.pointer, rows: rows, width: d, layer.selfNorm, into: normed.pointer)
        Kernels.linear(normed.pointer, rows: rows, layer.selfQKV, into: qkv.pointer)
        let cacheKeys = keys[index].pointer
        let cacheValues = values[index].pointer
        for sequence in 0..<(rows / steps) {
            let base = sequence * maxLength * d
            for step in 0..<steps {
                let source = qkv.pointer + (sequence * steps + step) * 3 * d
                (cacheKeys + base + (length + step) * d).update(from: source + d, count: d)
                (cacheValues + base + (length + step) * d).update(from: source + 2 * d, count: d)
            }
            if steps == 1 {
                // A decoding step: one query per sequence over its cached tokens.
                for head in 0..<heads {
                    Kernels.attend(
                        query: qkv.pointer + sequence * 3 * d + head * headWidth, keys: cacheKeys + base + head * headWidth,
                        keyStride: d, values: cacheValues + base + head * headWidth, valueStride: d, count: total,
                        width: headWidth, scale: scale, scores: scores.pointer,
                        into: attention.pointer + sequence * d + head * headWidth)
                }
                continue
            }
            for head in 0..<heads {
                let q = qkv.pointer + sequence * steps * 3 * d + head * headWidth
                Kernels.productTransposed(
                    rows: steps, n: total, k: headWidth, alpha: scale, q, lda: 3 * d, cacheKeys + base + head * headWidth,
                    ldb: d, into: scores.pointer, ldy: total)
                for step in 0..<steps {
                    let row = scores.pointer + step * total
                    for column in (length + step + 1)..<max(total, length + step + 1) { row[column] = -.infinity }
                }
                Kernels.softmax(scores.pointer, rows: steps, columns: total, stride: total)
                Kernels.product(
                    rows: steps, n: headWidth, k: total, scores.pointer, lda: total, cacheValues + base + head * headWidth,
                    ldb: d, into: attention.pointer + sequence * steps * d + head * headWidth, ldy: d)
            }
        }
        Kernels.linear(attention.pointer, rows: rows, layer.selfOutput, into: x.pointer, accumulate: true)
        // Cross-attention over the window's encoder output.
        Kernels.layerNorm(x.pointer, rows: rows, width: d, layer.crossNorm, into: normed.pointer)
        Kernels.linear(normed.pointer, rows: rows, layer.crossQuery, into: query.pointer)
        let n = sourcePositions
        let crossKeys = crossKeyValues[index].pointer
        let crossValues = crossKeys + heads * keyTileCount
        if rows <= Kernels.attentionBatch && capturedHeads.isEmpty {
            // A decoding step: each head's keys and values streamed once per row, heads split over the threads.
            Kernels.parallel(heads, minimumPerThread: 2) { range in
                for head in range {
                    for row in 0..<rows {
                        Kernels.attend(
                            query: query.pointer + row * d + head * headWidth, keyTiles: crossKeys + head * keyTileCount,
                            values: crossValues + head * n * headWidth, valueStride: headWidth, count: n, width: headWidth,
                            scale: scale, scores: headScores.pointer + head * n,
                            into: attention.pointer + row * d + head * headWidth)
                    }
                }
            }
        } else {
            // Many rows (a prompt, the alignment pass): the head's keys back in rows, then BLAS.
            let keys = projected.pointer
            for head in 0..<heads {
                vb_untile_keys(crossKeys + head * keyTileCount, Int32(n), Int32(headWidth), keys, headWidth)
                Kernels.productTransposed(
                    rows: rows, n: n, k: headWidth, alpha: scale, query.pointer + head * headWidth, lda: d, keys,
                    ldb: headWidth, into: scores.pointer, ldy: n)
                Kernels.softmax(scores.pointer, rows: rows, columns: n, stride: n)
                for (slot, pair) in capturedHeads.enumerated() where pair.layer == index && pair.head == head {
                    capturedAttention[slot] = Array(UnsafeBufferPointer(start: scores.pointer, count: rows * n))
                }
                Kernels.product(
                    rows: rows, n: headWidth, k: n, scores.pointer, lda: n, crossValues + head * n * headWidth, ldb: headWidth,
                    into: attention.pointer + head * headWidth, ldy: d)
            }
        }
        Kernels.linear(attention.pointer, rows: rows, layer.crossOutput, into: x.pointer, accumulate: true)
        // Feed-forward.
        Kernels.layerNorm(x.pointer, rows: rows, width: d, layer.ffnNorm, into: normed.pointer)
        Kernels.linear(normed.pointer, rows: rows, layer.ffnIn, into: hidden.pointer)
        Kernels.gelu(hidden.pointer, count: rows * layer.ffnIn.outputs)
        Kernels.linear(hidden.pointer, rows: rows, layer.ffnOut, into: x.pointer, accumulate: true)
    }
}

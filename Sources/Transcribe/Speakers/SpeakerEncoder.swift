import Foundation

/// Resemblyzer's GE2E speaker encoder, run natively: 40-band mel power frames through a
/// 3-layer LSTM of 256, the last layer's final hidden state through a linear layer of 256 and
/// a ReLU, L2-normalised. Each 160-frame (1.6 s) partial window gives one embedding; an
/// utterance's embedding is the normalised mean of its partials' (``embedUtterance(samples:)``).
///
/// Weights come from `models/speaker-encoder/speaker_encoder.safetensors` (Resemblyzer 0.1.4's
/// `pretrained.pt`, converted by `models/convert_resemblyzer.py`).
public struct SpeakerEncoder: Sendable {
    /// The sample rate the encoder expects.
    public static let sampleRate = 16_000
    /// Mel frames per partial window (1.6 s).
    public static let partialFrames = 160
    /// Samples per mel frame (10 ms).
    public static let frameSamples = 160
    /// Length of an embedding.
    public static let embeddingSize = 256
    /// The file name `models/fetch` installs.
    public static let defaultFileName = "speaker_encoder.safetensors"

    private static let hidden = 256, layers = 3
    /// Partial windows run through the LSTM together.
    private static let batchSize = 32

    private struct Layer: Sendable {
        var inputWeights: [Float]  // 1024 × input
        var recurrentWeights: [Float]  // 1024 × 256
        var bias: [Float]  // b_ih + b_hh
        var inputSize: Int
    }

    /// The weight file in use.
    public let modelURL: URL
    private let lstm: [Layer]
    private let linearWeights: [Float], linearBias: [Float]
    let filterbank = SpeakerMelFilterbank()

    /// Loads `speaker_encoder.safetensors` (or `fileName`) from a model directory.
    ///
    /// - Throws: ``SafeTensorsError`` if the file is missing, damaged or not this model.
    public init(modelDirectory: URL, fileName: String = SpeakerEncoder.defaultFileName) throws {
        try self.init(modelFile: modelDirectory.appendingPathComponent(fileName))
    }

    /// Loads the weights from a safetensors file.
    ///
    /// - Throws: ``SafeTensorsError`` if the file is missing, damaged or not this model.
    public init(modelFile: URL) throws {
        let file = try SafeTensors(contentsOf: modelFile)
        modelURL = modelFile
        var layers: [Layer] = []
        for index in 0..<Self.layers {
            let input = index == 0 ? SpeakerMelFilterbank.bands : Self.hidden
            let biasIH = try file.floats("lstm.bias_ih_l\(index)", shape: [4 * Self.hidden])
            let biasHH = try file.floats("lstm.bias_hh_l\(index)", shape: [4 * Self.hidden])
            layers.append(
                Layer(
                    inputWeights: try file.floats("lstm.weight_ih_l\(index)", shape: [4 * Self.hidden, input]),
                    recurrentWeights: try file.floats("lstm.weight_hh_l\(index)", shape: [4 * Self.hidden, Self.hidden]),
                    bias: zip(biasIH, biasHH).map { $0 + $1 }, inputSize: input))
        }
        lstm = layers
        linearWeights = try file.floats("linear.weight", shape: [Self.embeddingSize, Self.hidden])
        linearBias = try file.floats("linear.bias", shape: [Self.embeddingSize])
    }

    /// The mel frames of 16 kHz mono audio, `1 + samples.count / 160` rows of 40 values.
    public func melFrames(samples: [Float]) -> [[Float]] {
        let flat = filterbank.spectrogram(samples)
        let bands = SpeakerMelFilterbank.bands
        return (0..<(flat.count / bands)).map { Array(flat[($0 * bands)..<(($0 + 1) * bands)]) }
    }

    /// One L2-normalised embedding per partial window of mel frames.
    ///
    /// - Parameters:
    ///   - mel: the spectrogram, `frameCount × 40` row-major (as `SpeakerMelFilterbank` gives it).
    ///   - starts: the first frame of each window; each must leave 160 frames inside `mel`.
    func embedPartials(mel: [Float], starts: [Int]) -> [[Float]] {
        let bands = SpeakerMelFilterbank.bands
        var embeddings: [[Float]] = []
        embeddings.reserveCapacity(starts.count)
        var first = 0
        while first < starts.count {
            let batch = Array(starts[first..<min(starts.count, first + Self.batchSize)])
            var input = [Float](repeating: 0, count: batch.count * Self.partialFrames * bands)
            for (slot, start) in batch.enumerated() {
                precondition(start >= 0 && (start + Self.partialFrames) * bands <= mel.count, "partial window outside the spectrogram")
                input.replaceSubrange(
                    (slot * Self.partialFrames * bands)..<((slot + 1) * Self.partialFrames * bands),
                    with: mel[(start * bands)..<((start + Self.partialFrames) * bands)])
            }
            var finalHidden: [Float] = []
            for layer in lstm {
                (input, finalHidden) = run(layer, input: input, sequences: batch.count)
            }
            var output = SpeechKernels.multiplyTransposed(
                finalHidden, rows: batch.count, inner: Self.hidden, linearWeights, columns: Self.embeddingSize, bias: linearBias)
            SpeechKernels.relu(&output)
            for slot in 0..<batch.count {
                embeddings.append(Self.normalised(Array(output[(slot * Self.embeddingSize)..<((slot + 1) * Self.embeddingSize)])))
            }
            first += batch.count
        }
        return embeddings
    }

    /// The embedding of a whole utterance, as Resemblyzer's `embed_utterance` computes it:
    /// partial windows every 77 frames (1.3 per second), the audio zero-padded to cover the
    /// last one, which is dropped if under 75 % covered (unless it is the only one); the mean
    /// of the partial embeddings, L2-normalised. Pass audio through
    /// ``normalizeVolume(_:targetDBFS:)`` first, as Resemblyzer's preprocessing does.
    public func embedUtterance(samples: [Float]) -> [Float] {
        let frameStep = Int((Double(Self.sampleRate) / 1.3 / Double(Self.frameSamples)).rounded())  // 77
        let frames = Int((Double(samples.count + 1) / Double(Self.frameSamples)).rounded(.up))
        var starts = Array(stride(from: 0, to: max(1, frames - Self.partialFrames + frameStep + 1), by: frameStep))
        let lastStart = starts[starts.count - 1] * Self.frameSamples
        let coverage = Double(samples.count - lastStart) / Double(Self.partialFrames * Self.frameSamples)
        if coverage < 0.75 && starts.count > 1 { starts.removeLast() }
        var padded = samples
        let needed = (starts[starts.count - 1] + Self.partialFrames) * Self.frameSamples
        if needed >= padded.count { padded += [Float](repeating: 0, count: needed - padded.count) }
        let partials = embedPartials(mel: filterbank.spectrogram(padded), starts: starts)
        return Self.mean(partials)
    }

    /// Resemblyzer's volume normalisation: scales audio up (never down) so that its RMS level
    /// is `targetDBFS` (−30 dBFS by default).
    public static func normalizeVolume(_ samples: [Float], targetDBFS: Double = -30) -> [Float] {
        let gain = volumeGain(samples, targetDBFS: targetDBFS)
        return gain == 1 ? samples : samples.map { $0 * gain }
    }

    /// The factor ``normalizeVolume(_:targetDBFS:)`` multiplies the audio by (1 when the audio
    /// is silent or already at least as loud as the target).
    public static func volumeGain(_ samples: [Float], targetDBFS: Double = -30) -> Float {
        guard !samples.isEmpty else { return 1 }
        let meanSquare = samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)
        guard meanSquare > 0 else { return 1 }
        let change = targetDBFS - 10 * log10(meanSquare)
        return change > 0 ? Float(pow(10, change / 20)) : 1
    }

    /// Cosine similarity of two embeddings.
    public static func cosineSimilarity(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, normA: Float = 0, normB: Float = 0
        for index in 0..<min(a.count, b.count) {
            dot += a[index] * b[index]
            normA += a[index] * a[index]
            normB += b[index] * b[index]
        }
        return dot / max((normA * normB).squareRoot(), .leastNormalMagnitude)
    }

    /// The L2-normalised mean of embeddings.
    static func mean(_ embeddings: [[Float]]) -> [Float] {
        guard let first = embeddings.first else { return [] }
        var sum = [Float](repeating: 0, count: first.count)
        for embedding in embeddings { for index in sum.indices { sum[index] += embedding[index] } }
        return normalised(sum)
    }

    static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    /// Runs one LSTM layer over `sequences` sequences of 160 steps (`sequences × 160 × input`),
    /// returning every step's hidden state and the final hidden states (`sequences × 256`).
    private func run(_ layer: Layer, input: [Float], sequences: Int) -> (outputs: [Float], final: [Float]) {
        let steps = Self.partialFrames, size = Self.hidden, gateCount = 4 * Self.hidden
        let projected = SpeechKernels.multiplyTransposed(
            input, rows: sequences * steps, inner: layer.inputSize, layer.inputWeights, columns: gateCount, bias: layer.bias)
        var hidden = [Float](repeating: 0, count: sequences * size)
        var cell = [Float](repeating: 0, count: sequences * size)
        var outputs = [Float](repeating: 0, count: sequences * steps * size)
        var gates = [Float](repeating: 0, count: sequences * gateCount)
        for step in 0..<steps {
            projected.withUnsafeBufferPointer { source in
                gates.withUnsafeMutableBufferPointer { destination in
                    for sequence in 0..<sequences {
                        (destination.baseAddress! + sequence * gateCount).update(
                            from: source.baseAddress! + (sequence * steps + step) * gateCount, count: gateCount)
                    }
                }
            }
            SpeechKernels.multiplyAccumulateTransposed(
                hidden, rows: sequences, inner: size, layer.recurrentWeights, columns: gateCount, into: &gates)
            gates.withUnsafeMutableBufferPointer { g in
                hidden.withUnsafeMutableBufferPointer { h in
                    cell.withUnsafeMutableBufferPointer { c in
                        outputs.withUnsafeMutableBufferPointer { o in
                            for sequence in 0..<sequences {
                                SpeechKernels.lstmUpdate(
                                    gates: g.baseAddress! + sequence * gateCount, hidden: h.baseAddress! + sequence * size,
                                    cell: c.baseAddress! + sequence * size, size: size)
                                (o.baseAddress! + (sequence * steps + step) * size).update(
                                    from: h.baseAddress! + sequence * size, count: size)
                            }
                        }
                    }
                }
            }
        }
        return (outputs, hidden)
    }
}

import Foundation

extension BiometricChunk {
    /// The chunks of ``chunkSize`` samples that store `samples` of the stored `stream` (its `id`
    /// set): values packed in the stream's format, offsets packed as float64 for an irregular stream
    /// only (a regular one's offsets are `index / sampleRate`). Both stores write these bytes.
    public static func chunks(of stream: BiometricStream, _ samples: BiometricSamples) -> [BiometricChunk] {
        let count = samples.offsets.count
        let allOffsets = stream.sampleRate.map { rate in (0..<count).map { Double($0) / rate } } ?? samples.offsets
        var chunks: [BiometricChunk] = []
        var first = 0
        while first < count {
            let end = min(count, first + chunkSize)
            let offsets = allOffsets[first..<end]
            let values = samples.values[(first * stream.channels)..<(end * stream.channels)]
            chunks.append(
                BiometricChunk(
                    streamID: stream.id ?? 0, firstSample: first, sampleCount: end - first, startOffset: offsets.first!,
                    endOffset: offsets.last!, offsets: stream.sampleRate == nil ? SampleCodec.encode(offsets, .float64) : nil,
                    values: SampleCodec.encode(values, stream.format)))
            first = end
        }
        return chunks
    }

    /// The samples of `chunks` (of `stream`, in order) whose offsets lie in `from...to` (all when `nil`).
    public static func samples(of stream: BiometricStream, in chunks: [BiometricChunk], from: Double?, to: Double?)
        -> BiometricSamples
    {
        let lower = from ?? -Double.infinity
        let upper = to ?? Double.infinity
        var result = BiometricSamples(offsets: [], values: [])
        for chunk in chunks {
            let values = SampleCodec.decode(chunk.values, stream.format)
            let offsets =
                chunk.offsets.map { SampleCodec.decode($0, .float64) }
                ?? (0..<chunk.sampleCount).map { Double(chunk.firstSample + $0) / (stream.sampleRate ?? 1) }
            for (index, offset) in offsets.enumerated() where offset >= lower && offset <= upper {
                result.offsets.append(offset)
                result.values.append(contentsOf: values[(index * stream.channels)..<((index + 1) * stream.channels)])
            }
        }
        return result
    }
}

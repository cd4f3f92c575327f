/// Speech cut out of a recording and joined into one clip of at most 30 s (unless a single
/// stretch of speech is longer), with the map from clip time back to recording time, as
/// faster-whisper's `vad_filter` does with its chunks and `SpeechTimestampsMap`.
///
/// Regions closer than `maxSilence` stay together with the silence between them; longer
/// silences are cut out, and each cut is a boundary that no segment or word crosses.
public struct SpeechWindow: Sendable, Equatable {
    /// One stretch of the recording inside the clip.
    public struct Piece: Sendable, Equatable {
        /// First sample in the recording.
        public var start: Int
        /// One past the last sample in the recording.
        public var end: Int
        /// First sample in the clip.
        public var clipStart: Int

        /// Samples in the piece.
        public var count: Int { end - start }
    }

    /// The pieces, in time order.
    public var pieces: [Piece]

    /// Samples in the clip.
    public var sampleCount: Int { pieces.last.map { $0.clipStart + $0.count } ?? 0 }

    static let rate = Double(LogMelSpectrogram.sampleRate)

    /// The clip's samples, cut from the recording's.
    public func clip(of samples: [Float]) -> [Float] {
        var clip: [Float] = []
        clip.reserveCapacity(sampleCount)
        for piece in pieces { clip.append(contentsOf: samples[piece.start..<piece.end]) }
        return clip
    }

    /// The piece that holds clip time `seconds` (an end at a cut belongs to the piece before it).
    public func pieceIndex(at seconds: Double, isEnd: Bool = false) -> Int {
        let sample = seconds * Self.rate
        for (index, piece) in pieces.enumerated() {
            let end = Double(piece.clipStart + piece.count)
            if isEnd ? sample <= end : sample < end { return index }
        }
        return max(0, pieces.count - 1)
    }

    /// Recording time of clip time `seconds`, inside piece `index` (clamped to it).
    public func recordingTime(_ seconds: Double, in index: Int) -> Double {
        let piece = pieces[index]
        let offset = min(max(seconds * Self.rate - Double(piece.clipStart), 0), Double(piece.count))
        return (Double(piece.start) + offset) / Self.rate
    }

    /// Packs speech regions into windows. Regions are padded by `padding` seconds, joined when
    /// the silence between them is at most `maxSilence`, and the joined stretches are put together
    /// in windows of at most `maxDuration` seconds. With `separateStretches`, each stretch gets a
    /// window of its own (for per-window language detection).
    public static func pack(
        _ regions: [SpeechRegion], sampleCount: Int, maxSilence: Double = 2, padding: Double = 0.2, maxDuration: Double = 30,
        separateStretches: Bool = false
    ) -> [SpeechWindow] {
        var stretches: [(start: Int, end: Int)] = []
        let pad = Int(padding * rate), gap = Int(maxSilence * rate)
        for region in regions.sorted(by: { $0.start < $1.start }) {
            let start = max(0, Int((region.start * rate).rounded()) - pad)
            let end = min(sampleCount, Int((region.end * rate).rounded()) + pad)
            guard end > start else { continue }
            if let last = stretches.last, start - last.end <= gap {
                stretches[stretches.count - 1].end = max(last.end, end)
            } else {
                stretches.append((start, end))
            }
        }
        let limit = Int(maxDuration * rate)
        var windows: [SpeechWindow] = []
        var current = SpeechWindow(pieces: [])
        for stretch in stretches {
            let length = stretch.end - stretch.start
            if !current.pieces.isEmpty && (separateStretches || current.sampleCount + length > limit) {
                windows.append(current)
                current = SpeechWindow(pieces: [])
            }
            current.pieces.append(Piece(start: stretch.start, end: stretch.end, clipStart: current.sampleCount))
        }
        if !current.pieces.isEmpty { windows.append(current) }
        return windows
    }

    /// The whole recording as one window.
    public static func whole(sampleCount: Int) -> SpeechWindow {
        SpeechWindow(pieces: [Piece(start: 0, end: sampleCount, clipStart: 0)])
    }
}

import Foundation

/// A copy of a recording's sound with some time spans replaced by a tone or by silence, written
/// as FLAC through libsndfile at the source's own rate and channels: the redacted media of a
/// pseudonymised export. The picture of a video is not kept (a face identifies as a name does).
///
/// The source is decoded in chunks and written as it goes, so memory stays flat however long the
/// recording.
public struct AudioRedaction: Sendable, Hashable {
    /// What replaces a redacted span.
    public enum Fill: String, Sendable, Codable, CaseIterable {
        /// A 1 kHz sine at −20 dBFS: the listener hears that something was removed.
        case tone
        /// Digital silence.
        case silence
    }

    /// The tone's frequency in Hz.
    public static let toneFrequency = 1_000.0
    /// The tone's amplitude (−20 dBFS).
    public static let toneLevel: Float = 0.1

    /// The spans to replace, in seconds from the start of the audio stream (any order, may overlap).
    public var spans: [Range<Double>]
    /// What replaces them.
    public var fill: Fill

    /// Creates a redaction of `spans` with `fill`.
    public init(spans: [Range<Double>], fill: Fill = .tone) {
        self.spans = spans
        self.fill = fill
    }

    /// What ``write(from:to:)`` wrote.
    public struct Report: Sendable, Hashable {
        /// The written file's sample rate.
        public var sampleRate: Int
        /// Its channel count.
        public var channels: Int
        /// Frames written (the source's decoded length).
        public var frames: Int
        /// Frames replaced by the fill.
        public var redactedFrames: Int
    }

    /// Decodes the best audio stream of `source` and writes it to `destination` (FLAC, 16-bit) with
    /// the spans replaced. `destination` must not be the source.
    /// - Throws: ``MediaError`` when the source cannot be decoded or the file cannot be written.
    @discardableResult
    public func write(from source: URL, to destination: URL) throws(MediaError) -> Report {
        try write(from: .file(source), to: destination)
    }

    /// The same, from a file or a byte source (media encrypted at rest, read
    /// without a clear copy).
    @discardableResult
    public func write(from source: MediaInput, to destination: URL) throws(MediaError) -> Report {
        let info = try MediaInfo(probing: source)
        guard let stream = info.bestAudioStream else { throw MediaError(.noAudioStream, path: source.name) }
        // FLAC holds up to 8 channels at up to 655,350 Hz; a source beyond that is mixed down or resampled.
        let rate = min(max(stream.sampleRate ?? 48_000, 8_000), 192_000)
        let keepChannels = (stream.channels ?? 1) <= 8
        let decoder = try AudioDecoder(
            input: source,
            options: DecodeOptions(streamIndex: stream.index, sampleRate: rate, keepChannels: keepChannels, chunkFrames: rate * 5))
        var writer: AudioFileWriter?
        var position = 0, redacted = 0, channels = 1
        let frameSpans = Self.frameRanges(spans, rate: rate)
        while var chunk = try decoder.nextChunk() {
            if writer == nil {
                channels = chunk.channels.count
                writer = try AudioFileWriter(url: destination, sampleRate: rate, channels: channels, encoding: .int16, container: .flac)
            }
            let chunkRange = position..<(position + chunk.frameCount)
            for span in frameSpans where span.overlaps(chunkRange) {
                let lower = max(span.lowerBound, chunkRange.lowerBound), upper = min(span.upperBound, chunkRange.upperBound)
                for frame in lower..<upper {
                    let value = fillSample(frame: frame, rate: rate)
                    for channel in chunk.channels.indices { chunk.channels[channel][frame - position] = value }
                }
                redacted += upper - lower
            }
            try writer!.append(chunk.channels)
            position += chunk.frameCount
        }
        guard let writer else {
            // Nothing decoded: FFmpeg guessed a format from the name of a file that holds none.
            throw MediaError(.notMediaFile, path: source.name, detail: "no audio could be decoded")
        }
        try writer.finish()
        return Report(sampleRate: rate, channels: channels, frames: position, redactedFrames: redacted)
    }

    /// The fill's value at `frame`: the tone keeps its phase from the start of the file.
    public func fillSample(frame: Int, rate: Int) -> Float {
        switch fill {
        case .silence: return 0
        case .tone: return Self.toneLevel * Float(sin(2 * Double.pi * Self.toneFrequency * Double(frame) / Double(rate)))
        }
    }

    /// The spans as merged frame ranges: a span's first frame is rounded down and its end up, so
    /// that no part of a redacted word survives rounding.
    static func frameRanges(_ spans: [Range<Double>], rate: Int) -> [Range<Int>] {
        let ranges = spans.compactMap { span -> Range<Int>? in
            guard span.lowerBound.isFinite, span.upperBound.isFinite else { return nil }
            let lower = max(0, Int((span.lowerBound * Double(rate)).rounded(.down)))
            let upper = Int((span.upperBound * Double(rate)).rounded(.up))
            return upper > lower ? lower..<upper : nil
        }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}

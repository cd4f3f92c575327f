/// A block of decoded PCM: Float32 samples in [-1, 1], one array per channel.
public struct AudioChunk: Sendable, Equatable {
    /// One array per output channel (one when mixing down to mono); all the same length.
    public var channels: [[Float]]
    /// Number of frames (samples per channel).
    public var frameCount: Int { channels.first?.count ?? 0 }
}

/// A whole decoded stream, as ``AudioDecoder/decodeAll(url:options:)`` returns it.
public struct DecodedAudio: Sendable {
    /// Samples per second of every channel.
    public var sampleRate: Int
    /// One array per output channel: one for a mono mix-down, or the source's channels.
    public var channels: [[Float]]
    /// What the container declared and what was actually decoded.
    public var report: DecodeReport

    /// The first channel: the whole mono mix when decoding with the default options.
    public var samples: [Float] { channels.first ?? [] }
    /// Duration of the decoded audio in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }
}

/// What a decode found beyond the samples: the stream used, and any shortfall.
public struct DecodeReport: Sendable, Equatable, Codable {
    /// The container index of the decoded stream.
    public var streamIndex: Int
    /// The stream's codec.
    public var codec: String
    /// Duration the container claims, in seconds, if it states one.
    public var declaredDuration: Double?
    /// Duration actually decoded, in seconds.
    public var decodedDuration: Double
    /// Packets the decoder rejected as corrupt and skipped.
    public var corruptPackets: Int

    /// Seconds the file promised but did not deliver (a truncated upload), or 0.
    public var shortfall: Double {
        guard let declared = declaredDuration else { return 0 }
        let missing = declared - decodedDuration
        // Codec padding and estimated durations differ by a frame or two: not a truncation.
        return missing > max(0.5, 0.02 * declared) ? missing : 0
    }

    /// Whether the file ended before what its header declared.
    public var isTruncated: Bool { shortfall > 0 }
}

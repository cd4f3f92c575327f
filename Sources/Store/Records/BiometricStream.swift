import Foundation

/// Binary encoding of the values of a biometric stream's chunks (little-endian IEEE 754).
public enum SampleFormat: String, Codable, Sendable, Hashable {
    /// 4 bytes per value.
    case float32
    /// 8 bytes per value.
    case float64

    /// Bytes per value.
    public var byteCount: Int { self == .float32 ? 4 : 8 }
}

/// Metadata of one wearable signal of a participant (heart rate, EDA, accelerometer...).
///
/// The samples live in ``BiometricChunk`` rows, never one row per sample.
public struct BiometricStream: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The study.
    public var studyID: Int64
    /// The participant who wore the device.
    public var participantID: Int64
    /// Device description (`Empatica E4 A01234`).
    public var device: String
    /// Signal kind: a Biometrics `ChannelKind` raw value (`eda`, `heartRate`, `accX`...).
    public var kind: String
    /// The channel's label as the source file names it (`EEG Fpz-Cz`, `BVP`); empty when unknown.
    public var label: String
    /// Unit of the values (`µS`, `bpm`, `g`).
    public var unit: String
    /// Nominal sampling rate in Hz; `nil` for irregular streams (each sample then has its own time).
    public var sampleRate: Double?
    /// Values per sample (3 for a 3-axis accelerometer); values are interleaved.
    public var channels: Int
    /// UTC time of the first sample.
    public var startTime: Date
    /// Number of samples stored.
    public var sampleCount: Int
    /// Encoding of the values.
    public var format: SampleFormat

    /// Creates stream metadata; the store assigns `id` and `sampleCount`.
    public init(
        id: Int64? = nil, studyID: Int64, participantID: Int64, device: String, kind: String, unit: String,
        sampleRate: Double?, channels: Int = 1, startTime: Date, sampleCount: Int = 0, format: SampleFormat = .float32,
        label: String = ""
    ) {
        self.id = id
        self.studyID = studyID
        self.participantID = participantID
        self.device = device
        self.kind = kind
        self.label = label
        self.unit = unit
        self.sampleRate = sampleRate
        self.channels = channels
        self.startTime = startTime
        self.sampleCount = sampleCount
        self.format = format
    }
}

/// Samples of a biometric stream: offsets in seconds from the stream's ``BiometricStream/startTime``
/// and `channels` values per sample.
public struct BiometricSamples: Sendable, Hashable {
    /// Seconds from the stream start, one per sample.
    public var offsets: [Double]
    /// `offsets.count × channels` values, interleaved by sample.
    public var values: [Double]

    /// Creates samples; `values.count` must be a multiple of `offsets.count`.
    public init(offsets: [Double], values: [Double]) {
        self.offsets = offsets
        self.values = values
    }

    /// Samples of a regular stream: offsets are `i / rate`.
    public init(regularValues values: [Double], rate: Double, channels: Int = 1) {
        let count = channels > 0 ? values.count / channels : 0
        self.offsets = (0..<count).map { Double($0) / rate }
        self.values = values
    }
}

/// A block of up to ``chunkSize`` consecutive samples of a stream, as little-endian blobs.
public struct BiometricChunk: Codable, Sendable, Hashable {
    /// Samples per chunk written by the store.
    public static let chunkSize = 4096
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The stream.
    public var streamID: Int64
    /// Index of the first sample of the chunk in the stream.
    public var firstSample: Int
    /// Number of samples in the chunk.
    public var sampleCount: Int
    /// Offset in seconds of the chunk's first sample from the stream start.
    public var startOffset: Double
    /// Offset in seconds of the chunk's last sample.
    public var endOffset: Double
    /// Float64 LE offsets per sample for irregular streams; `nil` when the stream has a `sampleRate`.
    public var offsets: Data?
    /// Values, `sampleCount × channels`, in the stream's ``SampleFormat``.
    public var values: Data

    /// Creates a chunk value.
    public init(
        id: Int64? = nil, streamID: Int64, firstSample: Int, sampleCount: Int, startOffset: Double, endOffset: Double,
        offsets: Data?, values: Data
    ) {
        self.id = id
        self.streamID = streamID
        self.firstSample = firstSample
        self.sampleCount = sampleCount
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.offsets = offsets
        self.values = values
    }
}

import Foundation

/// What a media file holds, as FFmpeg sees it.
public struct MediaInfo: Sendable, Codable, Equatable {
    /// The file that was probed.
    public var path: String
    /// FFmpeg's short container name, e.g. `wav`, `mov,mp4,m4a,3gp,3g2,mj2`.
    public var container: String
    /// The container's descriptive name, e.g. `QuickTime / MOV`.
    public var containerDescription: String
    /// Duration in seconds as the container states it (an estimate for some formats).
    public var duration: Double?
    /// Overall bit rate in bits per second, when known.
    public var bitRate: Int?
    /// Wall-clock time the recording was made, from the `creation_time` tag, when present.
    public var creationTime: Date?
    /// Every stream in the file, in container order.
    public var streams: [StreamInfo]

    /// How long the audio Verbatim decodes lasts: the best audio stream's duration, else the
    /// container's. A video's container often lasts longer (a subtitle or video track running on)
    /// than the sound that is transcribed, and the page shows the transcribed sound's length.
    public var audioDuration: Double? { bestAudioStream?.duration ?? duration }

    /// The audio streams only.
    public var audioStreams: [StreamInfo] { streams.filter { $0.kind == .audio } }

    /// The stream Verbatim decodes by default: the first audio stream with the most channels,
    /// then the highest sample rate.
    public var bestAudioStream: StreamInfo? {
        var best: StreamInfo?
        for stream in audioStreams {
            guard let current = best else {
                best = stream
                continue
            }
            let key = (stream.channels ?? 0, stream.sampleRate ?? 0)
            let bestKey = (current.channels ?? 0, current.sampleRate ?? 0)
            if key > bestKey { best = stream }
        }
        return best
    }
}

/// One stream of a media file.
public struct StreamInfo: Sendable, Codable, Equatable {
    /// What a stream carries.
    public enum Kind: String, Sendable, Codable {
        case audio, video, subtitle, data, attachment, unknown
    }

    /// The stream's index in the container (as `ffprobe` numbers it).
    public var index: Int
    /// Audio, video, subtitle...
    public var kind: Kind
    /// FFmpeg's codec name, e.g. `aac`, `pcm_s16le`, `h264`.
    public var codec: String
    /// Sample rate in Hz (audio).
    public var sampleRate: Int?
    /// Number of channels (audio).
    public var channels: Int?
    /// Channel layout description, e.g. `stereo` (audio).
    public var channelLayout: String?
    /// Frame width and height in pixels (video).
    public var width: Int?
    /// Frame height in pixels (video).
    public var height: Int?
    /// Duration in seconds, when the container states it per stream.
    public var duration: Double?
    /// ISO 639 language tag, when present.
    public var language: String?
    /// Title tag (video-call tools name tracks), when present.
    public var title: String?
    /// Whether the container marks the stream as default.
    public var isDefault: Bool
}

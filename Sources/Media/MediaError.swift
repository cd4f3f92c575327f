/// An error from probing, decoding or writing media, with the file it concerns and what the
/// user can do about it.
public struct MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The file does not exist.
        case fileNotFound
        /// The file exists but FFmpeg recognises no audio or video container in it.
        case notMediaFile
        /// The container holds no audio stream.
        case noAudioStream
        /// The requested stream index does not exist or is not an audio stream.
        case streamNotFound(Int)
        /// The audio stream's codec has no decoder in this FFmpeg build.
        case unsupportedCodec(String)
        /// The file is cut short: its index (an MP4 "moov" atom) or its header is missing.
        case incompleteFile
        /// Reading or writing failed at the operating-system level.
        case io
        /// The decoder or resampler failed in a way that is not the file's fault.
        case decodingFailed
        /// The output file's extension or the requested encoding names no format the writer has.
        case unsupportedOutputFormat(String)
        /// Parts to be joined into one file do not carry the same streams (codecs, count).
        case incompatibleParts
    }

    /// What went wrong.
    public let kind: Kind
    /// The file concerned.
    public let path: String
    /// Details from FFmpeg, libsndfile or the operating system.
    public let detail: String

    /// Creates an error.
    public init(_ kind: Kind, path: String, detail: String = "") {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    /// A message that names the file, the problem and the remedy.
    public var description: String {
        let reason: String
        switch kind {
        case .fileNotFound:
            reason = "no such file; check the path"
        case .notMediaFile:
            reason = "not an audio or video file that FFmpeg can read; upload a recording (WAV, FLAC, MP3, OGG, Opus, M4A, MP4...)"
        case .noAudioStream:
            reason = "the file holds no audio stream; upload the recording with its sound track"
        case .streamNotFound(let index):
            reason = "stream \(index) does not exist or is not audio; run `verbatim probe` to list the audio streams"
        case .unsupportedCodec(let codec):
            reason = "the audio codec \"\(codec)\" cannot be decoded by this FFmpeg build; convert the file to WAV or FLAC first"
        case .incompleteFile:
            reason = "the file is incomplete (its index is missing, as when an upload is cut short); upload the complete file again"
        case .io:
            reason = "the file could not be read or written; check permissions and free disk space"
        case .decodingFailed:
            reason = "decoding failed"
        case .unsupportedOutputFormat(let format):
            reason = "cannot write \"\(format)\"; write .wav (float32 or 16-bit) or .flac (16-bit or 24-bit)"
        case .incompatibleParts:
            reason = "the parts of the recording carry different streams and cannot be joined; record again with the same microphone and camera settings"
        }
        return detail.isEmpty ? "\(path): \(reason)" : "\(path): \(reason) (\(detail))"
    }
}

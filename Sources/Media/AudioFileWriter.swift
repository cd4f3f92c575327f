import CSndfile
import Foundation

/// Writes PCM to a WAV or FLAC file through libsndfile as it arrives, any number of channels,
/// so that memory stays flat however long the recording. libsndfile fills in the header's
/// sizes on ``finish()``.
public final class AudioFileWriter {
    /// File formats the writer supports.
    public enum Container: Sendable, Equatable {
        /// RIFF/WAVE: float32 (the default) or 16-bit integer samples.
        case wav
        /// FLAC, lossless: 16-bit (the default) or 24-bit integer samples.
        case flac

        /// The container a file extension names (`wav`, `wave`, `flac`, in any case), or nil.
        public init?(pathExtension: String) {
            switch pathExtension.lowercased() {
            case "wav", "wave": self = .wav
            case "flac": self = .flac
            default: return nil
            }
        }
    }

    /// Sample encodings; integers are rounded and clipped from the Float samples.
    public enum Encoding: Sendable, Equatable {
        /// IEEE 754 32-bit float, exactly what the decoder produces (WAV only).
        case float32
        /// 16-bit signed integer.
        case int16
        /// 24-bit signed integer (FLAC only).
        case int24
    }

    /// The file format written.
    public let container: Container
    /// The sample encoding written.
    public let encoding: Encoding
    private let path: String
    private let channels: Int
    /// The libsndfile handle (`SNDFILE *`), owned and closed by this writer alone; nil once closed.
    private var file: OpaquePointer?

    /// Creates (or replaces) the file at `url`. The container comes from `container`, else from
    /// the file's extension; the encoding defaults to float32 for WAV and 16-bit for FLAC.
    public init(
        url: URL, sampleRate: Int, channels: Int, encoding: Encoding? = nil, container: Container? = nil
    ) throws(MediaError) {
        path = url.path
        guard let container = container ?? Container(pathExtension: url.pathExtension) else {
            throw MediaError(.unsupportedOutputFormat(url.pathExtension), path: path)
        }
        let encoding = encoding ?? (container == .wav ? .float32 : .int16)
        let subtype: Int32
        switch (container, encoding) {
        case (.wav, .float32): subtype = Int32(SF_FORMAT_FLOAT)
        case (.wav, .int16), (.flac, .int16): subtype = Int32(SF_FORMAT_PCM_16)
        case (.flac, .int24): subtype = Int32(SF_FORMAT_PCM_24)
        case (.wav, .int24), (.flac, .float32):
            throw MediaError(.unsupportedOutputFormat("\(container) \(encoding)"), path: path)
        }
        let major = container == .wav ? Int32(SF_FORMAT_WAV) : Int32(SF_FORMAT_FLAC)
        var info = SF_INFO(
            frames: 0, samplerate: Int32(sampleRate), channels: Int32(channels), format: major | subtype,
            sections: 0, seekable: 0)
        guard sf_format_check(&info) != 0 else {
            throw MediaError(
                .unsupportedOutputFormat("\(container) \(encoding)"), path: path,
                detail: "\(channels) channels at \(sampleRate) Hz")
        }
        guard let file = sf_open(path, Int32(SFM_WRITE), &info) else {
            throw MediaError(.io, path: path, detail: String(cString: sf_strerror(nil)))
        }
        self.file = file
        self.container = container
        self.encoding = encoding
        self.channels = channels
    }

    deinit {
        if let file { sf_close(file) }
    }

    /// Appends frames given as one array per channel (all the same length).
    public func append(_ planes: [[Float]]) throws(MediaError) {
        precondition(planes.count == channels, "AudioFileWriter: expected \(channels) channels")
        guard let file else { throw MediaError(.io, path: path, detail: "the file is already finished") }
        let frames = planes.first?.count ?? 0
        guard frames > 0 else { return }
        let written: sf_count_t
        switch encoding {
        case .float32:
            let samples = interleave(planes, frames: frames) { $0 }
            written = sf_writef_float(file, samples, sf_count_t(frames))
        case .int16:
            let samples = interleave(planes, frames: frames) { Int16(Self.quantise($0, bits: 16)) }
            written = sf_writef_short(file, samples, sf_count_t(frames))
        case .int24:
            // libsndfile's `int` samples are left-justified 32-bit: the 24 bits go on top.
            let samples = interleave(planes, frames: frames) { Self.quantise($0, bits: 24) << 8 }
            written = sf_writef_int(file, samples, sf_count_t(frames))
        }
        guard written == frames else {
            throw MediaError(.io, path: path, detail: String(cString: sf_strerror(file)))
        }
    }

    /// Completes the header and closes the file; later calls do nothing.
    public func finish() throws(MediaError) {
        guard let file else { return }
        self.file = nil
        let result = sf_close(file)
        guard result == 0 else {
            throw MediaError(.io, path: path, detail: String(cString: sf_error_number(result)))
        }
    }

    /// Frames interleaved channel by channel, each sample converted by `convert`.
    private func interleave<T>(_ planes: [[Float]], frames: Int, _ convert: (Float) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: frames * channels) { buffer, count in
            for channel in 0..<channels {
                planes[channel].withUnsafeBufferPointer { plane in
                    for frame in 0..<frames {
                        (buffer.baseAddress! + frame * channels + channel).initialize(to: convert(plane[frame]))
                    }
                }
            }
            count = frames * channels
        }
    }

    /// A sample in [-1, 1) as a signed integer of `bits` bits, rounded and clipped; the same
    /// scale (2^(bits-1)) FFmpeg divides by when it reads the file back.
    private static func quantise(_ sample: Float, bits: Int) -> Int32 {
        let scale = Float(1 << (bits - 1))
        let scaled = (sample * scale).rounded()
        return Int32(max(-scale, min(scale - 1, scaled.isNaN ? 0 : scaled)))
    }
}

import CFFmpeg
import Foundation

/// An open container: owns one `AVFormatContext` and frees it on deinit.
///
/// Not `Sendable`: a context belongs to the one decoder or probe that opened it.
final class FormatContext {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    let path: String
    /// The I/O context over a byte source, and the source's reader; `nil` for a file opened by path.
    private var io: UnsafeMutablePointer<AVIOContext>?
    private var reader: Unmanaged<ByteSourceReader>?

    /// Opens `path` and reads its stream information, mapping FFmpeg's failures to typed errors.
    init(path: String) throws(MediaError) {
        _ = silenceFFmpegLogging
        guard FileManager.default.fileExists(atPath: path) else {
            throw MediaError(.fileNotFound, path: path)
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw MediaError(.io, path: path, detail: "permission denied")
        }
        var context: UnsafeMutablePointer<AVFormatContext>?
        let opened = avformat_open_input(&context, path, nil, nil)
        guard opened >= 0, let context else {
            throw Self.openError(opened, path: path)
        }
        pointer = context
        self.path = path
        let found = avformat_find_stream_info(context, nil)
        if found < 0 {
            var doomed: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&doomed)
            throw Self.openError(found, path: path)
        }
    }

    /// Opens `input`: a file by its path, or a byte source opened now.
    convenience init(input: MediaInput) throws(MediaError) {
        switch input {
        case .file(let url):
            try self.init(path: url.path)
        case .bytes(let name, let open):
            let source: any MediaByteSource
            do { source = try open() } catch { throw MediaError(.io, path: name, detail: "\(error)") }
            try self.init(source: source, name: name)
        }
    }

    /// Opens the media read through `source` (FFmpeg's custom I/O: its reads and seeks call the
    /// source), named `name` in errors, and reads its stream information.
    init(source: any MediaByteSource, name: String) throws(MediaError) {
        _ = silenceFFmpegLogging
        let bufferSize: Int32 = 1 << 16
        guard let buffer = av_malloc(Int(bufferSize)) else { throw MediaError(.io, path: name, detail: "out of memory") }
        let reader = Unmanaged.passRetained(ByteSourceReader(source))
        let io = avio_alloc_context(
            buffer.assumingMemoryBound(to: UInt8.self), bufferSize, 0, reader.toOpaque(),
            { opaque, buffer, size in
                Unmanaged<ByteSourceReader>.fromOpaque(opaque!).takeUnretainedValue().read(into: buffer!, count: Int(size))
            },
            nil,
            { opaque, offset, whence in
                Unmanaged<ByteSourceReader>.fromOpaque(opaque!).takeUnretainedValue().seek(offset, whence: whence)
            })
        guard let io, let allocated = avformat_alloc_context() else {
            av_free(buffer)
            reader.release()
            throw MediaError(.io, path: name, detail: "out of memory")
        }
        allocated.pointee.pb = io
        var context: UnsafeMutablePointer<AVFormatContext>? = allocated
        // On failure FFmpeg frees the format context, never a caller's I/O context.
        let opened = avformat_open_input(&context, name, nil, nil)
        guard opened >= 0, let context else {
            Self.free(io, reader)
            throw Self.openError(opened, path: name, head: try? source.read(offset: 0, count: 12))
        }
        pointer = context
        path = name
        self.io = io
        self.reader = reader
        let found = avformat_find_stream_info(context, nil)
        if found < 0 {
            throw Self.openError(found, path: name, head: try? source.read(offset: 0, count: 12))  // deinit frees the contexts
        }
    }

    deinit {
        var doomed: UnsafeMutablePointer<AVFormatContext>? = pointer
        avformat_close_input(&doomed)
        if let io, let reader { Self.free(io, reader) }
    }

    /// The first `count` bytes of the file or byte source, `nil` when they cannot be read.
    func head(_ count: Int) -> Data? {
        if let reader { return try? reader.takeUnretainedValue().source.read(offset: 0, count: count) }
        return Self.firstBytes(path: path, count: count)
    }

    /// Why the byte source last failed to read (`nil` for a file opened by path, or no failure).
    var sourceFailure: (any Error)? { reader?.takeUnretainedValue().failure }

    private static func free(_ io: UnsafeMutablePointer<AVIOContext>, _ reader: Unmanaged<ByteSourceReader>) {
        // FFmpeg may have replaced the buffer it was given: free the one the context holds.
        av_freep(&io.pointee.buffer)
        var doomed: UnsafeMutablePointer<AVIOContext>? = io
        avio_context_free(&doomed)
        reader.release()
    }

    var streamCount: Int { Int(pointer.pointee.nb_streams) }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> {
        pointer.pointee.streams[index]!
    }

    /// Describes the container and its streams.
    func info() -> MediaInfo {
        let format = pointer.pointee.iformat.pointee
        let rawDuration = pointer.pointee.duration
        let duration = rawDuration == vb_nopts_value() || rawDuration <= 0
            ? nil : Double(rawDuration) / Double(AV_TIME_BASE)
        var creation = Self.tag("creation_time", in: pointer.pointee.metadata).flatMap(Self.parseDate)
        var streams: [StreamInfo] = []
        for index in 0..<streamCount {
            let stream = self.stream(index)
            streams.append(Self.describe(stream, index: index))
            if creation == nil {
                creation = Self.tag("creation_time", in: stream.pointee.metadata).flatMap(Self.parseDate)
            }
        }
        return MediaInfo(
            path: path,
            container: String(cString: format.name),
            containerDescription: format.long_name.map { String(cString: $0) } ?? "",
            duration: duration,
            bitRate: pointer.pointee.bit_rate > 0 ? Int(pointer.pointee.bit_rate) : nil,
            creationTime: creation,
            streams: streams
        )
    }

    private static func describe(_ stream: UnsafeMutablePointer<AVStream>, index: Int) -> StreamInfo {
        let parameters = stream.pointee.codecpar.pointee
        let kind: StreamInfo.Kind
        switch parameters.codec_type {
        case AVMEDIA_TYPE_AUDIO: kind = .audio
        case AVMEDIA_TYPE_VIDEO: kind = .video
        case AVMEDIA_TYPE_SUBTITLE: kind = .subtitle
        case AVMEDIA_TYPE_DATA: kind = .data
        case AVMEDIA_TYPE_ATTACHMENT: kind = .attachment
        default: kind = .unknown
        }
        var info = StreamInfo(
            index: index,
            kind: kind,
            codec: String(cString: avcodec_get_name(parameters.codec_id)),
            language: tag("language", in: stream.pointee.metadata).flatMap { $0 == "und" ? nil : $0 },
            title: tag("title", in: stream.pointee.metadata) ?? tag("handler_name", in: stream.pointee.metadata),
            isDefault: stream.pointee.disposition & AV_DISPOSITION_DEFAULT != 0
        )
        if stream.pointee.duration != vb_nopts_value() && stream.pointee.duration > 0 {
            let base = stream.pointee.time_base
            info.duration = Double(stream.pointee.duration) * Double(base.num) / Double(base.den)
        }
        if kind == .audio {
            info.sampleRate = Int(parameters.sample_rate)
            info.channels = Int(parameters.ch_layout.nb_channels)
            var layout = parameters.ch_layout
            var buffer = [CChar](repeating: 0, count: 128)
            if av_channel_layout_describe(&layout, &buffer, buffer.count) > 0 {
                info.channelLayout = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            }
        } else if kind == .video {
            info.width = Int(parameters.width)
            info.height = Int(parameters.height)
        }
        return info
    }

    private static func tag(_ key: String, in dictionary: OpaquePointer?) -> String? {
        guard let dictionary, let entry = av_dict_get(dictionary, key, nil, 0) else { return nil }
        // Some muxers store Pascal strings: drop control characters such as a length byte.
        let value = String(cString: entry.pointee.value).filter { !$0.isASCII || !($0.asciiValue! < 0x20) }
        return value.isEmpty ? nil : value
    }

    /// Parses `creation_time` values such as `2015-01-12T15:08:28.000000Z`.
    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        // Some muxers write "2015-01-12 15:08:28" (UTC, no zone).
        formatter.formatOptions = [.withFullDate, .withSpaceBetweenDateAndTime, .withTime, .withColonSeparatorInTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.date(from: text)
    }

    /// Maps a failure to open or read a container to a typed error; `head`, the first bytes of a
    /// byte source (a file's are read from `path`).
    static func openError(_ code: Int32, path: String, head: Data? = nil) -> MediaError {
        let text = ffmpegErrorText(code)
        if code == vb_averror_from_errno(ENOENT) {
            return MediaError(.fileNotFound, path: path)
        }
        if [EACCES, EIO, EISDIR, ENOSPC, EMFILE].contains(vb_averror_errno(code)) {
            return MediaError(.io, path: path, detail: text)
        }
        if looksLikeISOMedia(head ?? firstBytes(path: path, count: 12)) {
            // MP4/M4A/MOV whose "moov" index is missing: the classic cut-short upload.
            return MediaError(.incompleteFile, path: path, detail: "MP4 index (moov atom) not found")
        }
        return MediaError(.notMediaFile, path: path, detail: text)
    }

    /// Whether a file starts like an ISO base media file (an `ftyp` box at offset 4).
    private static func looksLikeISOMedia(_ head: Data?) -> Bool {
        guard let head, head.count >= 8 else { return false }
        return Array(head.dropFirst(4).prefix(4)) == Array("ftyp".utf8)
    }

    /// The first `count` bytes of the file at `path`, `nil` when it cannot be read.
    private static func firstBytes(path: String, count: Int) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return try? handle.read(upToCount: count)
    }
}

/// What FFmpeg's read and seek callbacks reach through their opaque pointer: a byte source and
/// the position in it.
private final class ByteSourceReader {
    let source: any MediaByteSource
    var position: Int64 = 0
    /// The source's last read error (FFmpeg only sees an I/O error code).
    var failure: (any Error)?

    init(_ source: any MediaByteSource) { self.source = source }

    /// Fills `buffer` with up to `count` bytes; FFmpeg's end-of-file or I/O error code otherwise.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) -> Int32 {
        guard position < source.size else { return vb_averror_eof() }
        let data: Data
        do {
            data = try source.read(offset: position, count: count)
        } catch {
            failure = error
            return vb_averror_from_errno(EIO)
        }
        guard !data.isEmpty else { return vb_averror_eof() }
        data.copyBytes(to: buffer, count: data.count)
        position += Int64(data.count)
        return Int32(data.count)
    }

    /// Moves to `offset` from where `whence` says, or answers the size (`AVSEEK_SIZE`).
    func seek(_ offset: Int64, whence: Int32) -> Int64 {
        let target: Int64
        switch whence & ~AVSEEK_FORCE {
        case AVSEEK_SIZE: return source.size
        case SEEK_SET: target = offset
        case SEEK_CUR: target = position + offset
        case SEEK_END: target = source.size + offset
        default: return Int64(vb_averror_from_errno(EINVAL))
        }
        guard target >= 0 else { return Int64(vb_averror_from_errno(EINVAL)) }
        position = target
        return target
    }
}

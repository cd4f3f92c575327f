import CFFmpeg
import Foundation

/// Decodes one audio stream of any file FFmpeg can open to Float32 PCM at a fixed rate
/// (16 kHz by default), mono or per channel, handed out in chunks so that memory stays flat
/// whatever the file's length.
///
/// ```swift
/// let decoder = try AudioDecoder(url: url)
/// while let chunk = try decoder.nextChunk() { consume(chunk.channels[0]) }
/// print(decoder.report.isTruncated)
/// ```
///
/// An `AudioDecoder` owns FFmpeg contexts and is used from one task at a time.
public final class AudioDecoder {
    /// The probed file.
    public let info: MediaInfo
    /// The stream being decoded.
    public let stream: StreamInfo
    /// The options in force.
    public let options: DecodeOptions

    private let format: FormatContext
    private let codec: UnsafeMutablePointer<AVCodecContext>
    private let packet: UnsafeMutablePointer<AVPacket>
    private let frame: UnsafeMutablePointer<AVFrame>
    private var resampler: Resampler?
    private var pending: [[Float]]
    private var state = State.reading
    private var framesOut = 0
    private var corruptPackets = 0
    private let declaredDuration: Double?
    /// Packets still skipped without decoding, until one reaches ``DecodeOptions/startTime``'s pre-roll.
    private var skipping: Bool
    /// Output frames still to drop before ``DecodeOptions/startTime``; nil until the first frame is placed.
    private var framesToDrop: Int?

    private enum State { case reading, draining, done }

    /// Opens `url` and prepares to decode the chosen audio stream.
    public convenience init(url: URL, options: DecodeOptions = DecodeOptions()) throws(MediaError) {
        try self.init(input: .file(url), options: options)
    }

    /// Opens `input` (a file, or bytes read through a ``MediaByteSource``) and prepares to decode
    /// the chosen audio stream.
    public init(input: MediaInput, options: DecodeOptions = DecodeOptions()) throws(MediaError) {
        let format = try FormatContext(input: input)
        let path = format.path
        let info = format.info()
        let chosen: StreamInfo
        if let index = options.streamIndex {
            guard let stream = info.streams.first(where: { $0.index == index }), stream.kind == .audio else {
                throw MediaError(.streamNotFound(index), path: path)
            }
            chosen = stream
        } else {
            guard let best = info.bestAudioStream else { throw MediaError(.noAudioStream, path: path) }
            chosen = best
        }
        let parameters = format.stream(chosen.index).pointee.codecpar
        guard let decoder = avcodec_find_decoder(parameters!.pointee.codec_id) else {
            throw MediaError(.unsupportedCodec(chosen.codec), path: path)
        }
        guard let codec = avcodec_alloc_context3(decoder) else {
            throw MediaError(.decodingFailed, path: path, detail: "out of memory")
        }
        var opened = avcodec_parameters_to_context(codec, parameters)
        // With the packets' time base the decoder moves a frame's time past the samples it
        // drops (Opus pre-skip), which places a decode from a start time.
        codec.pointee.pkt_timebase = format.stream(chosen.index).pointee.time_base
        if opened >= 0 { opened = avcodec_open2(codec, decoder, nil) }
        guard opened >= 0, let packet = av_packet_alloc(), let frame = av_frame_alloc() else {
            var doomed: UnsafeMutablePointer<AVCodecContext>? = codec
            avcodec_free_context(&doomed)
            throw MediaError(.unsupportedCodec(chosen.codec), path: path, detail: ffmpegErrorText(opened))
        }
        self.format = format
        self.info = info
        self.stream = chosen
        self.options = options
        if info.container == "wav", let header = format.head(4096).flatMap(WAVHeader.init(head:)) {
            declaredDuration = header.declaredDuration
        } else {
            declaredDuration = chosen.duration ?? info.duration
        }
        self.codec = codec
        self.packet = packet
        self.frame = frame
        let outputChannels = options.keepChannels ? max(1, chosen.channels ?? 1) : 1
        self.pending = Array(repeating: [], count: outputChannels)
        self.skipping = options.startTime > 0
        self.framesToDrop = options.startTime > 0 ? nil : 0
    }

    deinit {
        var codec: UnsafeMutablePointer<AVCodecContext>? = self.codec
        avcodec_free_context(&codec)
        var packet: UnsafeMutablePointer<AVPacket>? = self.packet
        av_packet_free(&packet)
        var frame: UnsafeMutablePointer<AVFrame>? = self.frame
        av_frame_free(&frame)
    }

    /// What was declared and decoded so far (complete once ``nextChunk()`` has returned nil).
    public var report: DecodeReport {
        DecodeReport(
            streamIndex: stream.index,
            codec: stream.codec,
            declaredDuration: declaredDuration,
            decodedDuration: options.startTime + Double(framesOut) / Double(options.sampleRate),
            corruptPackets: corruptPackets
        )
    }

    /// The next `options.chunkFrames` frames (fewer at the end), or nil when the stream is done.
    public func nextChunk() throws(MediaError) -> AudioChunk? {
        while pending[0].count < options.chunkFrames && state != .done {
            try step()
        }
        let count = min(pending[0].count, options.chunkFrames)
        guard count > 0 else { return nil }
        var channels: [[Float]] = []
        channels.reserveCapacity(pending.count)
        for index in pending.indices {
            channels.append(Array(pending[index][0..<count]))
            pending[index].removeFirst(count)
        }
        framesOut += count
        return AudioChunk(channels: channels)
    }

    /// Decodes the whole stream of `url` into memory.
    public static func decodeAll(url: URL, options: DecodeOptions = DecodeOptions()) throws(MediaError) -> DecodedAudio {
        try decodeAll(input: .file(url), options: options)
    }

    /// Decodes the whole stream of `input` into memory.
    public static func decodeAll(input: MediaInput, options: DecodeOptions = DecodeOptions()) throws(MediaError) -> DecodedAudio {
        let decoder = try AudioDecoder(input: input, options: options)
        var channels = Array(repeating: [Float](), count: decoder.pending.count)
        // Room for the declared duration up front: a growing array would hold up to twice the
        // recording while it doubles (untouched capacity costs address space, not memory).
        if let declared = decoder.declaredDuration, declared.isFinite, declared > 0 {
            let frames = Int(min(declared, 24 * 3600) * Double(options.sampleRate)) + options.sampleRate
            for index in channels.indices { channels[index].reserveCapacity(frames) }
        }
        while let chunk = try decoder.nextChunk() {
            for index in channels.indices { channels[index].append(contentsOf: chunk.channels[index]) }
        }
        return DecodedAudio(sampleRate: options.sampleRate, channels: channels, report: decoder.report)
    }

    // MARK: - Decoding loop

    /// Advances the decoder by one frame or one packet.
    private func step() throws(MediaError) {
        let received = avcodec_receive_frame(codec, frame)
        if received == 0 {
            defer { av_frame_unref(frame) }
            try convert(frame)
            return
        }
        if received == vb_averror_eof() {
            try convert(nil)
            state = .done
            return
        }
        if received == vb_averror_invaliddata() {
            corruptPackets += 1
            return
        }
        guard received == vb_averror_eagain() else {
            throw MediaError(.decodingFailed, path: format.path, detail: ffmpegErrorText(received))
        }
        guard state == .reading else {
            // A drained decoder that still wants input: nothing more will come.
            try convert(nil)
            state = .done
            return
        }
        let read = av_read_frame(format.pointer, packet)
        if read < 0 {
            // A byte source that cannot be read (encrypted media failing its check): an error, never a short decode.
            if let failure = format.sourceFailure {
                throw MediaError(.io, path: format.path, detail: "the media could not be read: \(failure)")
            }
            // End of file, or a read error in a damaged file: decode what was read, then stop.
            // The shortfall against the declared duration tells the caller about a truncation.
            avcodec_send_packet(codec, nil)
            state = .draining
            return
        }
        defer { av_packet_unref(packet) }
        guard Int(packet.pointee.stream_index) == stream.index else { return }
        if skipping {
            // Before the start time (less the pre-roll): read, not decoded. A packet without a time is decoded.
            if let end = seconds(packetEnd: packet.pointee), end < options.startTime - DecodeOptions.preRoll { return }
            skipping = false
        }
        let sent = avcodec_send_packet(codec, packet)
        if sent == vb_averror_invaliddata() {
            corruptPackets += 1
        } else if sent < 0 && sent != vb_averror_eagain() {
            throw MediaError(.decodingFailed, path: format.path, detail: ffmpegErrorText(sent))
        }
    }

    /// Seconds from the stream's start to the end of `packet`, or nil when it carries no time.
    private func seconds(packetEnd packet: AVPacket) -> Double? {
        let time = packet.pts != vb_nopts_value() ? packet.pts : packet.dts
        guard time != vb_nopts_value() else { return nil }
        return seconds(time) + seconds(max(0, packet.duration), fromStart: false)
    }

    /// A time in the stream's time base in seconds, from the stream's start unless `fromStart` is
    /// false. A negative start (Opus pre-skip, AAC priming) is samples the decoder drops: the
    /// first sample a decode gives is at 0.
    private func seconds(_ time: Int64, fromStart: Bool = true) -> Double {
        let avStream = format.stream(stream.index).pointee
        let origin = fromStart && avStream.start_time != vb_nopts_value() ? max(0, avStream.start_time) : 0
        return Double(time - origin) * Double(avStream.time_base.num) / Double(avStream.time_base.den)
    }

    /// Resamples one decoded frame (or flushes the resampler when `frame` is nil) into `pending`.
    private func convert(_ frame: UnsafeMutablePointer<AVFrame>?) throws(MediaError) {
        defer { dropBeforeStart() }
        if let frame, framesToDrop == nil {
            // The first decoded frame places the output on the stream's timeline.
            let time = frame.pointee.best_effort_timestamp
            let first = time == vb_nopts_value() ? 0 : seconds(time)
            framesToDrop = max(0, Int(((options.startTime - first) * Double(options.sampleRate)).rounded()))
        }
        if let frame {
            if resampler == nil || !resampler!.accepts(frame) {
                if resampler != nil { try drainResampler() }
                resampler = try Resampler(
                    configuredFrom: frame,
                    outputChannels: pending.count,
                    outputRate: options.sampleRate,
                    path: format.path
                )
            }
            try resampler!.convert(frame, into: &pending)
        } else {
            try drainResampler()
        }
    }

    /// Drops the output frames that come before ``DecodeOptions/startTime``.
    private func dropBeforeStart() {
        guard let count = framesToDrop, count > 0, !pending[0].isEmpty else { return }
        let dropped = min(count, pending[0].count)
        for index in pending.indices { pending[index].removeFirst(dropped) }
        framesToDrop = count - dropped
    }

    private func drainResampler() throws(MediaError) {
        guard let resampler else { return }
        try resampler.convert(nil, into: &pending)
    }
}

import CFFmpeg
import Foundation

/// Joins media files that follow each other in time (the parts a browser recorder produced) into
/// one file by copying their packets, without decoding or encoding: every part keeps its
/// quality and the join costs a read and a write.
///
/// Timestamps go on across parts: each part starts where the previous one ended. The parts must
/// carry the same streams (count, kinds and codecs). A part whose tail is cut (a recorder that
/// died mid-write) contributes what can be read of it.
public enum MediaJoiner {
    /// What a join produced.
    public struct Joined: Sendable, Equatable {
        /// The written file.
        public var url: URL
        /// The FFmpeg muxer used: `webm`, `matroska` or `ogg`.
        public var format: String
        /// Seconds covered by the copied packets.
        public var duration: Double
        /// Packets copied from each part, in order.
        public var packetsPerPart: [Int]
    }

    /// Codecs the WebM muxer takes; anything else goes into Matroska.
    static let webmCodecs: Set<AVCodecID> = [AV_CODEC_ID_OPUS, AV_CODEC_ID_VORBIS, AV_CODEC_ID_VP8, AV_CODEC_ID_VP9, AV_CODEC_ID_AV1]

    /// The file extension a join into `format` gets.
    public static func fileExtension(format: String) -> String {
        switch format {
        case "webm": "webm"
        case "ogg": "ogg"
        default: "mkv"
        }
    }

    /// Copies the packets of `parts`, in order, into a new file next to `output` (whose extension
    /// is replaced by the chosen format's). Blocks its thread.
    ///
    /// - Throws: ``MediaError`` for an unreadable first part, parts with different streams
    ///   (``MediaError/Kind/incompatibleParts``) or a write failure; the output is removed.
    public static func join(_ parts: [URL], into output: URL) throws(MediaError) -> Joined {
        try join(inputs: parts.map { .file($0) }, into: output)
    }

    /// The same, with parts read as files or through byte sources (parts sealed at rest).
    public static func join(inputs parts: [MediaInput], into output: URL) throws(MediaError) -> Joined {
        guard let first = parts.first else { throw MediaError(.fileNotFound, path: output.path, detail: "no part to join") }
        let inputs = try parts.map { part throws(MediaError) in try FormatContext(input: part) }
        let layout = streamLayout(inputs[0])
        guard layout.contains(where: { $0.type == AVMEDIA_TYPE_AUDIO }) else { throw MediaError(.noAudioStream, path: first.name) }
        for (index, input) in inputs.enumerated().dropFirst() where streamLayout(input) != layout {
            throw MediaError(.incompatibleParts, path: parts[index].name, detail: "part \(index + 1) differs from part 1")
        }
        let format: String
        if String(cString: inputs[0].pointer.pointee.iformat.pointee.name) == "ogg" {
            format = "ogg"
        } else {
            format = layout.allSatisfy { webmCodecs.contains($0.codec) } ? "webm" : "matroska"
        }
        let url = output.deletingPathExtension().appendingPathExtension(fileExtension(format: format))
        do {
            let writer = try PacketWriter(url: url, format: format, template: inputs[0])
            var offset: Int64 = 0  // microseconds where the current part starts
            var counts: [Int] = []
            for input in inputs {
                let copied = try writer.copy(from: input, startingAt: offset)
                counts.append(copied.packets)
                offset = max(offset, copied.end)
            }
            try writer.finish()
            return Joined(url: url, format: format, duration: Double(offset) / Double(AV_TIME_BASE), packetsPerPart: counts)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    /// What must match between parts: each stream's kind and codec.
    struct StreamShape: Equatable {
        var type: AVMediaType
        var codec: AVCodecID
    }

    static func streamLayout(_ input: FormatContext) -> [StreamShape] {
        (0..<input.streamCount).map { index in
            let parameters = input.stream(index).pointee.codecpar.pointee
            return StreamShape(type: parameters.codec_type, codec: parameters.codec_id)
        }
    }
}

/// An output container being written packet by packet; owns its `AVFormatContext`.
private final class PacketWriter {
    let context: UnsafeMutablePointer<AVFormatContext>
    let path: String
    /// The last decoding time written per stream, in the output stream's time base.
    var lastDTS: [Int64]
    var headerWritten = false

    init(url: URL, format: String, template: FormatContext) throws(MediaError) {
        path = url.path
        var created: UnsafeMutablePointer<AVFormatContext>?
        guard avformat_alloc_output_context2(&created, nil, format, path) >= 0, let created else {
            throw MediaError(.unsupportedOutputFormat(format), path: path)
        }
        context = created
        lastDTS = Array(repeating: Int64.min, count: template.streamCount)
        for index in 0..<template.streamCount {
            let source = template.stream(index)
            guard let stream = avformat_new_stream(context, nil), avcodec_parameters_copy(stream.pointee.codecpar, source.pointee.codecpar) >= 0
            else { throw MediaError(.io, path: path, detail: "cannot add stream \(index)") }
            stream.pointee.codecpar.pointee.codec_tag = 0
            stream.pointee.time_base = source.pointee.time_base
        }
        let opened = avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE)
        guard opened >= 0 else { throw MediaError(.io, path: path, detail: ffmpegErrorText(opened)) }
        let header = avformat_write_header(context, nil)
        guard header >= 0 else { throw MediaError(.io, path: path, detail: ffmpegErrorText(header)) }
        headerWritten = true
    }

    deinit {
        if context.pointee.pb != nil { avio_closep(&context.pointee.pb) }
        avformat_free_context(context)
    }

    /// Copies every readable packet of `input`, shifted so the part starts at `start` (µs);
    /// returns the packet count and where the part ends (µs).
    func copy(from input: FormatContext, startingAt start: Int64) throws(MediaError) -> (packets: Int, end: Int64) {
        let microseconds = AVRational(num: 1, den: AV_TIME_BASE)
        var allocated = av_packet_alloc()
        defer { av_packet_free(&allocated) }
        guard let packet = allocated else { throw MediaError(.io, path: path, detail: "out of memory") }
        var origin: Int64?  // the part's first timestamp, in µs
        var end = start
        var count = 0
        while av_read_frame(input.pointer, packet) >= 0 {
            defer { av_packet_unref(packet) }
            let index = Int(packet.pointee.stream_index)
            guard index < lastDTS.count else { continue }
            let inBase = input.stream(index).pointee.time_base
            let outBase = context.pointee.streams[index]!.pointee.time_base
            let nopts = vb_nopts_value()
            let rawDTS = packet.pointee.dts != nopts ? packet.pointee.dts : packet.pointee.pts
            guard rawDTS != nopts else { continue }
            let rawPTS = packet.pointee.pts != nopts ? packet.pointee.pts : rawDTS
            let first = origin ?? av_rescale_q(rawDTS, inBase, microseconds)
            origin = first
            let shift = start - first  // µs added to this part's timestamps
            var dts = av_rescale_q(av_rescale_q(rawDTS, inBase, microseconds) + shift, microseconds, outBase)
            var pts = av_rescale_q(av_rescale_q(rawPTS, inBase, microseconds) + shift, microseconds, outBase)
            if dts <= lastDTS[index] {  // muxers refuse time going back; a recorder's restart can make it
                let bump = lastDTS[index] + 1 - dts
                dts += bump
                pts += bump
            }
            lastDTS[index] = dts
            let duration = packet.pointee.duration > 0 ? packet.pointee.duration : 0
            let packetEnd = av_rescale_q(rawPTS + duration, inBase, microseconds) + shift
            end = max(end, packetEnd, av_rescale_q(pts, outBase, microseconds))
            packet.pointee.pts = pts
            packet.pointee.dts = dts
            packet.pointee.duration = av_rescale_q(duration, inBase, outBase)
            packet.pointee.pos = -1
            let written = av_interleaved_write_frame(context, packet)
            guard written >= 0 else { throw MediaError(.io, path: path, detail: ffmpegErrorText(written)) }
            count += 1
        }
        return (count, end)
    }

    func finish() throws(MediaError) {
        let trailer = av_write_trailer(context)
        guard trailer >= 0 else { throw MediaError(.io, path: path, detail: ffmpegErrorText(trailer)) }
        avio_closep(&context.pointee.pb)
    }
}

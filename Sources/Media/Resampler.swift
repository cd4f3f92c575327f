import CFFmpeg

/// Owns one `SwrContext` that turns decoded frames into Float32 at the output rate, mono or
/// planar per channel, configured from the first decoded frame (containers may lie about
/// layouts; frames do not).
final class Resampler {
    private var context: OpaquePointer?
    private let inputFormat: Int32
    private let inputRate: Int32
    private let inputChannels: Int32
    private let outputChannels: Int
    private let path: String
    private var buffers: [UnsafeMutablePointer<Float>] = []
    private var capacity = 0

    init(
        configuredFrom frame: UnsafeMutablePointer<AVFrame>,
        outputChannels: Int,
        outputRate: Int,
        path: String
    ) throws(MediaError) {
        inputFormat = frame.pointee.format
        inputRate = frame.pointee.sample_rate
        inputChannels = frame.pointee.ch_layout.nb_channels
        self.outputChannels = outputChannels
        self.path = path

        var inputLayout = AVChannelLayout()
        if frame.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC {
            av_channel_layout_default(&inputLayout, inputChannels)
        } else {
            av_channel_layout_copy(&inputLayout, &frame.pointee.ch_layout)
        }
        defer { av_channel_layout_uninit(&inputLayout) }

        var outputLayout = AVChannelLayout()
        let outputFormat: AVSampleFormat
        if outputChannels == 1 {
            vb_channel_layout_mono(&outputLayout)
            outputFormat = AV_SAMPLE_FMT_FLT
        } else {
            // Keep the source's channels as they are, one plane each.
            av_channel_layout_copy(&outputLayout, &inputLayout)
            outputFormat = AV_SAMPLE_FMT_FLTP
        }
        defer { av_channel_layout_uninit(&outputLayout) }

        let status = swr_alloc_set_opts2(
            &context,
            &outputLayout, outputFormat, Int32(outputRate),
            &inputLayout, AVSampleFormat(rawValue: inputFormat), inputRate,
            0, nil
        )
        guard status >= 0, context != nil, swr_init(context) >= 0 else {
            swr_free(&context)
            throw MediaError(.decodingFailed, path: path, detail: "cannot resample \(inputChannels) channels at \(inputRate) Hz")
        }
    }

    deinit {
        swr_free(&context)
        for buffer in buffers { buffer.deallocate() }
    }

    /// Whether frames shaped like `frame` can go through this resampler.
    func accepts(_ frame: UnsafeMutablePointer<AVFrame>) -> Bool {
        frame.pointee.format == inputFormat && frame.pointee.sample_rate == inputRate
            && frame.pointee.ch_layout.nb_channels == inputChannels
    }

    /// Appends the converted samples of `frame` to `output`; with nil, flushes what the
    /// resampler still holds.
    func convert(_ frame: UnsafeMutablePointer<AVFrame>?, into output: inout [[Float]]) throws(MediaError) {
        let inputCount = frame.map { Int($0.pointee.nb_samples) } ?? 0
        repeat {
            let needed = Int(swr_get_out_samples(context, Int32(inputCount))) + 32
            reserve(needed)
            var planes: [UnsafeMutablePointer<UInt8>?] = buffers.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: UInt8.self) }
            let produced: Int32 = planes.withUnsafeMutableBufferPointer { out in
                if let frame {
                    let input = UnsafeMutablePointer<UnsafePointer<UInt8>?>(OpaquePointer(frame.pointee.extended_data))
                    return swr_convert(context, out.baseAddress, Int32(capacity), input, Int32(inputCount))
                }
                return swr_convert(context, out.baseAddress, Int32(capacity), nil, 0)
            }
            guard produced >= 0 else {
                throw MediaError(.decodingFailed, path: path, detail: ffmpegErrorText(produced))
            }
            for channel in 0..<outputChannels {
                output[channel].append(contentsOf: UnsafeBufferPointer(start: buffers[channel], count: Int(produced)))
            }
            // When flushing, repeat until the resampler has nothing left.
            if frame != nil || produced == 0 { return }
        } while true
    }

    private func reserve(_ frames: Int) {
        guard frames > capacity || buffers.isEmpty else { return }
        for buffer in buffers { buffer.deallocate() }
        capacity = max(frames, 4096)
        buffers = (0..<outputChannels).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: capacity) }
    }
}

import CFFmpeg

/// FFmpeg's text for a negative return code.
func ffmpegErrorText(_ code: Int32) -> String {
    let size = Int(vb_error_max_string_size())
    var buffer = [CChar](repeating: 0, count: size)
    if av_strerror(code, &buffer, size) < 0 {
        return "FFmpeg error \(code)"
    }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

/// Silences FFmpeg's own logging once per process: Verbatim reports problems as typed errors.
let silenceFFmpegLogging: Void = {
    av_log_set_level(AV_LOG_QUIET)
}()

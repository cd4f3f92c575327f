import Foundation

/// The repository's `samples/` folder and reference decodes by the `ffmpeg` command line.
enum Samples {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples")

    static func speech(_ name: String) -> URL {
        root.appendingPathComponent("speech").appendingPathComponent(name)
    }

    /// Every undamaged recording in samples/speech.
    static let recordings: [String] = [
        "en_diar_pyannote_sample.wav",
        "en_librispeech_1272-128104-0000_picovoice.wav",
        "en_stereo_2spk_faster-whisper.wav",
        "fr_commonvoice_picovoice_test_fr.wav",
        "fr_picovoice_cheetah_test_fr_norm.wav",
        "derived_fr_commonvoice_picovoice_test_fr_f32.wav",
        "en_jfk_inaugural.flac",
        "en_librispeech_2412-153948-0000.flac",
        "en_commonvoice_651325.mp3",
        "en_librispeech_5703-47212-0000.ogg",
        "derived_fr_commonvoice_picovoice_test_fr.opus",
        "derived_nasa_13013_audio.m4a",
        "derived_en_commonvoice_651325_dated.mp4",
        "video_nasa_13013.mp4",
    ]

    /// Decodes with the `ffmpeg` CLI: `-map 0:<stream> [-ac 1] -ar <rate> -f f32le`,
    /// returned as one array per channel.
    static func ffmpegDecode(_ url: URL, stream: Int, mono: Bool, rate: Int = 16_000) throws -> [[Float]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        var arguments = ["-v", "error", "-nostdin", "-i", url.path, "-map", "0:\(stream)"]
        if mono { arguments += ["-ac", "1"] }
        arguments += ["-ar", "\(rate)", "-f", "f32le", "-"]
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        let interleaved: [Float] = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        if mono { return [interleaved] }
        let channels = try probeChannels(url, stream: stream)
        return (0..<channels).map { channel in
            stride(from: channel, to: interleaved.count, by: channels).map { interleaved[$0] }
        }
    }

    private static func probeChannels(_ url: URL, stream: Int) throws -> Int {
        Int(try ffprobeStream(url, select: "\(stream)", entry: "channels")) ?? 1
    }

    /// One entry (`codec_name`, `sample_rate`, ...) of a stream (the first audio stream unless
    /// `select` names another), as the `ffprobe` command line reports it.
    static func ffprobeStream(_ url: URL, select: String = "a:0", entry: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
        process.arguments = ["-v", "error", "-select_streams", select, "-show_entries", "stream=\(entry)", "-of", "csv=p=0", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Largest absolute difference over the common prefix of two signals.
    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        var worst: Float = 0
        for index in 0..<min(a.count, b.count) { worst = max(worst, abs(a[index] - b[index])) }
        return worst
    }
}

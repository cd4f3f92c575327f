import Foundation
import Media
import Testing

@Suite("Writing WAV and FLAC through libsndfile")
struct AudioFileWriterTests {
    private func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-\(UUID())-\(name)")
    }

    /// Writes `channels` in chunks of 4,000 frames, as `verbatim decode` streams them.
    private func write(
        _ channels: [[Float]], to url: URL, encoding: AudioFileWriter.Encoding? = nil
    ) throws -> AudioFileWriter {
        let writer = try AudioFileWriter(url: url, sampleRate: 16_000, channels: channels.count, encoding: encoding)
        let frames = channels[0].count
        for start in stride(from: 0, to: frames, by: 4_000) {
            try writer.append(channels.map { Array($0[start..<min(frames, start + 4_000)]) })
        }
        try writer.finish()
        return writer
    }

    /// `sample` rounded to `bits`-bit integers and back, as FFmpeg reads a PCM file.
    private func quantised(_ sample: Float, bits: Int) -> Float {
        let scale = Float(1 << (bits - 1))
        return max(-scale, min(scale - 1, (sample * scale).rounded())) / scale
    }

    /// The rate, channel count and codec that the libraries and the `ffprobe` command line see.
    private func expectFormat(_ url: URL, codec: String, channels: Int) throws {
        let stream = try #require(try MediaInfo(probing: url).bestAudioStream)
        #expect(stream.codec == codec)
        #expect(stream.sampleRate == 16_000)
        #expect(stream.channels == channels)
        #expect(try Samples.ffprobeStream(url, entry: "codec_name") == codec)
        #expect(try Samples.ffprobeStream(url, entry: "sample_rate") == "16000")
        #expect(try Samples.ffprobeStream(url, entry: "channels") == "\(channels)")
    }

    @Test("a float WAV written in chunks decodes back to the same samples")
    func floatWAV() throws {
        let source = try AudioDecoder.decodeAll(
            url: Samples.speech("en_stereo_2spk_faster-whisper.wav"), options: DecodeOptions(keepChannels: true))
        let url = temporary("stereo.wav")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try write(source.channels, to: url)
        #expect(writer.container == .wav && writer.encoding == .float32)
        try expectFormat(url, codec: "pcm_f32le", channels: 2)
        let back = try AudioDecoder.decodeAll(url: url, options: DecodeOptions(keepChannels: true))
        #expect(back.channels == source.channels)
        #expect(back.sampleRate == 16_000)
        #expect(back.duration == source.duration)
        #expect(!back.report.isTruncated)
    }

    @Test("a 16-bit WAV keeps samples within one quantisation step")
    func int16WAV() throws {
        let source = try AudioDecoder.decodeAll(url: Samples.speech("fr_picovoice_cheetah_test_fr_norm.wav"))
        let url = temporary("mono16.wav")
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try write([source.samples], to: url, encoding: .int16)
        try expectFormat(url, codec: "pcm_s16le", channels: 1)
        let back = try AudioDecoder.decodeAll(url: url)
        #expect(back.samples.count == source.samples.count)
        #expect(Samples.maxDifference(back.samples, source.samples) <= 1.0 / 32768 + 1e-7)
        #expect(!back.report.isTruncated)
    }

    @Test("FLAC is lossless at its bit depth", arguments: [(AudioFileWriter.Encoding.int16, 16), (.int24, 24)])
    func flac(encoding: AudioFileWriter.Encoding, bits: Int) throws {
        let source = try AudioDecoder.decodeAll(
            url: Samples.speech("en_stereo_2spk_faster-whisper.wav"), options: DecodeOptions(keepChannels: true))
        let url = temporary("stereo\(bits).flac")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try write(source.channels, to: url, encoding: encoding)
        #expect(writer.container == .flac)
        try expectFormat(url, codec: "flac", channels: 2)
        let back = try AudioDecoder.decodeAll(url: url, options: DecodeOptions(keepChannels: true))
        #expect(back.sampleRate == 16_000)
        #expect(back.duration == source.duration)
        for (decoded, original) in zip(back.channels, source.channels) {
            #expect(decoded.count == original.count)
            let expected = original.map { quantised($0, bits: bits) }
            #expect(Samples.maxDifference(decoded, expected) <= 1.0 / 32768)
            #expect(Samples.maxDifference(decoded, original) <= 1.0 / Float(1 << bits) + 1e-7)
        }
    }

    @Test("FLAC is the default for a .flac path, at 16 bits")
    func flacDefault() throws {
        let url = temporary("tone.flac")
        defer { try? FileManager.default.removeItem(at: url) }
        let tone = (0..<16_000).map { Float(sin(Double($0) * 0.05)) * 0.5 }
        let writer = try write([tone], to: url)
        #expect(writer.container == .flac && writer.encoding == .int16)
        try expectFormat(url, codec: "flac", channels: 1)
        #expect(try Samples.ffprobeStream(url, entry: "sample_fmt") == "s16")
    }

    @Test("an unwritable path is a typed error carrying libsndfile's message")
    func unwritable() throws {
        let url = temporary("missing-folder").appendingPathComponent("out.flac")
        let error = #expect(throws: MediaError.self) {
            try AudioFileWriter(url: url, sampleRate: 16_000, channels: 1)
        }
        #expect(error?.kind == .io)
        #expect(error?.path == url.path)
        #expect(error?.detail.isEmpty == false)
    }

    @Test("an unknown extension or a format's impossible encoding is refused before writing")
    func unsupported() throws {
        let mp3 = temporary("out.mp3")
        let error = #expect(throws: MediaError.self) {
            try AudioFileWriter(url: mp3, sampleRate: 16_000, channels: 1)
        }
        #expect(error?.kind == .unsupportedOutputFormat("mp3"))
        #expect(!FileManager.default.fileExists(atPath: mp3.path))
        #expect(throws: MediaError.self) {
            try AudioFileWriter(url: temporary("out.flac"), sampleRate: 16_000, channels: 1, encoding: .float32)
        }
        let forced = temporary("recording.audio")
        defer { try? FileManager.default.removeItem(at: forced) }
        let writer = try AudioFileWriter(url: forced, sampleRate: 16_000, channels: 1, container: .flac)
        try writer.append([[0, 0.25, -0.25]])
        try writer.finish()
        #expect(try MediaInfo(probing: forced).bestAudioStream?.codec == "flac")
    }
}

import Foundation
import Media
import Testing

@Suite("Redacted audio: spans replaced by silence or a tone")
struct AudioRedactionTests {
    private func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-\(UUID())-\(name)")
    }

    /// `sample` as FFmpeg reads it back from a 16-bit file.
    private func quantised(_ sample: Float) -> Float {
        max(-32_768, min(32_767, (sample * 32_768).rounded())) / 32_768
    }

    @Test("silence over two spans of a stereo WAV, the rest bit-exact at 16 bits, read back by FFmpeg")
    func silenceStereo() throws {
        let source = Samples.speech("en_stereo_2spk_faster-whisper.wav")
        let info = try MediaInfo(probing: source)
        let rate = try #require(info.bestAudioStream?.sampleRate)
        let original = try Samples.ffmpegDecode(source, stream: try #require(info.bestAudioStream?.index), mono: false, rate: rate)
        #expect(original.count == 2)
        let output = temporary("redacted.flac")
        defer { try? FileManager.default.removeItem(at: output) }
        let spans: [Range<Double>] = [2.0..<2.75, 3.5..<4.0, 2.5..<3.0]  // the first and last overlap
        let report = try AudioRedaction(spans: spans, fill: .silence).write(from: source, to: output)
        #expect(report.sampleRate == rate && report.channels == 2)
        #expect(report.frames == original[0].count)
        #expect(report.redactedFrames == rate / 2 + rate)  // 2.0–3.0 and 3.5–4.0

        #expect(try Samples.ffprobeStream(output, entry: "codec_name") == "flac")
        let back = try Samples.ffmpegDecode(output, stream: 0, mono: false, rate: rate)
        #expect(back.count == 2 && back[0].count == original[0].count)
        let silent = [2 * rate..<3 * rate, 7 * rate / 2..<4 * rate]
        // The original speaks in the spans, on one channel or the other (else silence would prove nothing).
        for range in silent { #expect(original.map { $0[range].map { abs($0) }.max()! }.max()! > 0.01) }
        for channel in 0..<2 {
            for (frame, value) in back[channel].enumerated() {
                if silent.contains(where: { $0.contains(frame) }) {
                    if value != 0 { Issue.record("channel \(channel) frame \(frame) is \(value), not silent"); return }
                } else if value != quantised(original[channel][frame]) {
                    Issue.record("channel \(channel) frame \(frame) changed: \(value) for \(original[channel][frame])")
                    return
                }
            }
        }
    }

    @Test("a tone over a span of an MP4 video: 1 kHz at −20 dBFS, the picture dropped")
    func toneVideo() throws {
        let source = Samples.speech("video_nasa_13013.mp4")
        let output = temporary("redacted.flac")
        defer { try? FileManager.default.removeItem(at: output) }
        let report = try AudioRedaction(spans: [1.0..<1.5]).write(from: source, to: output)
        let written = try MediaInfo(probing: output)
        #expect(written.streams.map(\.kind) == [.audio])
        let back = try Samples.ffmpegDecode(output, stream: 0, mono: false, rate: report.sampleRate)
        let rate = report.sampleRate
        let span = rate..<(3 * rate / 2)
        for channel in back.indices {
            for frame in span {
                let expected = quantised(AudioRedaction.toneLevel * Float(sin(2 * Double.pi * 1_000 * Double(frame) / Double(rate))))
                if abs(back[channel][frame] - expected) > 1.0 / 32_768 {
                    Issue.record("channel \(channel) frame \(frame): \(back[channel][frame]) is not the tone's \(expected)")
                    return
                }
            }
            // Just outside the span, the recording is back (not the tone).
            let after = back[channel][(3 * rate / 2)..<(3 * rate / 2 + rate / 10)]
            let tone = (3 * rate / 2..<(3 * rate / 2 + rate / 10)).map {
                AudioRedaction.toneLevel * Float(sin(2 * Double.pi * 1_000 * Double($0) / Double(rate)))
            }
            #expect(zip(after, tone).map { abs($0 - $1) }.max()! > 0.01)
        }
    }

    @Test("spans beyond the end or reversed change nothing outside the audio; a file that is not media is refused")
    func edges() throws {
        let source = Samples.speech("fr_commonvoice_picovoice_test_fr.wav")
        let output = temporary("redacted.flac")
        defer { try? FileManager.default.removeItem(at: output) }
        let duration = try #require(try MediaInfo(probing: source).audioDuration)
        let report = try AudioRedaction(spans: [(duration - 0.5)..<(duration + 10), 3.0..<3.0], fill: .silence)
            .write(from: source, to: output)
        #expect(abs(Double(report.redactedFrames) / Double(report.sampleRate) - 0.5) < 0.01)

        let notMedia = temporary("notes.flac")
        try Data("not audio".utf8).write(to: notMedia)
        defer { try? FileManager.default.removeItem(at: notMedia) }
        #expect(throws: MediaError.self) { try AudioRedaction(spans: []).write(from: notMedia, to: output) }
    }
}

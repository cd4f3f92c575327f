import Foundation
import Media
import Testing

@Suite("Writing WAV and computing peaks")
struct WAVWriterTests {
    private func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-\(UUID())-\(name)")
    }

    @Test("a float WAV written in chunks decodes back to the same samples")
    func floatRoundTrip() throws {
        let source = try AudioDecoder.decodeAll(url: Samples.speech("en_stereo_2spk_faster-whisper.wav"), options: DecodeOptions(keepChannels: true))
        let url = temporary("stereo.wav")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try WAVWriter(url: url, sampleRate: 16_000, channels: 2)
        let half = source.channels[0].count / 2
        try writer.append(source.channels.map { Array($0[..<half]) })
        try writer.append(source.channels.map { Array($0[half...]) })
        try writer.finish()
        let info = try MediaInfo(probing: url)
        #expect(info.bestAudioStream?.codec == "pcm_f32le")
        let back = try AudioDecoder.decodeAll(url: url, options: DecodeOptions(keepChannels: true))
        #expect(back.channels == source.channels)
        #expect(!back.report.isTruncated)
    }

    @Test("a 16-bit WAV keeps samples within one quantisation step")
    func int16RoundTrip() throws {
        let source = try AudioDecoder.decodeAll(url: Samples.speech("fr_picovoice_cheetah_test_fr_norm.wav"))
        let url = temporary("mono16.wav")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try WAVWriter(url: url, sampleRate: 16_000, channels: 1, encoding: .int16)
        try writer.append([source.samples])
        try writer.finish()
        let back = try AudioDecoder.decodeAll(url: url)
        #expect(back.samples.count == source.samples.count)
        #expect(Samples.maxDifference(back.samples, source.samples) <= 1.0 / 32768 + 1e-7)
    }

    @Test("peaks bound the samples of each bin")
    func peaks() throws {
        let url = Samples.speech("en_librispeech_1272-128104-0000_picovoice.wav")
        let audio = try AudioDecoder.decodeAll(url: url)
        let peaks = try WaveformPeaks(url: url, binMilliseconds: 100)
        let perBin = 1_600
        #expect(peaks.minima.count == (audio.samples.count + perBin - 1) / perBin)
        #expect(peaks.maxima.count == peaks.minima.count)
        for bin in [0, 7, peaks.minima.count / 2, peaks.minima.count - 1] {
            let slice = audio.samples[(bin * perBin)..<min(audio.samples.count, (bin + 1) * perBin)]
            #expect(peaks.minima[bin] == slice.min())
            #expect(peaks.maxima[bin] == slice.max())
        }
    }
}

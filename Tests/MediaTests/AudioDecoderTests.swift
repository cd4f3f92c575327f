import Foundation
import Media
import Testing

@Suite("Decoding every sample like the ffmpeg command line")
struct AudioDecoderTests {
    /// One codec frame at 16 kHz is at most 2048 samples (Vorbis long blocks); others are shorter.
    static let frameTolerance = 2048

    @Test("mono 16 kHz matches ffmpeg -ac 1 -ar 16000", arguments: Samples.recordings)
    func monoMatchesFFmpeg(name: String) throws {
        let url = Samples.speech(name)
        let audio = try AudioDecoder.decodeAll(url: url)
        let reference = try Samples.ffmpegDecode(url, stream: audio.report.streamIndex, mono: true)[0]
        #expect(audio.sampleRate == 16_000)
        #expect(audio.channels.count == 1)
        #expect(reference.count > 16_000, "the reference decode should hold more than a second")
        #expect(abs(audio.samples.count - reference.count) <= Self.frameTolerance)
        #expect(Samples.maxDifference(audio.samples, reference) <= 1e-4)
        #expect(!audio.report.isTruncated)
    }

    @Test("keeping channels matches ffmpeg's per-channel decode", arguments: [
        "en_stereo_2spk_faster-whisper.wav", "en_jfk_inaugural.flac", "derived_nasa_13013_audio.m4a",
    ])
    func channelsMatchFFmpeg(name: String) throws {
        let url = Samples.speech(name)
        let audio = try AudioDecoder.decodeAll(url: url, options: DecodeOptions(keepChannels: true))
        let reference = try Samples.ffmpegDecode(url, stream: audio.report.streamIndex, mono: false)
        #expect(audio.channels.count == 2)
        #expect(reference.count == 2)
        for channel in 0..<2 {
            #expect(abs(audio.channels[channel].count - reference[channel].count) <= Self.frameTolerance)
            #expect(Samples.maxDifference(audio.channels[channel], reference[channel]) <= 1e-4)
        }
    }

    @Test("the two-microphone sample keeps its speakers apart")
    func stereoChannelsDiffer() throws {
        let audio = try AudioDecoder.decodeAll(
            url: Samples.speech("en_stereo_2spk_faster-whisper.wav"), options: DecodeOptions(keepChannels: true))
        let left = audio.channels[0], right = audio.channels[1]
        #expect(Samples.maxDifference(left, right) > 0.05, "left and right carry different speakers")
    }

    @Test("a selected stream is decoded instead of the best one")
    func selectsStream() throws {
        let url = Samples.speech("video_nasa_13013.mp4")
        let best = try AudioDecoder.decodeAll(url: url)
        #expect(best.report.streamIndex == 4, "16 kHz stereo beats 8 kHz stereo")
        let other = try AudioDecoder.decodeAll(url: url, options: DecodeOptions(streamIndex: 1))
        #expect(other.report.streamIndex == 1)
        let reference = try Samples.ffmpegDecode(url, stream: 1, mono: true)[0]
        #expect(abs(other.samples.count - reference.count) <= Self.frameTolerance)
        #expect(Samples.maxDifference(other.samples, reference) <= 1e-4)
    }

    @Test("chunks concatenate to the whole decode, each at most chunkFrames long")
    func chunksConcatenate() throws {
        let url = Samples.speech("en_librispeech_5703-47212-0000.ogg")
        let whole = try AudioDecoder.decodeAll(url: url)
        let decoder = try AudioDecoder(url: url, options: DecodeOptions(chunkFrames: 3_000))
        var joined: [Float] = []
        var chunks = 0
        while let chunk = try decoder.nextChunk() {
            #expect(chunk.frameCount <= 3_000)
            joined += chunk.channels[0]
            chunks += 1
        }
        #expect(joined == whole.samples)
        #expect(chunks == (whole.samples.count + 2_999) / 3_000)
        #expect(decoder.report.decodedDuration == whole.duration)
    }

    @Test("other output rates work too")
    func otherRate() throws {
        let url = Samples.speech("en_commonvoice_651325.mp3")
        let audio = try AudioDecoder.decodeAll(url: url, options: DecodeOptions(sampleRate: 8_000))
        let reference = try Samples.ffmpegDecode(url, stream: 0, mono: true, rate: 8_000)[0]
        #expect(abs(audio.samples.count - reference.count) <= Self.frameTolerance / 2)
        #expect(Samples.maxDifference(audio.samples, reference) <= 1e-4)
    }
}

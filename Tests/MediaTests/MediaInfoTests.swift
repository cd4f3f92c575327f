import Foundation
import Media
import Testing

@Suite("Probing containers")
struct MediaInfoTests {
    @Test("a video with several audio, video and subtitle streams lists them all")
    func videoStreams() throws {
        let info = try MediaInfo(probing: Samples.speech("video_nasa_13013.mp4"))
        #expect(info.container.contains("mp4"))
        #expect(info.streams.map(\.kind) == [.video, .audio, .subtitle, .video, .audio, .subtitle])
        #expect(info.audioStreams.map(\.sampleRate) == [8_000, 16_000])
        #expect(info.audioStreams.allSatisfy { $0.codec == "aac" && $0.channels == 2 && $0.language == "eng" })
        #expect(info.bestAudioStream?.index == 4)
        #expect(info.streams[3].width == 480 && info.streams[3].height == 270)
        #expect(abs((info.duration ?? 0) - 16.57) < 0.01)
        #expect(info.creationTime == nil)
    }

    @Test("codecs, rates and channels of the audio samples", arguments: [
        ("en_jfk_inaugural.flac", "flac", 44_100, 2),
        ("en_commonvoice_651325.mp3", "mp3", 48_000, 1),
        ("en_librispeech_5703-47212-0000.ogg", "vorbis", 22_050, 1),
        ("derived_fr_commonvoice_picovoice_test_fr.opus", "opus", 48_000, 1),
        ("derived_fr_commonvoice_picovoice_test_fr_f32.wav", "pcm_f32le", 16_000, 1),
        ("en_stereo_2spk_faster-whisper.wav", "pcm_s16le", 16_000, 2),
    ])
    func audioStreams(name: String, codec: String, rate: Int, channels: Int) throws {
        let info = try MediaInfo(probing: Samples.speech(name))
        let stream = try #require(info.bestAudioStream)
        #expect(stream.codec == codec)
        #expect(stream.sampleRate == rate)
        #expect(stream.channels == channels)
    }

    @Test("the creation time tag becomes the recording's wall-clock start")
    func creationTime() throws {
        let info = try MediaInfo(probing: Samples.speech("derived_en_commonvoice_651325_dated.mp4"))
        let expected = DateComponents(
            calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
            year: 2026, month: 3, day: 14, hour: 9, minute: 30, second: 15
        ).date
        #expect(info.creationTime == expected)
    }

    @Test("probe results survive a JSON round trip")
    func json() throws {
        let info = try MediaInfo(probing: Samples.speech("video_nasa_13013.mp4"))
        let data = try JSONEncoder().encode(info)
        #expect(try JSONDecoder().decode(MediaInfo.self, from: data) == info)
    }
}

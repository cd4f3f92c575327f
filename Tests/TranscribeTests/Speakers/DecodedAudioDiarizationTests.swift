import Foundation
import Media
import Testing
import Transcribe

/// The `DecodedAudio` entry points: mono through embeddings, stereo through channels.
@Suite struct DecodedAudioDiarizationTests {
    @Test func monoAndStereoThroughDecodedAudio() throws {
        let vad = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory)
        let diarizer = try Diarizer(modelDirectory: SpeechTestFiles.speakerModelDirectory)
        let stereo = try AudioDecoder.decodeAll(
            url: SpeechTestFiles.sample("en_stereo_2spk_faster-whisper.wav"), options: DecodeOptions(keepChannels: true))
        #expect(Set(try diarizer.diarize(audio: stereo, vad: vad, speakerCount: nil).map(\.speaker)) == ["S1", "S2"])
        let mono = try AudioDecoder.decodeAll(url: SpeechTestFiles.sample("en_librispeech_2412-153948-0000.flac"))
        let regions = try vad.speechRegions(in: mono)
        #expect(!regions.isEmpty)
        #expect(try diarizer.diarize(audio: mono, vad: vad, speakerCount: 1).allSatisfy { $0.speaker == "S1" })
    }

    @Test func wrongSampleRateIsATypedError() throws {
        let vad = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory)
        let audio = try AudioDecoder.decodeAll(
            url: SpeechTestFiles.sample("en_commonvoice_651325.mp3"), options: DecodeOptions(sampleRate: 8_000))
        let error = try #require(throws: SpeechAudioError.self) { try vad.speechRegions(in: audio) }
        #expect(error.sampleRate == 8_000)
        #expect(error.description.contains("16000"))
    }
}

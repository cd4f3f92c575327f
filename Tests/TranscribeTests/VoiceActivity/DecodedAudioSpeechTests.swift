import Foundation
import Media
import Testing
import Transcribe

/// The `DecodedAudio` entry point of the voice-activity detector.
@Suite struct DecodedAudioSpeechTests {
    @Test func wrongSampleRateIsATypedError() throws {
        let vad = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory)
        let audio = try AudioDecoder.decodeAll(
            url: SpeechTestFiles.sample("en_commonvoice_651325.mp3"), options: DecodeOptions(sampleRate: 8_000))
        let error = try #require(throws: SpeechAudioError.self) { try vad.speechRegions(in: audio) }
        #expect(error.sampleRate == 8_000)
        #expect(error.description.contains("16000"))
    }
}

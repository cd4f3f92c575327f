import Foundation
import Media
import Testing

@testable import Transcribe

/// Speakers given to words, segments cut at speaker changes.
@Suite("Speakers of words and segments")
struct TranscriptionSpeakersTests {
    static func transcription(_ words: [TranscriptionWord]) -> Transcription {
        let segment = TranscriptionSegment(
            id: 0, start: words.first!.start, end: words.last!.end, text: words.map(\.text).joined(), tokens: [],
            temperature: 0, avgLogProb: -0.2, compressionRatio: 1, noSpeechProb: 0, language: "fr", words: words)
        return Transcription(
            segments: [segment], language: "fr", languageProbability: 1, duration: 10, model: "test", options: TranscriptionOptions(),
            timings: TranscriptionTimings())
    }

    @Test("a segment is cut where its words change speaker; a lone word between two runs of one speaker stays theirs")
    func cutAtSpeakerChanges() throws {
        let tokenizer = try WhisperTestFiles.model("whisper-base").tokenizer
        let words = [
            TranscriptionWord(start: 0.0, end: 0.4, text: " Vous", probability: 0.9),
            TranscriptionWord(start: 0.4, end: 0.8, text: " dormez", probability: 0.9),
            TranscriptionWord(start: 0.8, end: 1.0, text: " bien", probability: 0.9),
            TranscriptionWord(start: 1.0, end: 1.2, text: " ?", probability: 0.9),
            TranscriptionWord(start: 2.0, end: 2.4, text: " Non,", probability: 0.9),
            TranscriptionWord(start: 2.4, end: 2.9, text: " jamais.", probability: 0.9),
        ]
        let turns = [
            SpeakerTurn(start: 0, end: 0.8, speaker: "S1"), SpeakerTurn(start: 0.8, end: 1.0, speaker: "S2"),
            SpeakerTurn(start: 1.0, end: 1.5, speaker: "S1"), SpeakerTurn(start: 1.9, end: 3, speaker: "S2"),
        ]
        let result = Self.transcription(words).withSpeakers(turns, tokenizer: tokenizer)
        #expect(result.segments.map(\.speaker) == ["S1", "S2"])
        #expect(result.segments.map(\.text) == [" Vous dormez bien ?", " Non, jamais."])
        #expect(result.segments[1].start == 2.0 && result.segments[1].end == 2.9)
        #expect(result.segments.flatMap(\.words).map(\.speaker) == ["S1", "S1", "S1", "S1", "S2", "S2"])
        #expect(result.segments.map(\.id) == [0, 1])
    }

    @Test("speaker turns from the words' speakers on the telephone sample: DER ≤ 15 %")
    func wordTurnsDER() throws {
        let samples = try SpeechTestFiles.monoSamples("en_diar_pyannote_sample.wav")
        let regions = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory).speechRegions(samples: samples)
        let turns = try Diarizer(modelDirectory: SpeechTestFiles.speakerModelDirectory).diarize(
            samples: samples, speechRegions: regions, speakerCount: 2)
        let transcriber = Transcriber(model: try WhisperTestFiles.model("whisper-tiny.en"))
        let options = TranscriptionOptions(beamSize: 1, wordTimestamps: true, speechOnly: true)
        let result = try transcriber.transcribe(samples: samples, speech: regions, options: options)
            .withSpeakers(turns, tokenizer: transcriber.model.tokenizer)
        let hypothesis = SpeakerTurn.turns(
            from: result.segments.flatMap(\.words).compactMap { word in word.speaker.map { (word.start, word.end, $0) } }, maximumGap: 0.5)
        let reference = try SpeechTestFiles.rttmTurns("en_diar_pyannote_sample.rttm").map {
            SpeakerTurn(start: $0.start, end: $0.end, speaker: $0.speaker)
        }
        let der = DiarizationErrorRate(reference: reference, hypothesis: hypothesis)
        let turnsDER = DiarizationErrorRate(reference: reference, hypothesis: turns)
        print(
            String(format: "DER of word-level speaker turns %.2f %% (embedding turns alone %.2f %%)", der.value * 100, turnsDER.value * 100)
        )
        #expect(der.value <= 0.15)
        #expect(result.segments.allSatisfy { $0.speaker != nil })
    }

    @Test("copies of one microphone are one speaker's; one microphone per speaker is not")
    func channelSeparation() throws {
        let first = try WhisperTestFiles.samples("en_librispeech_1272-128104-0000_picovoice.wav")
        let second = try WhisperTestFiles.samples("en_librispeech_2412-153948-0000.flac")
        // A copy, a quieter copy, and a copy with noise whose correlation with the first is about 0.98.
        var generator = SystemRandomNumberGenerator()
        let rms = (first.reduce(0) { $0 + Double($1 * $1) } / Double(first.count)).squareRoot()
        let noisy = first.map { $0 + Float(rms * 0.2) * Float.random(in: -1.7...1.7, using: &generator) }
        #expect(!ChannelAttribution.carryDifferentSpeakers([first, first]))
        #expect(!ChannelAttribution.carryDifferentSpeakers([first, first.map { $0 * 0.3 }]))
        #expect(!ChannelAttribution.carryDifferentSpeakers([first, noisy]))
        // The narrated NASA video: two channels of one voice.
        let video = try AudioDecoderChannels.channels("video_nasa_13013.mp4")
        #expect(video.count == 2 && !ChannelAttribution.carryDifferentSpeakers(video))
        // Two microphones: each speaker loud in their own channel, faint (-20 dB) in the other's.
        let bleed: Float = 0.1
        let silence = [Float](repeating: 0, count: 8_000)
        let left = first + silence + second.map { $0 * bleed }, right = first.map { $0 * bleed } + silence + second
        #expect(ChannelAttribution.carryDifferentSpeakers([left, right]))
        let stereo = try AudioDecoderChannels.channels("en_stereo_2spk_faster-whisper.wav")
        #expect(stereo.count == 2 && ChannelAttribution.carryDifferentSpeakers(stereo))
        print("dominance: stereo sample \(ChannelAttribution.dominance(stereo)), video \(ChannelAttribution.dominance(video)), noisy copy \(ChannelAttribution.dominance([first, noisy]))")
    }
}

/// Both channels of a sample, decoded by `Media`.
enum AudioDecoderChannels {
    static func channels(_ name: String) throws -> [[Float]] {
        try AudioDecoder.decodeAll(url: WhisperTestFiles.sample(name), options: DecodeOptions(keepChannels: true)).channels
    }
}

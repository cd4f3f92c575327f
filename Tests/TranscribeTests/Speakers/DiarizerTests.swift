import Foundation
import Media
import Testing
import Transcribe

@Suite struct DiarizerTests {
    static func reference() throws -> [SpeakerTurn] {
        try SpeechTestFiles.rttmTurns("en_diar_pyannote_sample.rttm").map { SpeakerTurn(start: $0.start, end: $0.end, speaker: $0.speaker) }
    }

    /// The two-speaker telephone sample: DER ≤ 15 % (pyannote's definition, 0.25 s collar),
    /// with the number of speakers given and estimated (measured 8.7 % for both).
    @Test(arguments: [2, nil] as [Int?])
    func telephoneSampleDER(speakerCount: Int?) throws {
        let samples = try SpeechTestFiles.monoSamples("en_diar_pyannote_sample.wav")
        let regions = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory).speechRegions(samples: samples)
        let diarizer = try Diarizer(modelDirectory: SpeechTestFiles.speakerModelDirectory)
        let turns = diarizer.diarize(samples: samples, speechRegions: regions, speakerCount: speakerCount)
        let der = DiarizationErrorRate(reference: try Self.reference(), hypothesis: turns)
        #expect(der.value <= 0.15, "DER \(der.value)")
        #expect(Set(turns.map(\.speaker)) == ["S1", "S2"])
        #expect(turns.first?.speaker == "S1")
        #expect(zip(turns, turns.dropFirst()).allSatisfy { $0.start <= $1.start && $0.end <= $1.start + 1e-9 })
    }

    /// Five recordings of five different people joined with half-second pauses: the number of
    /// speakers is estimated right and every recording is mostly one speaker.
    @Test func estimatesTheNumberOfSpeakers() throws {
        let names = [
            "en_librispeech_2412-153948-0000.flac", "fr_commonvoice_picovoice_test_fr.wav",
            "en_librispeech_1272-128104-0000_picovoice.wav", "en_jfk_inaugural.flac", "en_librispeech_5703-47212-0000.ogg",
        ]
        var joined: [Float] = []
        var reference: [SpeakerTurn] = []
        for (index, name) in names.enumerated() {
            let samples = try SpeechTestFiles.monoSamples(name)
            let start = Double(joined.count) / 16_000
            joined += samples + [Float](repeating: 0, count: 8_000)
            reference.append(SpeakerTurn(start: start, end: start + Double(samples.count) / 16_000, speaker: "person\(index)"))
        }
        let regions = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory).speechRegions(samples: joined)
        let turns = try Diarizer(modelDirectory: SpeechTestFiles.speakerModelDirectory)
            .diarize(samples: joined, speechRegions: regions, speakerCount: nil)
        #expect(Set(turns.map(\.speaker)).count == names.count)
        #expect(DiarizationErrorRate(reference: reference, hypothesis: turns).value <= 0.2)
    }

    @Test func oneSpeakerOrNoSpeech() throws {
        let samples = try SpeechTestFiles.monoSamples("en_librispeech_2412-153948-0000.flac")
        let diarizer = try Diarizer(modelDirectory: SpeechTestFiles.speakerModelDirectory)
        let regions = [SpeechRegion(start: 0.5, end: 3), SpeechRegion(start: 4, end: 9)]
        #expect(diarizer.diarize(samples: samples, speechRegions: regions, speakerCount: 1).map(\.speaker) == ["S1", "S1"])
        #expect(diarizer.diarize(samples: samples, speechRegions: [], speakerCount: nil).isEmpty)
        #expect(
            diarizer.diarize(samples: Array(samples.prefix(8_000)), speechRegions: [SpeechRegion(start: 0, end: 0.5)], speakerCount: 2)
                .count == 1)
    }

    /// Two microphones, one speaker each, talking over each other: the right channel's speaker
    /// stops at about 2.6 s (2.4 s plus the 30 ms pad and VAD lag), the left one's goes on to
    /// about 4.8 s.
    @Test func stereoChannelsAreSpeakers() throws {
        let stereo = try AudioDecoder.decodeAll(
            url: SpeechTestFiles.sample("en_stereo_2spk_faster-whisper.wav"), options: DecodeOptions(keepChannels: true))
        try #require(stereo.channels.count == 2)
        let vad = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory)
        let turns = ChannelAttribution.turns(channels: stereo.channels, vad: vad)
        #expect(Set(turns.map(\.speaker)) == ["S1", "S2"])
        let speakerOfLeft = try #require(turns.max { $0.end < $1.end }).speaker
        let right = turns.filter { $0.speaker != speakerOfLeft }
        #expect(!right.isEmpty && right.allSatisfy { $0.end < 2.8 })
        #expect(turns.filter { $0.speaker == speakerOfLeft }.contains { $0.end > 4.4 })
        #expect(ChannelAttribution.loudestChannel(channels: stereo.channels, from: 3.0, to: 4.0) == 0)
        #expect(ChannelAttribution.loudestChannel(channels: stereo.channels, from: 1.6, to: 2.0) == 1)
    }

    @Test func wordsGetTheSpeakerTheyOverlapMost() {
        let turns = [SpeakerTurn(start: 0, end: 2, speaker: "S1"), SpeakerTurn(start: 2, end: 5, speaker: "S2")]
        #expect(SpeakerTurn.speaker(from: 1.5, to: 2.8, in: turns) == "S2")
        #expect(SpeakerTurn.speaker(from: 0.2, to: 0.4, in: turns) == "S1")
        #expect(SpeakerTurn.speaker(from: 5.3, to: 5.6, in: turns) == "S2")
        #expect(SpeakerTurn.speaker(from: 9, to: 10, in: turns) == nil)
        let words = [(text: "hello", start: 0.1, end: 0.5), (text: "there", start: 2.1, end: 2.4)]
        let assigned = SpeakerTurn.assignSpeakers(words, turns: turns) { ($0.start, $0.end) }
        #expect(assigned.map(\.speaker) == ["S1", "S2"])
    }

    @Test func turnsAreMergedAndLabelledByFirstAppearance() {
        let turns = SpeakerTurn.turns(from: [(3, 4, "b"), (0, 1, "a"), (1.2, 2, "a"), (4.1, 5, "b"), (6, 7, "a")])
        #expect(
            turns == [
                SpeakerTurn(start: 0, end: 2, speaker: "S1"), SpeakerTurn(start: 3, end: 5, speaker: "S2"),
                SpeakerTurn(start: 6, end: 7, speaker: "S1"),
            ])
    }
}

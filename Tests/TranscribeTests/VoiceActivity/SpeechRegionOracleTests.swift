import Foundation
import Testing
import Transcribe

/// Fixture written by tools/vad/regions_oracle.py: the silero-vad package's own
/// `get_speech_timestamps_from_probs` run on the probabilities of silero_vad_probabilities.json.
private struct RegionsFixture: Decodable {
    struct Sample: Decodable {
        var sample_count: Int
        var regions: [String: [[Int]]]
    }
    var samples: [String: Sample]
}

private struct ProbabilitiesFixture: Decodable {
    struct Series: Decodable { var onnx: [Float] }
    var samples: [String: Series]
}

@Suite struct SpeechRegionOracleTests {
    static let optionSets: [String: SpeechDetectionOptions] = [
        "default": SpeechDetectionOptions(),
        "max_speech_3s": SpeechDetectionOptions(maxSpeechDuration: 3),
        "threshold_0.3_silence_300ms": SpeechDetectionOptions(threshold: 0.3, minSilenceDuration: 0.3),
        "min_speech_1s_pad_100ms": SpeechDetectionOptions(minSpeechDuration: 1, speechPad: 0.1),
    ]

    /// The Swift hysteresis gives exactly the package's regions, sample for sample, for every
    /// option set (including the split of regions longer than a maximum).
    @Test func reproducesThePackageRegions() throws {
        let decoder = JSONDecoder()
        let regions = try decoder.decode(
            RegionsFixture.self, from: Data(contentsOf: SpeechTestFiles.fixture("VoiceActivity", "silero_regions.json")))
        let probabilities = try decoder.decode(
            ProbabilitiesFixture.self, from: Data(contentsOf: SpeechTestFiles.fixture("VoiceActivity", "silero_vad_probabilities.json")))
        #expect(regions.samples.count == 2)
        for (name, sample) in regions.samples {
            let series = try #require(probabilities.samples[name]).onnx
            #expect(sample.regions.count == Self.optionSets.count)
            for (label, expected) in sample.regions {
                let options = try #require(Self.optionSets[label])
                let found = SpeechRegion.regions(probabilities: series, sampleCount: sample.sample_count, options: options)
                let inSamples = found.map { [Int(($0.start * 16_000).rounded()), Int(($0.end * 16_000).rounded())] }
                #expect(inSamples == expected, "\(name), \(label)")
            }
        }
    }
}

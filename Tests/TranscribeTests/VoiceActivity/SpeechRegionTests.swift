import Foundation
import Testing
import Transcribe

@Suite struct SpeechRegionTests {
    /// Probabilities for frames of 512 samples: `pattern` lists (value, frame count).
    private func frames(_ pattern: [(Float, Int)]) -> [Float] {
        pattern.flatMap { [Float](repeating: $0.0, count: $0.1) }
    }

    @Test func hysteresisPaddingAndMinimumDuration() {
        // 10 silent frames, 20 speech frames with a dip to 0.4 (above the 0.35 exit threshold),
        // 10 silent, a 5-frame blip (160 ms < 250 ms: dropped), 10 silent.
        let probabilities = frames([(0.1, 10), (0.9, 8), (0.4, 4), (0.9, 8), (0.1, 10), (0.8, 5), (0.1, 10)])
        let regions = SpeechRegion.regions(probabilities: probabilities, sampleCount: probabilities.count * 512)
        // start 10·512 − 480 pad; end at frame 30 (first silent frame) + 480 pad.
        #expect(regions == [SpeechRegion(start: Double(5120 - 480) / 16000, end: Double(15360 + 480) / 16000)])
    }

    @Test func shortSilenceDoesNotSplit() throws {
        // Silence is measured from its first frame: 4 frames (1536 samples) stay under the
        // 100 ms minimum (1600) and do not split; 5 frames do.
        let joined = frames([(0.9, 20), (0.1, 4), (0.9, 20), (0.1, 10)])
        #expect(SpeechRegion.regions(probabilities: joined, sampleCount: joined.count * 512).count == 1)
        let split = frames([(0.9, 20), (0.1, 5), (0.9, 20), (0.1, 10)])
        let regions = SpeechRegion.regions(probabilities: split, sampleCount: split.count * 512)
        try #require(regions.count == 2)
        // The gap (5 frames = 2560 samples) is more than two pads: each side gets 30 ms.
        #expect(abs(regions[0].end - (Double(20 * 512 + 480) / 16000)) < 1e-9)
        #expect(abs(regions[1].start - (Double(25 * 512 - 480) / 16000)) < 1e-9)
    }

    @Test func speechToTheEndIsClosedAtTheLastSample() {
        let probabilities = frames([(0.1, 5), (0.9, 20)])
        let regions = SpeechRegion.regions(probabilities: probabilities, sampleCount: 25 * 512 - 100)
        #expect(regions.count == 1)
        #expect(regions[0].end == Double(25 * 512 - 100) / 16000)
    }

    @Test func longRegionsAreSplitAtTheLongestSilence() {
        // 3 s maximum; speech with a 6-frame and a 4-frame dip: split at the 6-frame one.
        let probabilities = frames([(0.9, 30), (0.2, 4), (0.9, 20), (0.2, 6), (0.9, 40), (0.1, 10)])
        let options = SpeechDetectionOptions(minSilenceDuration: 1.0, maxSpeechDuration: 3.0)
        let regions = SpeechRegion.regions(probabilities: probabilities, sampleCount: probabilities.count * 512, options: options)
        #expect(regions.count >= 2)
        #expect(regions.allSatisfy { $0.duration <= 3.0 + 0.07 })
        #expect(abs(regions[0].end - Double(54 * 512) / 16000) < 0.04)
    }

    @Test func noSpeechGivesNoRegion() {
        #expect(SpeechRegion.regions(probabilities: [Float](repeating: 0.2, count: 100), sampleCount: 51_200).isEmpty)
        #expect(SpeechRegion.regions(probabilities: [], sampleCount: 0).isEmpty)
    }
}

import Foundation
import Testing
import Transcribe

/// Frame-level speech/non-speech agreement with a reference RTTM (speech = union of turns).
@Suite struct SpeechDetectionAccuracyTests {
    /// F1 of speech frames (10 ms, judged at their centres) of `regions` against `turns`.
    static func speechF1(regions: [SpeechRegion], turns: [(start: Double, end: Double, speaker: String)], duration: Double) -> Double {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        for frame in 0..<Int(duration / 0.01) {
            let time = (Double(frame) + 0.5) * 0.01
            let reference = turns.contains { time >= $0.start && time < $0.end }
            let hypothesis = regions.contains { time >= $0.start && time < $0.end }
            if reference && hypothesis {
                truePositives += 1
            } else if hypothesis {
                falsePositives += 1
            } else if reference {
                falseNegatives += 1
            }
        }
        return 2 * Double(truePositives) / Double(2 * truePositives + falsePositives + falseNegatives)
    }

    /// Silero with its default hysteresis on the two-speaker telephone sample: F1 ≥ 0.90
    /// (measured 0.989 with the installed weights).
    @Test func telephoneSampleSpeechF1() throws {
        let samples = try SpeechTestFiles.monoSamples("en_diar_pyannote_sample.wav")
        let vad = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory)
        let regions = vad.speechRegions(samples: samples)
        let turns = try SpeechTestFiles.rttmTurns("en_diar_pyannote_sample.rttm")
        let f1 = Self.speechF1(regions: regions, turns: turns, duration: Double(samples.count) / 16_000)
        #expect(f1 >= 0.90)
        // Regions are ordered, disjoint and inside the recording.
        #expect(zip(regions, regions.dropFirst()).allSatisfy { $0.end <= $1.start })
        #expect(regions.allSatisfy { $0.start >= 0 && $0.end <= Double(samples.count) / 16_000 && $0.duration > 0.25 })
    }
}

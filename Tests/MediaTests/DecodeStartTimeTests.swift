import Foundation
import Media
import Testing

/// ``DecodeOptions/startTime``: decoding from a point in the stream gives the samples a decode
/// from the start gives there, without decoding what comes before.
@Suite struct DecodeStartTimeTests {
    /// Every sample after `start` of a decode from 0, and of a decode from `start`.
    static func bothDecodes(_ name: String, start: Double) throws -> (whole: [Float], fromStart: [Float]) {
        let whole = try AudioDecoder.decodeAll(url: Samples.speech(name)).samples
        let fromStart = try AudioDecoder.decodeAll(url: Samples.speech(name), options: DecodeOptions(startTime: start)).samples
        return (Array(whole.dropFirst(Int(start * 16_000))), fromStart)
    }

    @Test(
        "a lossless 16 kHz file decoded from a start time gives the same samples",
        arguments: ["en_librispeech_2412-153948-0000.flac", "fr_commonvoice_picovoice_test_fr.wav"])
    func lossless(name: String) throws {
        let (whole, fromStart) = try Self.bothDecodes(name, start: 3.0)
        #expect(whole.count > 16_000)
        #expect(abs(fromStart.count - whole.count) <= 16, "\(fromStart.count) against \(whole.count)")
        let compared = min(whole.count, fromStart.count)
        let worst = (0..<compared).map { abs(whole[$0] - fromStart[$0]) }.max() ?? 1
        #expect(worst < 1e-4, "largest difference \(worst)")
    }

    @Test(
        "Opus, or a file resampled to 16 kHz, decoded from a start time lines up with the decode from the start",
        arguments: ["derived_fr_commonvoice_picovoice_test_fr.opus", "en_jfk_inaugural.flac"])
    func resampledOrLossy(name: String) throws {
        let (whole, fromStart) = try Self.bothDecodes(name, start: 2.5)
        #expect(abs(fromStart.count - whole.count) <= 2, "\(fromStart.count) against \(whole.count)")
        // A lossy decoder started later settles within the pre-roll, and the resampler's grid may
        // fall a fraction of a sample apart: the same signal at the same place, not the same bits.
        let compared = min(whole.count, fromStart.count)
        var dot = 0.0, a = 0.0, b = 0.0
        for index in 0..<compared {
            dot += Double(whole[index] * fromStart[index])
            a += Double(whole[index] * whole[index])
            b += Double(fromStart[index] * fromStart[index])
        }
        let correlation = dot / (a * b).squareRoot()
        #expect(correlation > 0.95, "correlation \(correlation)")
    }

    @Test("a start time past the end gives no audio and no error")
    func pastTheEnd() throws {
        let decoded = try AudioDecoder.decodeAll(url: Samples.speech("en_jfk_inaugural.flac"), options: DecodeOptions(startTime: 60))
        #expect(decoded.samples.isEmpty)
    }
}

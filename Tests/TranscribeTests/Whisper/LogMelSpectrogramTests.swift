import Foundation
import Testing

@testable import Transcribe

@Suite("Log-mel features")
struct LogMelSpectrogramTests {
    @Test("the features of a sample match faster-whisper's within 2e-3")
    func matchesOracle() throws {
        let fixture = try WindowFixture.load("whisper-base")
        let mel = LogMelSpectrogram(samples: try WhisperTestFiles.samples(fixture.file))
        #expect(mel.frameCount == fixture.frames)
        #expect(mel.contentFrames == fixture.contentFrames)
        let window = mel.window(start: 0, length: mel.frameCount)
        for point in fixture.mel {
            let bin = Int(point[0])
            let frame = Int(point[1])
            let value = window[frame * 80 + bin]
            #expect(abs(value - point[2]) < 2e-3, "bin \(bin) frame \(frame): \(value) vs \(point[2])")
        }
        for (bin, expected) in fixture.melFirstFrame.enumerated() {
            #expect(abs(window[bin] - expected) < 2e-3, "frame 0 bin \(bin)")
        }
        let content = window.prefix(fixture.contentFrames * 80)
        #expect(abs((content.max() ?? 0) - fixture.melMax) < 1e-3)
        #expect(abs(window.reduce(0, +) / Float(window.count) - fixture.melMean) < 1e-4)
    }

    @Test("the Slaney filterbank has 80 triangles of unit area in mel")
    func filterbank() {
        let filters = LogMelSpectrogram.melFilters(melBins: 80)
        #expect(filters.count == 80 * 201)
        for bin in 0..<80 {
            let row = filters[(bin * 201)..<((bin + 1) * 201)]
            #expect(row.contains { $0 > 0 }, "bin \(bin) is empty")
            #expect(row.allSatisfy { $0 >= 0 })
        }
        // Slaney normalisation: each triangle has unit area in Hz (bins are 40 Hz apart); the
        // narrow low triangles are sampled too coarsely to check.
        for bin in 10..<80 {
            let area = filters[(bin * 201)..<((bin + 1) * 201)].reduce(0, +) * 40
            #expect(abs(area - 1) < 0.1, "bin \(bin) area \(area)")
        }
    }

    @Test("a pure tone lights the mel bin of its frequency")
    func pureTone() {
        let tone = (0..<16_000).map { Float(0.5 * sin(2 * Double.pi * 1000 * Double($0) / 16_000)) }
        let mel = LogMelSpectrogram(samples: tone)
        #expect(mel.frameCount == 101)
        let frame = Array(mel.values[(50 * 80)..<(51 * 80)])
        let peak = frame.indices.max { frame[$0] < frame[$1] }!
        // 1000 Hz is 15 mel (Slaney); bin centres are 45.2456/81 mel apart: bin 26 or 25.
        #expect((25...26).contains(peak), "peak at bin \(peak)")
        #expect(frame[peak] - (frame.min() ?? 0) > 1.5)
    }
}

/// Windows computed one at a time, as the transcriber takes them, against the whole recording's features.
@Suite("Log-mel windows")
struct LogMelWindowsTests {
    @Test("each window of a 75-second recording equals the same frames of the whole spectrogram", arguments: [80, 128])
    func matchesWhole(melBins: Int) throws {
        let speech = try WhisperTestFiles.samples("en_jfk_inaugural.flac")
        var samples: [Float] = []
        while samples.count < 75 * 16_000 { samples += speech + [Float](repeating: 0, count: 8_000) }
        samples = Array(samples.prefix(75 * 16_000))
        #expect(samples.count == 75 * 16_000)
        let whole = LogMelSpectrogram(samples: samples, melBins: melBins)
        let windows = LogMelWindows(samples: samples, melBins: melBins)
        #expect(windows.frameCount == whole.frameCount)
        #expect(windows.contentFrames == 7_500)
        for (start, length) in [(0, 3000), (3000, 3000), (1234, 3000), (6000, 1500), (7000, 3000)] {
            let expected = whole.window(start: start, length: length)
            let got = windows.window(start: start, length: length)
            #expect(got.count == expected.count)
            var worst: Float = 0
            for index in expected.indices { worst = max(worst, abs(got[index] - expected[index])) }
            // Float rounding only: OpenBLAS splits a product by the threads free at that moment, so a
            // frame computed in another block (or beside another test's product) may differ by a few
            // ulps of power: up to 2e-5 seen under load, far below any difference a decoder would hear.
            #expect(worst < 1e-4, "window at \(start): largest difference \(worst)")
            // Past the recording (and past `length`), zeros.
            let filled = min(length, whole.frameCount - start)
            #expect(got[filled * melBins - 1] != 0)
            if filled < 3000 { #expect(got[(filled * melBins)...].allSatisfy { $0 == 0 }) }
        }
    }
}

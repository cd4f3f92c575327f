import Foundation
import Media
import Testing

@Suite("Waveform peaks")
struct WaveformPeaksTests {
    @Test("peaks bound the samples of each bin")
    func peaks() throws {
        let url = Samples.speech("en_librispeech_1272-128104-0000_picovoice.wav")
        let audio = try AudioDecoder.decodeAll(url: url)
        let peaks = try WaveformPeaks(url: url, binMilliseconds: 100)
        let perBin = 1_600
        #expect(peaks.minima.count == (audio.samples.count + perBin - 1) / perBin)
        #expect(peaks.maxima.count == peaks.minima.count)
        for bin in [0, 7, peaks.minima.count / 2, peaks.minima.count - 1] {
            let slice = audio.samples[(bin * perBin)..<min(audio.samples.count, (bin + 1) * perBin)]
            #expect(peaks.minima[bin] == slice.min())
            #expect(peaks.maxima[bin] == slice.max())
        }
    }
}

import Testing

@testable import Transcribe

@Suite("Compression ratio as Whisper measures it")
struct CompressionRatioTests {
    /// Values from Python: `len(b) / len(zlib.compress(b, 6))` of the UTF-8 bytes.
    @Test(arguments: [
        ("Sous le consulat, il devient conservateur des eaux et forêts.", 0.9393939393939394),
        (" merci merci merci merci merci merci merci merci merci merci merci merci", 4.235294117647059),
    ])
    func matchesZlib(text: String, expected: Double) {
        #expect(abs(CompressionRatio.of(text) - expected) < 1e-12)
    }

    @Test func repetitionLoopsExceedWhispersThreshold() {
        let loop = String(repeating: " je ne sais pas,", count: 20)
        #expect(CompressionRatio.of(loop) > 2.4)
        #expect(CompressionRatio.of("") == 0)
    }
}

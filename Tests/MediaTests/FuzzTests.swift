import Foundation
import Media
import Testing

/// A small deterministic generator, so a failure can be replayed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("No crash on any input")
struct FuzzTests {
    /// Probes and decodes `bytes`; either outcome is fine as long as errors are typed.
    private func survive(_ bytes: Data, name: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-fuzz-\(UUID())-\(name)")
        try bytes.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try MediaInfo(probing: url)
            let audio = try AudioDecoder.decodeAll(url: url)
            #expect(audio.samples.allSatisfy { $0.isFinite })
        } catch {
            #expect(!error.description.isEmpty)
        }
    }

    @Test("truncated and bit-flipped samples", arguments: [
        "en_commonvoice_651325.mp3", "derived_fr_commonvoice_picovoice_test_fr.opus",
        "derived_nasa_13013_audio.m4a", "en_librispeech_2412-153948-0000.flac",
        "fr_picovoice_cheetah_test_fr_norm.wav", "en_librispeech_5703-47212-0000.ogg",
    ])
    func mutatedSamples(name: String) throws {
        let original = try Data(contentsOf: Samples.speech(name))
        var random = SplitMix64(state: UInt64(original.count))
        for round in 0..<12 {
            var bytes = original
            if round % 2 == 0 {
                bytes = bytes.prefix(Int.random(in: 0..<original.count, using: &random))
            } else {
                for _ in 0..<Int.random(in: 1...64, using: &random) {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[index] = UInt8.random(in: 0...255, using: &random)
                }
            }
            try survive(bytes, name: name)
        }
    }

    @Test("random bytes, with and without a plausible header")
    func randomBytes() throws {
        var random = SplitMix64(state: 2026)
        let headers: [[UInt8]] = [[], Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8), Array("ID3".utf8), Array("OggS".utf8), Array("fLaC".utf8), [0, 0, 0, 0x20] + Array("ftypisom".utf8)]
        for header in headers {
            for _ in 0..<4 {
                let count = Int.random(in: 0..<20_000, using: &random)
                let body = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
                try survive(Data(header + body), name: "random")
            }
        }
    }
}

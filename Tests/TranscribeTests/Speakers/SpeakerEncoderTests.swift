import Foundation
import Testing
import Transcribe

/// Oracle fixture written by tools/diarization/embedding_oracle.py: Resemblyzer 0.1.4's own
/// `embed_utterance` (torch) on volume-normalised audio, and its first mel frames (librosa).
private struct EmbeddingFixture: Decodable {
    struct Sample: Decodable {
        var embedding: [Float]
        var partials: [[Float]]
        var mel_head: [[Float]]
    }
    var samples: [String: Sample]

    static func load() throws -> EmbeddingFixture {
        let data = try Data(contentsOf: SpeechTestFiles.fixture("Speakers", "resemblyzer_embeddings.json"))
        return try JSONDecoder().decode(EmbeddingFixture.self, from: data)
    }
}

@Suite struct SpeakerEncoderTests {
    static let samples = ["en_librispeech_2412-153948-0000.flac", "fr_commonvoice_picovoice_test_fr.wav"]

    /// The utterance embedding agrees with Resemblyzer's (cosine ≥ 0.999; measured ≥ 0.99999),
    /// and so do the mel frames (relative error ≤ 1e-4; measured ~1e-6).
    @Test(arguments: samples)
    func matchesResemblyzer(sample: String) throws {
        let reference = try #require(try EmbeddingFixture.load().samples[sample])
        let encoder = try SpeakerEncoder(modelDirectory: SpeechTestFiles.speakerModelDirectory)
        let audio = SpeakerEncoder.normalizeVolume(try SpeechTestFiles.monoSamples(sample))
        let mel = encoder.melFrames(samples: audio)
        #expect(mel.count == 1 + audio.count / 160)
        for (row, expected) in zip(mel, reference.mel_head) {
            let worst = zip(row, expected).map { abs($0 - $1) / max(abs($1), 1e-9) }.max() ?? .infinity
            #expect(worst <= 1e-4)
        }
        let embedding = encoder.embedUtterance(samples: audio)
        #expect(embedding.count == 256)
        #expect(SpeakerEncoder.cosineSimilarity(embedding, reference.embedding) >= 0.999)
        #expect(abs(embedding.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
    }

    /// Two speakers are further apart than two halves of one speaker's utterance.
    @Test func separatesSpeakers() throws {
        let encoder = try SpeakerEncoder(modelDirectory: SpeechTestFiles.speakerModelDirectory)
        let english = SpeakerEncoder.normalizeVolume(try SpeechTestFiles.monoSamples("en_librispeech_2412-153948-0000.flac"))
        let french = SpeakerEncoder.normalizeVolume(try SpeechTestFiles.monoSamples("fr_commonvoice_picovoice_test_fr.wav"))
        let half = english.count / 2
        let first = encoder.embedUtterance(samples: Array(english[..<half]))
        let second = encoder.embedUtterance(samples: Array(english[half...]))
        let other = encoder.embedUtterance(samples: french)
        #expect(SpeakerEncoder.cosineSimilarity(first, second) > SpeakerEncoder.cosineSimilarity(first, other) + 0.05)
    }

    @Test func volumeIsRaisedNeverLowered() {
        let quiet = [Float](repeating: 0.001, count: 100)
        let raised = SpeakerEncoder.normalizeVolume(quiet)
        // −30 dBFS is an RMS of 10^(−1.5) ≈ 0.0316.
        #expect(abs(raised[0] - 0.031_622_8) < 1e-5)
        let loud = [Float](repeating: 0.5, count: 100)
        #expect(SpeakerEncoder.normalizeVolume(loud) == loud)
        #expect(SpeakerEncoder.volumeGain(loud) == 1)
        #expect(abs(SpeakerEncoder.volumeGain(quiet) - 31.622_8) < 1e-3)
        #expect(SpeakerEncoder.normalizeVolume([0, 0]) == [0, 0])
    }

    @Test func wrongModelIsATypedError() throws {
        let url = SpeechTestFiles.vadModelDirectory.appendingPathComponent("silero_vad_16k.safetensors")
        let error = try #require(throws: SafeTensorsError.self) { try SpeakerEncoder(modelFile: url) }
        #expect(error.reason == .missingTensor("lstm.bias_ih_l0"))
    }
}

import Foundation
import Testing
import Transcribe

/// Oracle fixture written by tools/vad/vad_oracle.py: per-frame probabilities from the
/// silero-vad 6.2.3 package's ONNX model ("onnx") and from a NumPy forward pass over the
/// installed `silero_vad_16k.safetensors` ("safetensors").
private struct VADFixture: Decodable {
    struct Series: Decodable {
        var onnx: [Float]
        var safetensors: [Float]
    }
    var samples: [String: Series]

    static func load() throws -> VADFixture {
        let data = try Data(contentsOf: SpeechTestFiles.fixture("VoiceActivity", "silero_vad_probabilities.json"))
        return try JSONDecoder().decode(VADFixture.self, from: data)
    }
}

private func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
}

/// Weights of the package's ONNX/TorchScript model, extracted by tools/vad/convert_jit.py
/// (not installed by models/fetch yet).
private let jitWeights = SpeechTestFiles.vadModelDirectory.appendingPathComponent("silero_vad_16k_jit.safetensors")

@Suite struct SileroVADTests {
    static let samples = ["en_diar_pyannote_sample.wav", "en_librispeech_2412-153948-0000.flac"]

    /// The Swift forward pass over the installed weights equals the reference forward pass
    /// over the same file, frame by frame (max |difference| ≤ 1e-4; measured 1.1e-6).
    @Test(arguments: samples)
    func matchesReferenceForwardPass(sample: String) throws {
        let fixture = try #require(try VADFixture.load().samples[sample])
        let vad = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory)
        let probabilities = vad.probabilities(samples: try SpeechTestFiles.monoSamples(sample))
        #expect(probabilities.count == fixture.safetensors.count)
        #expect(maxDifference(probabilities, fixture.safetensors) <= 1e-4)
    }

    /// With the package's own ONNX weights, the Swift model reproduces the ONNX model's
    /// frame probabilities (max |difference| ≤ 1e-4; measured 1.7e-6).
    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: jitWeights.path), "run tools/vad/convert_jit.py first"),
        arguments: samples)
    func matchesPackageONNXModel(sample: String) throws {
        let fixture = try #require(try VADFixture.load().samples[sample])
        let vad = try SileroVAD(modelFile: jitWeights)
        let probabilities = vad.probabilities(samples: try SpeechTestFiles.monoSamples(sample))
        #expect(probabilities.count == fixture.onnx.count)
        #expect(maxDifference(probabilities, fixture.onnx) <= 1e-4)
    }

    /// The state carries over frames: the same audio gives different probabilities when the
    /// model has heard something before it.
    @Test func stateCarriesAcrossFrames() throws {
        let vad = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory)
        let samples = try SpeechTestFiles.monoSamples("en_diar_pyannote_sample.wav")
        let tail = Array(samples[(512 * 100)..<(512 * 120)])
        let alone = vad.probabilities(samples: tail)
        let inContext = Array(vad.probabilities(samples: Array(samples[0..<(512 * 120)])).suffix(20))
        #expect(alone.count == 20)
        #expect(maxDifference(alone, inContext) > 1e-3)
        #expect(vad.probabilities(samples: []).isEmpty)
        #expect(vad.probabilities(samples: [Float](repeating: 0, count: 513)).count == 2)
    }

    @Test func missingModelIsATypedError() {
        let directory = URL(fileURLWithPath: "/nonexistent-verbatim-models")
        #expect(throws: SafeTensorsError.self) { try SileroVAD(modelDirectory: directory) }
    }

    @Test func wrongModelNamesTheMissingTensor() throws {
        let url = SpeechTestFiles.speakerModelDirectory.appendingPathComponent("speaker_encoder.safetensors")
        let error = try #require(throws: SafeTensorsError.self) { try SileroVAD(modelFile: url) }
        #expect(error.reason == .missingTensor("stft_conv.weight"))
        #expect(error.description.contains("models/fetch"))
    }

    @Test func damagedFilesAreRejected() throws {
        let url = URL(fileURLWithPath: "/tmp/x.safetensors")
        #expect(throws: SafeTensorsError(url: url, reason: .truncated(bytes: 3))) {
            try SafeTensors(data: Data([1, 2, 3]), url: url)
        }
        var huge = Data([0xFF, 0xFF, 0, 0, 0, 0, 0, 0])
        huge.append(contentsOf: [UInt8](repeating: 0x20, count: 16))
        #expect(throws: SafeTensorsError.self) { try SafeTensors(data: huge, url: url) }
        let header = Data(#"{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}"#.utf8)
        var bad = Data()
        for byte in 0..<8 { bad.append(UInt8((header.count >> (8 * byte)) & 0xFF)) }
        bad.append(header)
        bad.append(Data(count: 12))
        #expect(throws: SafeTensorsError(url: url, reason: .outOfBounds(tensor: "a"))) {
            try SafeTensors(data: bad, url: url)
        }
    }

    @Test func readsTensorsWithShapeCheck() throws {
        let header = Data(#"{"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#.utf8)
        var data = Data()
        for byte in 0..<8 { data.append(UInt8((header.count >> (8 * byte)) & 0xFF)) }
        data.append(header)
        for value: Float in [1.5, -2] { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        let file = try SafeTensors(data: data, url: URL(fileURLWithPath: "/tmp/w.safetensors"))
        #expect(try file.floats("w", shape: [2]) == [1.5, -2])
        #expect(file.metadata["k"] == "v")
        #expect(throws: SafeTensorsError.self) { try file.floats("w", shape: [1, 2]) }
    }
}

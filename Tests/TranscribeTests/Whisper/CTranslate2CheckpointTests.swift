import Foundation
import Testing

@testable import Transcribe

@Suite("CTranslate2 model files")
struct CTranslate2CheckpointTests {
    @Test("both installed models load with the architecture's shapes")
    func installedModels() throws {
        let base = try WhisperTestFiles.model("whisper-base")
        #expect(base.width == 512)
        #expect(base.heads == 8)
        #expect(base.layerCounts.encoder == 6 && base.layerCounts.decoder == 6)
        #expect(base.vocabularySize == 51865)
        #expect(base.melBins == 80)
        #expect(base.isMultilingual)
        #expect(base.config.suppressIdsBegin == [220, 50257])
        let tiny = try WhisperTestFiles.model("whisper-tiny.en")
        #expect(tiny.width == 384)
        #expect(tiny.heads == 6)
        #expect(tiny.layerCounts.encoder == 4 && tiny.layerCounts.decoder == 4)
        #expect(tiny.vocabularySize == 51864)
        #expect(!tiny.isMultilingual)
    }

    @Test("parameter counts match the published sizes (base 72.6 M, tiny.en 37.8 M)")
    func parameterCounts() throws {
        for (name, millions) in [("whisper-base", 72.6), ("whisper-tiny.en", 37.8)] {
            let checkpoint = try CTranslate2Checkpoint(
                contentsOf: WhisperTestFiles.modelDirectory(name).appendingPathComponent("model.bin"))
            #expect(checkpoint.specName == "WhisperSpec")
            let count = checkpoint.variables.filter { $0.key != "decoder/projection/weight" && $0.value.storedType == 4 }
                .reduce(0) { $0 + $1.value.values.count }
            #expect(abs(Double(count) / 1e6 - millions) < 0.1, "\(name): \(count) parameters")
        }
    }

    @Test("float16 values widen exactly")
    func float16Conversion() throws {
        let checkpoint = try CTranslate2Checkpoint(
            contentsOf: WhisperTestFiles.modelDirectory("whisper-tiny.en").appendingPathComponent("model.bin"))
        let gamma = try #require(checkpoint.variables["encoder/layer_norm/gamma"])
        #expect(gamma.shape == [384])
        #expect(gamma.values.allSatisfy { Float(Float16($0)) == $0 && $0.isFinite })
        #expect(checkpoint.variables["decoder/projection/weight"]?.values.count == 51864 * 384)
    }

    @Test("the integer half-to-float widening equals Float(Float16) on all 65,536 bit patterns")
    func halfWideningIsExact() {
        var mismatches = 0
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let actual = ByteReader.widenHalf(bits)
            if expected.isNaN ? !actual.isNaN : expected.bitPattern != actual.bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    private func header(version: UInt32, spec: String) -> Data {
        var data = Data()
        func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        u32(version)
        let bytes = Array(spec.utf8) + [0]
        withUnsafeBytes(of: UInt16(bytes.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: bytes)
        u32(3)
        return data
    }

    @Test("a truncated model.bin is refused as truncated")
    func truncated() throws {
        let url = WhisperTestFiles.modelDirectory("whisper-tiny.en").appendingPathComponent("model.bin")
        let prefix = try Data(contentsOf: url).prefix(100_000)
        #expect {
            _ = try CTranslate2Checkpoint(data: prefix, url: url)
        } throws: { error in
            guard case .truncated = (error as? ModelError)?.reason else { return false }
            return (error as? ModelError)?.description.contains("models/fetch") == true
        }
    }

    @Test("a wrong binary version is refused")
    func wrongVersion() throws {
        let url = URL(fileURLWithPath: "/tmp/model.bin")
        #expect(throws: ModelError(url: url, reason: .unsupportedVersion(5))) {
            _ = try CTranslate2Checkpoint(data: header(version: 5, spec: "WhisperSpec"), url: url)
        }
        #expect(throws: ModelError(url: url, reason: .unsupportedVersion(0x4647_4755))) {
            _ = try CTranslate2Checkpoint(data: Data("UGGF and more bytes".utf8), url: url)
        }
    }

    @Test("a variable whose byte count does not match its shape is refused")
    func damagedVariable() throws {
        let url = URL(fileURLWithPath: "/tmp/model.bin")
        var data = header(version: 6, spec: "WhisperSpec")
        withUnsafeBytes(of: UInt32(1).littleEndian) { data.append(contentsOf: $0) }
        let name = Array("w".utf8) + [0]
        withUnsafeBytes(of: UInt16(name.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: name)
        data.append(1)  // rank
        withUnsafeBytes(of: UInt32(4).littleEndian) { data.append(contentsOf: $0) }
        data.append(4)  // float16
        withUnsafeBytes(of: UInt32(6).littleEndian) { data.append(contentsOf: $0) }  // should be 8
        data.append(contentsOf: [UInt8](repeating: 0, count: 6))
        #expect {
            _ = try CTranslate2Checkpoint(data: data, url: url)
        } throws: { error in
            guard case .badVariable(let variable, _) = (error as? ModelError)?.reason else { return false }
            return variable == "w"
        }
    }

    @Test("a directory without a model is refused with the file named")
    func missingDirectory() throws {
        let directory = URL(fileURLWithPath: "/nonexistent/whisper-none")
        #expect {
            _ = try WhisperModel(directory: directory)
        } throws: { error in
            guard let error = error as? ModelError, case .unreadable = error.reason else { return false }
            return error.url.lastPathComponent == "model.bin"
        }
    }

    @Test("a model of another kind is refused")
    func wrongSpec() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-wrong-spec-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var data = header(version: 6, spec: "TransformerSpec")
        data.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
        try data.write(to: directory.appendingPathComponent("model.bin"))
        #expect {
            _ = try WhisperModel(directory: directory)
        } throws: { error in
            (error as? ModelError)?.reason == .wrongSpec("TransformerSpec")
        }
    }
}

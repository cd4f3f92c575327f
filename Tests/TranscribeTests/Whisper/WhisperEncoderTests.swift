import Foundation
import Testing

@testable import Transcribe

@Suite("Whisper encoder", .serialized)
struct WhisperEncoderTests {
    @Test("the encoder output of one window matches CTranslate2's within 2e-2", arguments: ["whisper-base", "whisper-tiny.en"])
    func matchesOracle(modelName: String) throws {
        let fixture = try WindowFixture.load(modelName)
        let model = try WhisperTestFiles.model(modelName)
        let mel = LogMelSpectrogram(samples: try WhisperTestFiles.samples(fixture.file))
        let encoder = WhisperEncoder(weights: model.weights)
        let output = encoder.encode(mel.window(start: 0, length: mel.frameCount))
        #expect(output.count == fixture.encoderPositions * model.width)
        var worst: Float = 0
        for point in fixture.encoder {
            let value = output[Int(point[0]) * model.width + Int(point[1])]
            worst = max(worst, abs(value - point[2]))
        }
        #expect(worst < 2e-2, "largest difference \(worst)")
        let meanAbs = output.reduce(0) { $0 + abs($1) } / Float(output.count)
        #expect(abs(meanAbs - fixture.encoderMeanAbs) < 1e-3 * fixture.encoderMeanAbs + 1e-4)
    }
}

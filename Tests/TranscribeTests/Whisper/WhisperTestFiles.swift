import Foundation
import Media
import Transcribe

/// Paths and shared, lazily loaded models for the Whisper tests.
enum WhisperTestFiles {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func modelDirectory(_ name: String) -> URL {
        repository.appendingPathComponent("models").appendingPathComponent(name)
    }

    static func sample(_ name: String) -> URL {
        repository.appendingPathComponent("samples/speech").appendingPathComponent(name)
    }

    static func fixture(_ name: String) -> URL {
        repository.appendingPathComponent("Tests/TranscribeTests/Fixtures").appendingPathComponent(name)
    }

    /// 16 kHz mono samples decoded by `Media`.
    static func samples(_ name: String) throws -> [Float] {
        try AudioDecoder.decodeAll(url: sample(name)).samples
    }

    /// The multilingual base model in float32 (the oracle's precision), loaded once for all tests.
    static let base: Result<WhisperModel, ModelError> = Result { () throws(ModelError) in
        try WhisperModel(directory: modelDirectory("whisper-base"), computeType: .float32)
    }

    /// The English-only tiny model in float32, loaded once for all tests.
    static let tinyEnglish: Result<WhisperModel, ModelError> = Result { () throws(ModelError) in
        try WhisperModel(directory: modelDirectory("whisper-tiny.en"), computeType: .float32)
    }

    /// The base model with int8 dense layers.
    static let baseInt8: Result<WhisperModel, ModelError> = Result { () throws(ModelError) in
        try WhisperModel(directory: modelDirectory("whisper-base"), computeType: .int8)
    }

    /// The tiny.en model with int8 dense layers.
    static let tinyEnglishInt8: Result<WhisperModel, ModelError> = Result { () throws(ModelError) in
        try WhisperModel(directory: modelDirectory("whisper-tiny.en"), computeType: .int8)
    }

    static func model(_ name: String, _ type: ComputeType = .float32) throws -> WhisperModel {
        switch (name == "whisper-base", type) {
        case (true, .float32): try base.get()
        case (false, .float32): try tinyEnglish.get()
        case (true, .int8): try baseInt8.get()
        case (false, .int8): try tinyEnglishInt8.get()
        }
    }
}

/// `window-<model>.json`, written by tools/oracle/oracle.py: log-mel and encoder-output values
/// of the first window of one sample, from faster-whisper's feature extractor and CTranslate2.
struct WindowFixture: Decodable {
    var file: String
    var model: String
    var frames: Int
    var contentFrames: Int
    var melMax: Float
    var melMean: Float
    var mel: [[Float]]
    var encoderPositions: Int
    var encoderMeanAbs: Float
    var encoder: [[Float]]
    var melFirstFrame: [Float]

    static func load(_ model: String) throws -> WindowFixture {
        try JSONDecoder().decode(WindowFixture.self, from: Data(contentsOf: WhisperTestFiles.fixture("window-\(model).json")))
    }
}

/// `oracle-<model>.json`, written by tools/oracle/oracle.py: faster-whisper's greedy transcripts.
struct OracleFixture: Decodable {
    struct Segment: Decodable {
        var start: Double
        var end: Double
        var text: String
        var tokens: [Int]
        var avgLogProb: Double
        var noSpeechProb: Double
        var compressionRatio: Double
    }

    struct Result: Decodable {
        var file: String
        var language: String
        var languageProbability: Double
        var text: String
        var segments: [Segment]
        var reference: String?
        var wer: Double?
    }

    var model: String
    var results: [Result]

    static func load(_ model: String) throws -> OracleFixture {
        try JSONDecoder().decode(OracleFixture.self, from: Data(contentsOf: WhisperTestFiles.fixture("oracle-\(model).json")))
    }
}

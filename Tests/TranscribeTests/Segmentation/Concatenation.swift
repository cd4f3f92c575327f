import Foundation

/// A recording built from samples: `silences[0]` seconds of silence, clip 0, `silences[1]`, clip 1...,
/// then the last silence (`Fixtures/concatenations.json`, shared with tools/oracle/concatenation_loops.py).
struct Concatenation: Decodable {
    var clips: [String]
    var silences: [Double]

    static func load(_ name: String) throws -> Concatenation {
        let data = try Data(contentsOf: WhisperTestFiles.fixture("concatenations.json"))
        return try require(try JSONDecoder().decode([String: Concatenation].self, from: data)[name])
    }

    /// The samples and where each clip was placed (seconds).
    func build() throws -> (samples: [Float], placed: [(file: String, start: Double, end: Double)]) {
        var samples: [Float] = []
        var placed: [(String, Double, Double)] = []
        for (index, clip) in clips.enumerated() {
            samples += [Float](repeating: 0, count: Int(silences[index] * 16_000))
            let audio = try WhisperTestFiles.samples(clip)
            placed.append((clip, Double(samples.count) / 16_000, Double(samples.count + audio.count) / 16_000))
            samples += audio
        }
        samples += [Float](repeating: 0, count: Int((silences.last ?? 0) * 16_000))
        return (samples, placed)
    }
}

/// Swift Testing's `#require` for an optional outside a test.
private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw CocoaError(.fileReadCorruptFile) }
    return value
}

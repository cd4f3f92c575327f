import Foundation

@testable import Transcribe

/// `samples/speech/refs/picovoice_leopard_test_data.json`: word timings of two samples
/// (Picovoice Leopard's test data, entries en and fr).
struct WordReference: Decodable {
    struct Word: Decodable {
        var word: String
        var start_sec: Double
        var end_sec: Double
    }

    struct Test: Decodable {
        var language: String
        var sample: String
        var words: [Word]
    }

    struct Tests: Decodable {
        var language_tests: [Test]
    }

    var tests: Tests

    static func load() throws -> [Test] {
        let url = WhisperTestFiles.repository.appendingPathComponent("samples/speech/refs/picovoice_leopard_test_data.json")
        return try JSONDecoder().decode(WordReference.self, from: Data(contentsOf: url)).tests.language_tests
    }

    /// Lower case, letters and digits only ("Mr." → "mr", " forêts," → "forêts").
    static func normalised(_ word: String) -> String {
        String(word.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// Absolute start and end errors (seconds) of the words matched in order (longest common subsequence of normalised words).
    static func boundaryErrors(reference: [Word], words: [(text: String, start: Double, end: Double)]) -> (errors: [Double], matched: Int) {
        let a = reference.map { normalised($0.word) }
        let b = words.map { normalised($0.text) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var errors: [Double] = []
        var i = 0, j = 0, matched = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                errors.append(abs(reference[i].start_sec - words[j].start))
                errors.append(abs(reference[i].end_sec - words[j].end))
                matched += 1
                i += 1
                j += 1
            } else if table[i + 1][j] >= table[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return (errors, matched)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .infinity }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

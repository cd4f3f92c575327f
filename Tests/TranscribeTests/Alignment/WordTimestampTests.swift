import Foundation
import Testing

@testable import Transcribe

/// Word timestamps from the alignment heads, against reference word timings and faster-whisper.
@Suite("Word timestamps", .serialized)
struct WordTimestampTests {
    static let samples = ["en_librispeech_1272-128104-0000_picovoice.wav", "fr_commonvoice_picovoice_test_fr.wav"]

    static func words(_ file: String, model: String = "whisper-base") throws -> [TranscriptionWord] {
        let transcriber = Transcriber(model: try WhisperTestFiles.model(model))
        let options = TranscriptionOptions(beamSize: 1, temperatures: [0], wordTimestamps: true)
        let result = try transcriber.transcribe(samples: try WhisperTestFiles.samples(file), options: options)
        return result.segments.flatMap(\.words)
    }

    @Test("median absolute boundary error ≤ 150 ms against the reference timings", arguments: samples)
    func boundaryError(file: String) throws {
        let reference = try #require(try WordReference.load().first { $0.sample == file })
        let words = try Self.words(file)
        let (errors, matched) = WordReference.boundaryErrors(reference: reference.words, words: words.map { ($0.text, $0.start, $0.end) })
        let median = WordReference.median(errors)
        print(
            "word boundaries \(file): \(matched)/\(reference.words.count) words matched, median error \(Int((median * 1000).rounded())) ms")
        #expect(matched >= reference.words.count - 3)
        #expect(median <= 0.150)
    }

    /// `oracle-words-whisper-base.json`, written by tools/oracle/word_timestamps.py.
    struct OracleWords: Decodable {
        struct Word: Decodable {
            var text: String
            var start: Double
            var end: Double
        }

        struct Result: Decodable {
            var file: String
            var words: [Word]
            var medianBoundaryError: Double
        }

        var results: [Result]
    }

    @Test("word times agree with faster-whisper's word_timestamps=True", arguments: samples)
    func againstFasterWhisper(file: String) throws {
        let data = try Data(contentsOf: WhisperTestFiles.fixture("oracle-words-whisper-base.json"))
        let oracle = try #require(try JSONDecoder().decode(OracleWords.self, from: data).results.first { $0.file == file })
        let words = try Self.words(file)
        let asReference = oracle.words.map { WordReference.Word(word: $0.text, start_sec: $0.start, end_sec: $0.end) }
        let (differences, matched) = WordReference.boundaryErrors(
            reference: asReference, words: words.map { ($0.text, $0.start, $0.end) })
        let median = WordReference.median(differences)
        print(
            "against faster-whisper \(file): \(matched)/\(oracle.words.count) words matched, median difference "
                + "\(Int((median * 1000).rounded())) ms (faster-whisper's own error: \(Int((oracle.medianBoundaryError * 1000).rounded())) ms)"
        )
        #expect(matched == oracle.words.count)
        #expect(median <= 0.04)
    }

    @Test("words are ordered, inside their segment, and carry probabilities", arguments: samples)
    func wellFormed(file: String) throws {
        let transcriber = Transcriber(model: try WhisperTestFiles.model("whisper-base"))
        let options = TranscriptionOptions(beamSize: 1, temperatures: [0], wordTimestamps: true)
        let result = try transcriber.transcribe(samples: try WhisperTestFiles.samples(file), options: options)
        for segment in result.segments {
            #expect(!segment.words.isEmpty)
            #expect(segment.words.map(\.text).joined() == segment.text)
            var previousEnd = segment.start
            for word in segment.words {
                #expect(word.start >= previousEnd - 0.001 && word.end >= word.start)
                #expect(word.start >= segment.start - 0.001 && word.end <= segment.end + 0.001)
                #expect(word.probability > 0 && word.probability <= 1)
                previousEnd = word.end
            }
        }
    }

    @Test("French elisions stay in their word; punctuation joins its neighbour")
    func splitting() throws {
        let tokenizer = try WhisperTestFiles.model("whisper-base").tokenizer
        let tokens = tokenizer.encode(" Je pense qu'il a dit : « l'avion, c'est parti. »") + [tokenizer.endOfText]
        var timings = WordAligner.splitWords(tokens, tokenizer: tokenizer, language: "fr").enumerated().map { index, word in
            WordAligner.Timing(text: word.text, tokens: word.tokens, start: Double(index), end: Double(index) + 1, probability: 1)
        }
        timings.removeLast()
        WordAligner.mergePunctuation(&timings)
        let words = timings.map(\.text).filter { !$0.isEmpty }
        #expect(words.contains(" qu'il"))
        #expect(words.contains(" l'avion,"))
        #expect(words.contains(" c'est"))
        #expect(words.contains(" parti."))
        #expect(timings.flatMap(\.tokens) == Array(tokens.dropLast()))
    }

    @Test("dynamic time warping follows the cheapest monotonic path")
    func warping() {
        // A 3 × 5 cost with a cheap diagonal-ish band.
        let cost: [Double] = [
            0, 0, 9, 9, 9,
            9, 9, 0, 9, 9,
            9, 9, 9, 0, 0,
        ]
        let path = WordAligner.dynamicTimeWarping(cost: cost, rows: 3, columns: 5)
        #expect(path.first?.row == 0 && path.first?.column == 0 && path.last?.row == 2 && path.last?.column == 4)
        #expect(path.map(\.row) == [0, 0, 1, 2, 2])
        #expect(path.map(\.column) == [0, 1, 2, 3, 4])
    }
}

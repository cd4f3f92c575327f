import Foundation
import Testing

@testable import Transcribe

@Suite("Whisper tokenizer")
struct TokenizerTests {
    @Test("special tokens are found by name in both vocabularies")
    func specialTokens() throws {
        let base = try WhisperTestFiles.model("whisper-base").tokenizer
        #expect(base.endOfText == 50257)
        #expect(base.startOfTranscript == 50258)
        #expect(base.languageToken("en") == 50259)
        #expect(base.languageToken("fr") == 50265)
        #expect(base.transcribe == 50359)
        #expect(base.noSpeech == 50362)
        #expect(base.noTimestamps == 50363)
        #expect(base.timestampBegin == 50364)
        #expect(base.languages.count == 99)
        #expect(base.startSequence(language: 50265) == [50258, 50265, 50359])
        let tiny = try WhisperTestFiles.model("whisper-tiny.en").tokenizer
        #expect(tiny.endOfText == 50256)
        #expect(tiny.timestampBegin == 50363)
        #expect(tiny.startSequence(language: nil) == [50257])
    }

    @Test("French accents come out right, including characters split across tokens")
    func accents() throws {
        let tokenizer = try WhisperTestFiles.model("whisper-base").tokenizer
        let text = " Sous le consulat, il devient conservateur des eaux et forêts. Où ça? Ça été «déjà» vu — œuvre"
        let ids = tokenizer.encode(text)
        #expect(tokenizer.decode(ids) == text)
        // "ê" is two UTF-8 bytes; decoding token by token would break it, joining bytes must not.
        let pieces = ids.map { tokenizer.decode([$0]) }
        #expect(pieces.joined() != text || ids.count < text.count)
        #expect(tokenizer.decode(ids + [tokenizer.endOfText, tokenizer.timestampBegin + 10]) == text)
    }

    @Test("prompt encoding matches the ids of the Hugging Face tokenizer")
    func encodingMatchesReference() throws {
        let tokenizer = try WhisperTestFiles.model("whisper-base").tokenizer
        // faster-whisper's first greedy segment of the French sample (oracle fixture).
        let oracle = try OracleFixture.load("whisper-base")
        let french = try #require(oracle.results.first { $0.file == "fr_commonvoice_picovoice_test_fr.wav" })
        let segment = french.segments[0]
        let textTokens = segment.tokens.filter { $0 < tokenizer.endOfText }
        #expect(tokenizer.encode(segment.text) == textTokens)
        #expect(tokenizer.decode(segment.tokens) == segment.text)
        #expect(BytePairEncoder.pretokenize("I'll say  it's 3061 ok?!") == ["I", "'ll", " say", " ", " it", "'s", " 3061", " ok", "?!"])
    }
}

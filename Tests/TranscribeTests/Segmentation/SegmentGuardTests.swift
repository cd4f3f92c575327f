import Foundation
import Testing

@testable import Transcribe

/// The guards against bad output: loops, low confidence, text in silence, another language.
@Suite("Segment guards", .serialized)
struct SegmentGuardTests {
    @Test("an n-gram repeated four times is a loop; three times is not")
    func loops() {
        #expect(SegmentGuard.hasLoop([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]))
        #expect(!SegmentGuard.hasLoop([1, 2, 3, 1, 2, 3, 1, 2, 3, 4]))
        #expect(SegmentGuard.hasLoop([9, 7, 7, 7, 7, 8]))
        #expect(SegmentGuard.hasLoop(Array(repeating: [1, 2, 3, 4, 5, 6, 7, 8], count: 4).flatMap { $0 }))
        #expect(!SegmentGuard.hasLoop(Array(1...40)))
    }

    @Test("flags: repetition, low confidence, text in silence, other language")
    func flags() {
        var segment = TranscriptionSegment(
            id: 0, start: 10, end: 12, text: " yes yes yes yes", tokens: [1, 1, 1, 1], temperature: 0, avgLogProb: -0.2,
            compressionRatio: 1, noSpeechProb: 0, language: "en")
        #expect(
            SegmentGuard.flags(segment, speech: [SpeechRegion(start: 9, end: 11)], recordingLanguage: "en", endOfText: 50_257) == [
                .repetition
            ])
        segment.tokens = [1, 2, 3]
        segment.text = " a fine answer"
        segment.avgLogProb = -1.4
        segment.language = "fr"
        #expect(
            SegmentGuard.flags(segment, speech: [SpeechRegion(start: 20, end: 21)], recordingLanguage: "en", endOfText: 50_257)
                == [.lowConfidence, .textInSilence, .otherLanguage])
        segment.avgLogProb = -0.1
        segment.words = [TranscriptionWord(start: 10, end: 11, text: " a", probability: 0.1)]
        #expect(SegmentGuard.flags(segment, speech: nil, recordingLanguage: "fr", endOfText: 50_257) == [.lowConfidence])
    }

    @Test("a segment with many shaky words is flagged for review; one shaky word among many is not")
    func unsureWords() {
        let probabilities = [0.9, 0.95, 0.3, 0.92, 0.4, 0.97]
        var segment = TranscriptionSegment(
            id: 0, start: 10, end: 13, text: " vintéragise esthia létique avec le patient", tokens: [1, 2, 3, 4, 5, 6],
            temperature: 0, avgLogProb: -0.3, compressionRatio: 1, noSpeechProb: 0, language: "fr",
            words: probabilities.enumerated().map {
                TranscriptionWord(start: 10 + Double($0.offset) * 0.5, end: 10.4 + Double($0.offset) * 0.5, text: " w", probability: $0.element)
            })
        #expect(SegmentGuard.flags(segment, speech: nil, recordingLanguage: "fr", endOfText: 50_257) == [.unsureWords])
        #expect(!SegmentFlag.unsureWords.isRetryable && SegmentFlag.lowConfidence.isRetryable)
        segment.words[4].probability = 0.8
        #expect(SegmentGuard.flags(segment, speech: nil, recordingLanguage: "fr", endOfText: 50_257).isEmpty)
        #expect(segment.words.filter(\.isUnsure).count == 1)
    }

    @Test("a long concatenation with a French clip: no loop, and the French clip is flagged or transcribed in French")
    func mixedLanguage() throws {
        let (samples, placed) = try Concatenation.load("mixedLanguage").build()
        #expect(samples.count <= 120 * 16_000)
        let vad = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory)
        let regions = vad.speechRegions(samples: samples)
        let transcriber = Transcriber(model: try WhisperTestFiles.model("whisper-base"))
        let options = TranscriptionOptions(detectLanguagePerWindow: true, beamSize: 1, speechOnly: true)
        let result = try transcriber.transcribe(samples: samples, speech: regions, options: options)
        for segment in result.segments {
            print(
                String(
                    format: "%7.2f %7.2f %@ %@ %@", segment.start, segment.end, segment.language,
                    segment.flags.map(\.rawValue).joined(separator: ","), segment.text))
            #expect(!SegmentGuard.hasLoop(segment.tokens.filter { $0 < transcriber.model.tokenizer.endOfText }))
            #expect(!segment.flags.contains(.repetition))
        }
        let texts = result.segments.map { $0.text.trimmingCharacters(in: .whitespaces).lowercased() }
        #expect(zip(texts, texts.dropFirst()).filter { $0 == $1 }.count < 2, "the same segment text comes back again and again")
        #expect(result.language == "en")
        let french = try #require(placed.first { $0.file.hasPrefix("fr_") })
        let inFrench = result.segments.filter { $0.start < french.end && $0.end > french.start }
        #expect(!inFrench.isEmpty)
        for segment in inFrench {
            #expect(segment.language == "fr" || segment.needsReview, "\(segment.text)")
            #expect(segment.flags.contains(.otherLanguage) == (segment.language != "en"))
        }
        let english = result.segments.filter { !($0.start < french.end && $0.end > french.start) }
        #expect(english.allSatisfy { $0.language == "en" })
    }
}

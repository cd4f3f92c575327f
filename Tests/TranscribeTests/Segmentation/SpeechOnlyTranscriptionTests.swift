import Foundation
import Testing

@testable import Transcribe

/// Transcription of the speech regions only, on a recording with long silences inserted.
@Suite("Speech-only transcription", .serialized)
struct SpeechOnlyTranscriptionTests {
    static func transcribe(_ samples: [Float], wordTimestamps: Bool = true) throws -> Transcription {
        let vad = try SileroVAD(modelDirectory: SpeechTestFiles.vadModelDirectory)
        let regions = vad.speechRegions(samples: samples)
        let transcriber = Transcriber(model: try WhisperTestFiles.model("whisper-tiny.en"))
        let options = TranscriptionOptions(beamSize: 1, wordTimestamps: wordTimestamps, speechOnly: true)
        return try transcriber.transcribe(samples: samples, speech: regions, options: options)
    }

    @Test("no segment or word crosses an inserted silence, and times land on the clips")
    func silencesAreNotCrossed() throws {
        let concatenation = try Concatenation.load("silences")
        let (samples, placed) = try concatenation.build()
        let result = try Self.transcribe(samples)
        #expect(!result.segments.isEmpty)
        func clip(holding start: Double, _ end: Double) -> Int? {
            placed.firstIndex { start >= $0.start - 0.2 && end <= $0.end + 0.2 }
        }
        for segment in result.segments {
            #expect(
                clip(holding: segment.start, segment.end) != nil,
                "segment \(segment.start)–\(segment.end) crosses a silence: \(segment.text)")
            #expect(!segment.words.isEmpty)
            for word in segment.words {
                #expect(clip(holding: word.start, word.end) != nil, "word \(word.text) at \(word.start)–\(word.end)")
                #expect(word.start >= segment.start && word.end <= segment.end)
            }
        }
        // Every clip has words, and the clip with reference word timings keeps them, shifted by where it was placed.
        let words = result.segments.flatMap(\.words)
        for clip in placed {
            let inside = words.filter { $0.start >= clip.start - 0.2 && $0.end <= clip.end + 0.2 }
            #expect(inside.count >= 5, "\(clip.file) placed at \(clip.start) s has \(inside.count) words")
            if let first = inside.first, let last = inside.last {
                print("\(clip.file) placed at \(clip.start)–\(clip.end) s: words \(first.start)–\(last.end) s")
            }
        }
        let referenced = try #require(placed.first { $0.file == "en_librispeech_1272-128104-0000_picovoice.wav" })
        let reference = try #require(try WordReference.load().first { $0.sample == referenced.file })
        let shifted = reference.words.map {
            WordReference.Word(word: $0.word, start_sec: $0.start_sec + referenced.start, end_sec: $0.end_sec + referenced.start)
        }
        let (errors, matched) = WordReference.boundaryErrors(reference: shifted, words: words.map { ($0.text, $0.start, $0.end) })
        let median = WordReference.median(errors)
        print("word boundaries of the placed clip: \(matched)/\(shifted.count) matched, median error \(Int((median * 1000).rounded())) ms")
        #expect(matched >= shifted.count - 2)
        #expect(median <= 0.15)
    }

    @Test("packing cuts long silences, keeps short ones, and maps clip time back exactly")
    func packing() {
        let regions = [
            SpeechRegion(start: 1, end: 3), SpeechRegion(start: 4, end: 6), SpeechRegion(start: 10, end: 20),
            SpeechRegion(start: 30, end: 45),
        ]
        let windows = SpeechWindow.pack(regions, sampleCount: 50 * 16_000, maxSilence: 2, padding: 0.2)
        // 0.8–6.2 and 9.8–20.2 fit in 30 s (5.4 + 10.4); 29.8–45.2 (15.4) does not.
        #expect(windows.count == 2)
        #expect(windows[0].pieces.count == 2)
        #expect(windows[0].pieces[0].start == 12_800 && windows[0].pieces[0].end == 99_200)
        #expect(windows[0].pieces[1].clipStart == 86_400)
        #expect(windows[0].pieceIndex(at: 5.4) == 1)
        #expect(windows[0].pieceIndex(at: 5.4, isEnd: true) == 0)
        #expect(abs(windows[0].recordingTime(6.0, in: 1) - 10.4) < 1e-9)
        #expect(abs(windows[0].recordingTime(1.0, in: 0) - 1.8) < 1e-9)
        #expect(SpeechWindow.pack(regions, sampleCount: 50 * 16_000, separateStretches: true).count == 3)
    }
}

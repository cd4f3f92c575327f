import Foundation
import Media
import Testing

@testable import Transcribe

/// The one recording pipeline on recordings that look like interviews: long pauses, a forced
/// language, copies of one microphone, one microphone per speaker, a speaker count given.
@Suite("Recording pipeline", .serialized)
struct RecordingPipelineTests {
    static let pipeline = Result { () throws(PipelineError) in
        try RecordingPipeline(
            modelDirectory: WhisperTestFiles.modelDirectory("whisper-base"),
            modelsDirectory: WhisperTestFiles.repository.appendingPathComponent("models"))
    }

    /// Writes `channels` as a 16 kHz float WAV in a temporary folder.
    static func recording(_ name: String, _ channels: [[Float]]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-pipeline-tests", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name + ".wav")
        let writer = try AudioFileWriter(url: url, sampleRate: 16_000, channels: channels.count)
        try writer.append(channels)
        try writer.finish()
        return url
    }

    static func silence(_ seconds: Double) -> [Float] { [Float](repeating: 0, count: Int(seconds * 16_000)) }

    /// A one-word French segment from `start` to `end` seconds.
    static func segment(_ start: Double, _ end: Double) -> TranscriptionSegment {
        TranscriptionSegment(
            id: 0, start: start, end: end, text: " x", tokens: [], temperature: 0, avgLogProb: 0, compressionRatio: 1,
            noSpeechProb: 0, language: "fr")
    }

    static func run(_ url: URL, language: String?, speakers: PipelineOptions.Speakers = .none) throws -> RecordingTranscript {
        let options = PipelineOptions(
            transcription: TranscriptionOptions(language: language, wordTimestamps: true, speechOnly: true), speakers: speakers)
        return try pipeline.get().run(url: url, options: options)
    }

    @Test("speech after a long pause is transcribed", arguments: [30.0, 60.0])
    func speechAfterLongPause(pause: Double) throws {
        let clip = try WhisperTestFiles.samples("fr_picovoice_cheetah_test_fr_norm.wav")
        let url = try Self.recording("pause-\(Int(pause))", [clip + Self.silence(pause) + clip])
        let result = try Self.run(url, language: "fr")
        let second = Double(clip.count) / 16_000 + pause
        let before = result.transcription.segments.filter { $0.end <= second }
        let after = result.transcription.segments.filter { $0.start >= second - 0.3 }
        print(result.transcription.segments.map { "\($0.start)–\($0.end)\($0.text)" })
        #expect(before.map(\.text).joined().lowercased().contains("chiffre"))
        #expect(after.map(\.text).joined().lowercased().contains("chiffre"), "the utterance after \(pause) s of silence is missing")
        #expect(result.transcription.missedSpeech.isEmpty)
    }

    @Test("a forced language is the language decoded in every window")
    func forcedLanguage() throws {
        let first = try WhisperTestFiles.samples("fr_commonvoice_picovoice_test_fr.wav")
        let second = try WhisperTestFiles.samples("fr_picovoice_cheetah_test_fr_norm.wav")
        // Two short French utterances with half a minute between them, forced to French.
        let url = try Self.recording("forced-french", [Self.silence(1) + second + Self.silence(30) + first + Self.silence(1)])
        let result = try Self.run(url, language: "fr")
        #expect(result.transcription.segments.count >= 2)
        for segment in result.transcription.segments {
            #expect(segment.language == "fr", "decoded in \(segment.language): \(segment.text)")
        }
        let text = result.transcription.text.lowercased()
        #expect(text.contains("consul") && text.contains("chiffre"))
    }

    @Test("with the language detected, a French answer between English questions is transcribed in French")
    func languageSwitch() throws {
        let english = try WhisperTestFiles.samples("en_librispeech_1272-128104-0000_picovoice.wav")
        let french = try WhisperTestFiles.samples("fr_commonvoice_picovoice_test_fr.wav")
        let url = try Self.recording("switch", [Self.silence(1) + english + Self.silence(1.5) + french + Self.silence(1)])
        let result = try Self.run(url, language: nil)
        let start = 1 + Double(english.count) / 16_000 + 1.5
        let answer = result.transcription.segments.filter { $0.start >= start - 0.3 }
        #expect(result.transcription.language == "en")
        #expect(!answer.isEmpty && answer.allSatisfy { $0.language == "fr" }, "\(answer.map { ($0.language, $0.text) })")
        #expect(answer.map(\.text).joined().lowercased().contains("consulat"))
    }

    @Test("an answer in another language, lost by the windows in several pieces, is recovered whole")
    func lostAnswerRecovered() throws {
        let question = try WhisperTestFiles.samples("fr_commonvoice_picovoice_test_fr.wav")
        let pieces = try ["en_jfk_inaugural.flac", "en_librispeech_1272-128104-0000_picovoice.wav"].map(WhisperTestFiles.samples)
        // A French question, then an English answer in two utterances 0.7 s apart, then French again.
        let url = try Self.recording(
            "lost-answer",
            [Self.silence(1) + question + Self.silence(1) + pieces[0] + Self.silence(0.7) + pieces[1] + Self.silence(1) + question + Self.silence(1)])
        let result = try Self.run(url, language: nil)
        let text = result.transcription.text.lowercased()
        for word in ["americans", "country", "quilter", "apostle", "gospel", "consulat"] {
            #expect(text.contains(word), "\(word) is missing from \(text)")
        }
        #expect(result.transcription.missedSpeech.isEmpty)
    }

    @Test("lost regions close together are decoded as one run, never across text or a long silence")
    func lostRegionRuns() {
        let lost = [
            SpeechRegion(start: 10, end: 12), SpeechRegion(start: 12.5, end: 14),  // 0.5 s apart: one run
            SpeechRegion(start: 17, end: 18),  // 3 s after: a new run
            SpeechRegion(start: 19, end: 20),  // text at 18.2–18.8 between: a new run
            SpeechRegion(start: 21, end: 40), SpeechRegion(start: 41, end: 52),  // would span 31 s: two runs
        ]
        let runs = Transcriber.runs(of: lost, between: [Self.segment(18.2, 18.8)], maxGap: 2)
        #expect(runs.map(\.count) == [2, 1, 2, 1])
        #expect(runs.flatMap { $0 } == lost)
    }

    @Test("two channels that copy one microphone are one speaker")
    func duplicatedChannelIsOneSpeaker() throws {
        let clip = try WhisperTestFiles.samples("fr_commonvoice_picovoice_test_fr.wav")
        let mono = Self.silence(0.5) + clip + Self.silence(1) + clip + Self.silence(0.5)
        var generator = SystemRandomNumberGenerator()
        // A near copy: the same voice with a little noise (correlation about 0.98).
        let copy = mono.map { $0 + 0.01 * Float.random(in: -1...1, using: &generator) }
        let url = try Self.recording("duplicated", [mono, copy])
        let result = try Self.run(url, language: "fr", speakers: .estimate)
        #expect(result.speakerMethod == .embeddings)
        #expect(Set(result.transcription.segments.compactMap(\.speaker)) == ["S1"])
    }

    @Test("the speaker count given wins over one speaker per channel")
    func speakerCountWins() throws {
        let url = WhisperTestFiles.sample("en_stereo_2spk_faster-whisper.wav")
        let estimated = try Self.run(url, language: "en", speakers: .estimate)
        #expect(estimated.speakerMethod == .channels)
        #expect(Set(estimated.transcription.segments.compactMap(\.speaker)) == ["S1", "S2"])
        let one = try Self.run(url, language: "en", speakers: .count(1))
        #expect(one.speakerMethod == .single)
        #expect(one.transcription.segments.allSatisfy { $0.speaker == "S1" })
    }

    @Test("speech regions without text are found")
    func uncoveredRegions() {
        let regions = [SpeechRegion(start: 1, end: 3), SpeechRegion(start: 40, end: 42), SpeechRegion(start: 50, end: 50.2)]
        let missing = Transcriber.uncovered(regions, by: [Self.segment(1.2, 2.9)])
        // The second region has no text; the third is too short to count as an utterance.
        #expect(missing == [SpeechRegion(start: 40, end: 42)])
    }
}

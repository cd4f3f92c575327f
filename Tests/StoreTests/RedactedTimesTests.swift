import Foundation
import Pseudonymisation
import Testing

@testable import Store

/// The audio times a redacted copy silences: from the first to the last word a span covers,
/// widened by the margin; the whole segment where its words cannot be placed.
@Suite("Redacted times of a recording")
struct RedactedTimesTests {
    static let first = "Le docteur Kerhervé au CHU de Nantes."
    static let second = "Appelez Claire demain."

    static func bundle(secondWords: [(String, Double, Double)]) -> RecordingBundle {
        let recording = Recording(id: 1, studyID: 1, title: "E", mediaPath: "/m.wav", fileHash: "h", container: "wav")
        let transcript = Transcript(
            id: 7, recordingID: 1, version: 1, engine: "whisper", model: "m", language: "fr", status: .reviewed,
            text: first + "\n" + second)
        let firstLength = first.unicodeScalars.count
        let segments = [
            Segment(id: 10, transcriptID: 7, position: 0, start: 0, end: 4, speakerID: nil, text: first, confidence: nil, charStart: 0, charEnd: firstLength),
            Segment(
                id: 11, transcriptID: 7, position: 1, start: 5, end: 8, speakerID: nil, text: second, confidence: nil,
                charStart: firstLength + 1, charEnd: firstLength + 1 + second.unicodeScalars.count),
        ]
        let firstWords = [("Le", 0.0, 0.2), ("docteur", 0.2, 0.7), ("Kerhervé", 0.7, 1.3), ("au", 1.3, 1.5), ("CHU", 1.5, 1.9), ("de", 1.9, 2.0), ("Nantes.", 2.0, 2.6)]
        var words: [Word] = []
        for (segment, list) in [(Int64(10), firstWords), (11, secondWords)] {
            for (position, word) in list.enumerated() {
                words.append(Word(id: Int64(words.count + 100), segmentID: segment, position: position, start: word.1, end: word.2, text: word.0, probability: 0.9))
            }
        }
        return RecordingBundle(recording: recording, participants: [], transcript: transcript, speakers: [], segments: segments, words: words, codings: [])
    }

    static func span(_ needle: String, in text: String, offset: Int = 0, state: Redaction.State = .accepted) -> Redaction {
        let scalars = Array(text.unicodeScalars), wanted = Array(needle.unicodeScalars)
        let start = (0...(scalars.count - wanted.count)).first { Array(scalars[$0..<($0 + wanted.count)]) == wanted }!
        return Redaction(
            transcriptID: 7, charStart: offset + start, charEnd: offset + start + wanted.count, text: needle, kind: .person, reason: "t",
            origin: .detector, state: state, pseudonym: "[X]")
    }

    @Test func wordsGiveTheTimesWithTheMargin() {
        let bundle = Self.bundle(secondWords: [("Appelez", 5.0, 5.5), ("Claire", 5.5, 6.0), ("demain.", 6.0, 6.6)])
        let offset = Self.first.unicodeScalars.count + 1
        let times = bundle.redactedTimes(
            [
                Self.span("Kerhervé", in: Self.first), Self.span("CHU de Nantes", in: Self.first),
                Self.span("Claire", in: Self.second, offset: offset),
                Self.span("docteur", in: Self.first, state: .rejected), Self.span("Le", in: Self.first, state: .proposed),
            ], margin: 0.1)
        let rounded = times.map { (($0.lowerBound * 100).rounded() / 100, ($0.upperBound * 100).rounded() / 100) }
        #expect(rounded.map(\.0) == [0.6, 1.4, 5.4])
        #expect(rounded.map(\.1) == [1.4, 2.7, 6.1])
    }

    @Test func wordsThatCannotBePlacedCoverTheirSegmentOrTheirOwnTimes() {
        let offset = Self.first.unicodeScalars.count + 1
        // The engine wrote "Claire's" where the text says "Claire": the word holds the name, so its times go.
        let normalised = Self.bundle(secondWords: [("Appelez", 5.0, 5.5), ("Claire's", 5.5, 6.0), ("demain", 6.0, 6.6)])
        let own = normalised.redactedTimes([Self.span("Claire", in: Self.second, offset: offset)], margin: 0)
        #expect(own == [5.5..<6.0])
        // No word of the segment holds the name: the whole segment goes.
        let unrelated = Self.bundle(secondWords: [("Bonjour", 5.0, 5.5)])
        #expect(unrelated.redactedTimes([Self.span("Claire", in: Self.second, offset: offset)], margin: 0) == [5.0..<8.0])
        // Another transcript version's spans do not count.
        var foreign = Self.span("Kerhervé", in: Self.first)
        foreign.transcriptID = 8
        #expect(unrelated.redactedTimes([foreign]).isEmpty)
    }
}

import Foundation
import Testing
import Transcribe

/// Fixture written by tools/diarization/score_der.py --fixture: hypotheses for the telephone
/// sample's reference (synthetic variations and one output of Verbatim's diarizer) scored by
/// pyannote.metrics' DiarizationErrorRate(collar=0.25).
private struct DERFixture: Decodable {
    struct Hypothesis: Decodable {
        var der: Double
        var false_alarm: Double
        var missed: Double
        var confusion: Double
        var total: Double
        var turns: [[TurnField]]
    }
    enum TurnField: Decodable {
        case number(Double), text(String)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else {
                self = .text(try container.decode(String.self))
            }
        }
    }
    var collar: Double
    var hypotheses: [String: Hypothesis]

    static func load() throws -> DERFixture {
        try JSONDecoder().decode(DERFixture.self, from: Data(contentsOf: SpeechTestFiles.fixture("Speakers", "der_pyannote.json")))
    }
}

private func turns(_ fields: [[DERFixture.TurnField]]) -> [SpeakerTurn] {
    fields.compactMap { turn in
        guard turn.count == 3, case .number(let start) = turn[0], case .number(let end) = turn[1], case .text(let speaker) = turn[2]
        else { return nil }
        return SpeakerTurn(start: start, end: end, speaker: speaker)
    }
}

@Suite struct DiarizationErrorRateTests {
    static func reference() throws -> [SpeakerTurn] {
        try SpeechTestFiles.rttmTurns("en_diar_pyannote_sample.rttm").map { SpeakerTurn(start: $0.start, end: $0.end, speaker: $0.speaker) }
    }

    /// The Swift DER equals pyannote.metrics' on every fixture hypothesis (components to 1 ms).
    @Test func matchesPyannoteMetrics() throws {
        let fixture = try DERFixture.load()
        let reference = try Self.reference()
        #expect(fixture.hypotheses.count >= 6)
        for (name, expected) in fixture.hypotheses {
            let hypothesis = turns(expected.turns)
            #expect(hypothesis.count == expected.turns.count, "\(name)")
            let result = DiarizationErrorRate(reference: reference, hypothesis: hypothesis, collar: fixture.collar)
            #expect(abs(result.value - expected.der) < 1e-4, "\(name): \(result.value) vs \(expected.der)")
            #expect(abs(result.falseAlarm - expected.false_alarm) < 1e-3, "\(name)")
            #expect(abs(result.missed - expected.missed) < 1e-3, "\(name)")
            #expect(abs(result.confusion - expected.confusion) < 1e-3, "\(name)")
            #expect(abs(result.total - expected.total) < 1e-3, "\(name)")
        }
    }

    @Test func perfectAndEmptyHypotheses() throws {
        let reference = try Self.reference()
        #expect(DiarizationErrorRate(reference: reference, hypothesis: reference).value == 0)
        let empty = DiarizationErrorRate(reference: reference, hypothesis: [])
        #expect(abs(empty.value - 1) < 1e-9)
        #expect(DiarizationErrorRate(reference: [], hypothesis: []).value == 0)
    }
}

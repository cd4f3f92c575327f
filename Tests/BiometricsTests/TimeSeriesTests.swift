import Foundation
import Testing

@testable import Biometrics

@Suite struct TimeSeriesTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func regularTimingOffsetsAndWindows() {
        let s = TimeSeries(source: "t", kind: .eda, label: "EDA", unit: "uS", start: Self.start, timing: .regular(hz: 4), values: [1, 2, .nan, 4, 5, 6])
        #expect(s.sampleRate == 4 && s.offsets == nil)
        #expect(s.duration == 1.5 && s.end == Self.start.addingTimeInterval(1.5))
        #expect(s.offset(at: 3) == 0.75)
        #expect(s.validCount == 5)
        #expect(s.samples(fromOffset: 0.25, toOffset: 1.0).map(\.value) == [2, 4])  // the gap is left out
        #expect(s.shifted(by: 2).start == Self.start.addingTimeInterval(2))
    }

    @Test func irregularTimingWindows() {
        let s = TimeSeries(source: "t", kind: .rrInterval, label: "IBI", unit: "s", start: Self.start,
                           timing: .irregular(offsets: [0.5, 1.3, 2.0, 5.0]), values: [0.8, 0.8, 0.7, 0.75])
        #expect(s.sampleRate == nil && s.offsets == [0.5, 1.3, 2.0, 5.0])
        #expect(s.samples(fromOffset: 1.3, toOffset: 5.0).map(\.offset) == [1.3, 2.0])
        #expect(s.duration == 4.5)
    }

    @Test func identityIsBitwiseSoGapsCompareEqual() {
        let a = TimeSeries(source: "t", kind: .heartRate, label: "HR", unit: "bpm", start: Self.start, timing: .regular(hz: 1), values: [60, .nan, 61])
        var b = a
        #expect(a == b && a.hashValue == b.hashValue)
        b.values[1] = 62
        #expect(a != b)
    }

    @Test func codableRoundTripIsLossless() throws {
        let e4 = try EmpaticaE4Importer(participant: "P-014").read(Samples.sample("empatica_e4_flirt"))
        var streams = e4.streams
        streams[0].values[5] = .nan  // a gap survives too
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let back = try decoder.decode([TimeSeries].self, from: encoder.encode(streams))
        #expect(back == streams)
    }
}

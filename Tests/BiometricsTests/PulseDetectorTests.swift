import Foundation
import Testing

@testable import Biometrics

/// Agreement with HeartPy 1.2.7 (Fixtures/features_reference.json, key "ppg", written by
/// tools/biometrics/oracle.py) on the real ring PPG and the E4 BVP.
@Suite struct PulseDetectorTests {
    static let ring = Result {
        try CSVImporter(options: .init(sampleRate: 32, start: Date(timeIntervalSince1970: 0), kind: .bvp)).read(Samples.sample("ppg/ring_data.csv")).streams[0]
    }

    @Test func bandpassMatchesScipyFiltfilt() throws {
        let reference = try Samples.json("features_reference.json").dict("ppg").dict("filter_ring_180s")
        let ring = try Self.ring.get()
        let segment = Array(ring.values[(180 * 32)..<(240 * 32)])
        let filtered = ButterworthFilter.bandpass(order: 3, low: 0.7, high: 3.5, sampleRate: 32).filtfilt(segment)
        let head = reference.doubles("head")
        let scale: Double = filtered.reduce(0) { max($0, abs($1)) }
        let worst: Double = zip(filtered, head).reduce(0) { max($0, abs($1.0 - $1.1)) }
        #expect(worst < 1e-9 * scale)
        let sumAbs = (reference["sum_abs"] as! NSNumber).doubleValue
        let mySum: Double = filtered.reduce(0) { $0 + abs($1) }
        #expect(abs(mySum - sumAbs) < 1e-9 * sumAbs)
    }

    @Test func lowpassHasUnitDCGain() {
        let f = ButterworthFilter.lowpass(order: 4, cutoff: 1, sampleRate: 32)
        let gain: Double = f.b.reduce(0, +) / f.a.reduce(0, +)
        #expect(abs(gain - 1) < 1e-12)
        let out = f.filtfilt([Double](repeating: 3, count: 200))
        #expect(out.allSatisfy { abs($0 - 3) < 1e-9 })
    }

    func compare(_ stream: TimeSeries, _ segments: [[String: Any]], rate: Double) -> (identical: Int, worstBPM: Double) {
        let filter = ButterworthFilter.bandpass(order: 3, low: 0.7, high: 3.5, sampleRate: rate)
        var identical = 0, worst = 0.0
        for row in segments {
            let start = row["start"] as! Int
            let chunk = Array(stream.values[start..<(start + Int(60 * rate))])
            let mine = PulseDetector.detect(filter.filtfilt(chunk), sampleRate: rate)
            if row["failed"] as! Bool {
                if mine == nil { identical += 1 }
                continue
            }
            guard let mine else { continue }
            let bpm = (row["bpm"] as? NSNumber)?.doubleValue ?? .nan
            let sdnn = (row["sdnn"] as? NSNumber)?.doubleValue ?? .nan
            let rmssd = (row["rmssd"] as? NSNumber)?.doubleValue ?? .nan
            worst = max(worst, abs(mine.bpm - bpm))
            if mine.peaks == row["peaks"] as! [Int], mine.accepted == (row["accepted"] as! [Int]).map({ $0 == 1 }),
               mine.raise == row["best"] as! Int, abs(mine.bpm - bpm) < 1e-9,
               abs(mine.sdnn - sdnn) < 1e-9, abs(mine.rmssd - rmssd) < 1e-9 || (mine.rmssd.isNaN && rmssd.isNaN) {
                identical += 1
            }
        }
        return (identical, worst)
    }

    @Test func ringSegmentsMatchHeartPy() throws {
        let segments = try Samples.json("features_reference.json").dict("ppg")["ring"] as! [[String: Any]]
        #expect(segments.count == 42)
        let (identical, worst) = compare(try Self.ring.get(), segments, rate: 32)
        #expect(identical == segments.count, "identical \(identical) of \(segments.count), worst bpm difference \(worst)")
    }

    @Test func e4BVPSegmentsMatchHeartPy() throws {
        let segments = try Samples.json("features_reference.json").dict("ppg")["e4_bvp"] as! [[String: Any]]
        let bvp = try #require(try EmpaticaE4Importer().read(Samples.sample("empatica_e4_flirt")).stream(.bvp))
        let (identical, worst) = compare(bvp, segments, rate: 64)
        #expect(identical == segments.count, "identical \(identical) of \(segments.count), worst bpm difference \(worst)")
    }

    @Test func beatStreamFromRingPPG() throws {
        let ring = try Self.ring.get()
        let reference = try Samples.json("features_reference.json").dict("ppg")["ring"] as! [[String: Any]]
        let result = try #require(PulseDetector.beats(in: ring))
        #expect(result.segments.count == reference.filter { !($0["failed"] as! Bool) }.count)
        let beats = result.intervals
        #expect(beats.kind == .rrInterval && beats.count == result.segments.reduce(0) { $0 + $1.intervals.count })
        #expect(beats.values.allSatisfy { $0 > 0.25 && $0 < 2.0 })
        #expect(zip(beats.offsets!.dropFirst(), beats.offsets!).allSatisfy { $0 > $1 })
    }
}

import Foundation
import Testing

@testable import Biometrics

/// Agreement with NeuroKit2 (and numpy for ENMO) on the sample files; the reference values are in
/// Fixtures/features_reference.json, written by tools/biometrics/oracle.py.
@Suite struct FeatureOracleTests {
    static let e4 = Result { try EmpaticaE4Importer().read(Samples.sample("empatica_e4_flirt")) }

    @Test func hrvWindowsOnE4BeatsMatchNeuroKit() throws {
        let reference = try Samples.json("features_reference.json")["hrv_e4"] as! [[String: Any]]
        let ibi = try #require(try Self.e4.get().stream(.rrInterval))
        let windows = HeartRateVariability.windows(ibi, length: 60)
        let byStart = Dictionary(uniqueKeysWithValues: windows.map { ($0.start.timeIntervalSince(ibi.start), $0.summary) })
        #expect(windows.filter { $0.summary.beats >= 3 && $0.summary.successivePairs >= 2 }.count == reference.count)
        var worst = 0.0
        for row in reference {
            let start = (row["window_start"] as! NSNumber).doubleValue
            let s = try #require(byStart[start], "window at \(start)")
            let n = (row["n_successive"] as! NSNumber).intValue
            #expect(s.beats == (row["n"] as! NSNumber).intValue)
            #expect(s.successivePairs == n)
            let pairs: [(Double, Double)] = [
                (s.meanNN, (row["MeanNN"] as! NSNumber).doubleValue), (s.sdnn, (row["SDNN"] as! NSNumber).doubleValue),
                (s.rmssd ?? .nan, (row["RMSSD"] as! NSNumber).doubleValue),
                // NeuroKit2 divides NN50 by pairs + 1; ours by the pairs.
                (s.pnn50 ?? .nan, (row["pNN50"] as! NSNumber).doubleValue * Double(n + 1) / Double(n)),
            ]
            for (mine, theirs) in pairs { worst = max(worst, abs(mine - theirs) / max(1, abs(theirs))) }
        }
        #expect(worst < 1e-9, "largest relative difference \(worst)")
    }

    @Test func hrvOnFITBeatsMatchesNeuroKit() throws {
        let row = try Samples.json("features_reference.json").dict("hrv_fit")
        let rr = try #require(try FITImporter().read(Samples.sample("fit/garmin-fenix-5-run.fit")).stream(.rrInterval))
        let s = try #require(HeartRateVariability.summary(intervals: rr.values, times: rr.offsets))
        #expect(s.beats == 113 && s.successivePairs == 112)
        #expect(abs(s.meanNN - (row["MeanNN"] as! NSNumber).doubleValue) < 1e-9)
        #expect(abs(s.sdnn - (row["SDNN"] as! NSNumber).doubleValue) < 1e-9)
        #expect(abs(s.rmssd! - (row["RMSSD"] as! NSNumber).doubleValue) < 1e-9)
        #expect(abs(s.pnn50! - (row["pNN50"] as! NSNumber).doubleValue * 113 / 112) < 1e-9)
        #expect(abs(s.heartRate - 60_000 / s.meanNN) < 1e-12)
    }

    @Test func edaTonicAndResponsesMatchNeuroKit() throws {
        let reference = try Samples.json("features_reference.json").dict("eda_e4")
        let eda = try #require(try Self.e4.get().stream(.eda))
        let analysis = try #require(ElectrodermalActivity.analyze(eda))
        let tonic = reference.doubles("tonic_every_40")
        let mine = stride(from: 0, to: eda.count, by: 40).map { analysis.tonic.values[$0] }
        #expect(mine.count == tonic.count)
        #expect(zip(mine, tonic).map { abs($0 - $1) }.max()! < 1e-12)
        let peaks = reference["peaks"] as! [Int]
        let onsets = reference["onsets"] as! [Int?]
        let amplitudes = reference["amplitudes"] as! [Any]
        // NeuroKit keeps a peak with no onset (amplitude NaN); we drop it.
        let valid = (0..<peaks.count).filter { onsets[$0] != nil }
        #expect(analysis.responses.map(\.peakIndex) == valid.map { peaks[$0] })
        #expect(analysis.responses.map(\.onsetIndex) == valid.map { onsets[$0]! })
        let worst = zip(analysis.responses, valid).map { abs($0.amplitude - ($1 < amplitudes.count ? (amplitudes[$1] as! NSNumber).doubleValue : .nan)) }.max() ?? 0
        #expect(worst < 1e-12)
        #expect(analysis.responses.count > 100)
    }

    @Test func enmoMatchesNumpy() throws {
        let reference = try Samples.json("features_reference.json").dict("enmo_e4").doubles("mg")
        let r = try Self.e4.get()
        let enmo = try #require(ActivityCounts.enmo(x: r.stream(.accX)!, y: r.stream(.accY)!, z: r.stream(.accZ)!, epoch: 60))
        #expect(enmo.values.count == reference.count)
        #expect(zip(enmo.values, reference).map { abs($0 - $1) }.max()! < 1e-9)
        #expect(enmo.unit == "mg" && enmo.sampleRate == 1.0 / 60)
    }
}

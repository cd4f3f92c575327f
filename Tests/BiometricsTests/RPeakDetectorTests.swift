import Foundation
import Testing

@testable import Biometrics

/// R peaks, heart rate and HRV from ECG streams against NeuroKit2's defaults (`ecg_clean`,
/// `ecg_peaks`, `hrv_time`), in Fixtures/ecg_reference.json written by tools/biometrics/ecg_oracle.py:
/// on the WFDB record synth16 and its ECG as an EDF, NeuroKit2 finds 23 R peaks, 69.96 bpm,
/// SDNN 14.80 ms and RMSSD 16.45 ms.
@Suite struct RPeakDetectorTests {
    static func ecg(_ name: String) throws -> TimeSeries {
        let result =
            name == "wfdb_synth16"
            ? try WFDBImporter().read(Samples.fixture("wfdb/synth16.hea")) : try EDFImporter().read(Samples.fixture("edf/synth_ecg.edf"))
        return try #require(result.stream(.ecg))
    }

    @Test(arguments: ["wfdb_synth16", "edf_synth_ecg"])
    func peaksHeartRateAndHRVMatchNeuroKit(record: String) throws {
        let reference = try Samples.json("ecg_reference.json").dict(record)
        let ecg = try Self.ecg(record)
        let rate = try #require(ecg.sampleRate)
        #expect(rate == reference["fs"] as? Double)
        let cleaned = RPeakDetector.clean(ecg.values, sampleRate: rate)
        let head = reference.doubles("clean_head")
        #expect(zip(cleaned, head).map { abs($0 - $1) }.max()! < 1e-6)
        #expect(RPeakDetector.peaks(cleaned: cleaned, sampleRate: rate) == reference["peaks"] as? [Int])
        let intervals = try #require(RPeakDetector.intervals(ecg))
        #expect(intervals.kind == .rrInterval && intervals.count == (reference["peaks"] as! [Int]).count - 1)
        let hrv = try #require(HeartRateVariability.summary(intervals: intervals.values, times: intervals.offsets))
        let mean = (reference["HR"] as! NSNumber).doubleValue, rmssd = (reference["RMSSD"] as! NSNumber).doubleValue
        let sdnn = (reference["SDNN"] as! NSNumber).doubleValue
        #expect(abs(hrv.heartRate - mean) < 1)  // the bound; equal peaks make them equal
        #expect(abs(hrv.rmssd! - rmssd) / rmssd < 0.05)
        #expect(abs(hrv.sdnn - sdnn) < 1e-9 && abs(hrv.rmssd! - rmssd) < 1e-9)
    }

    /// A gap (NaN) splits the stream: no interval spans it, and each side keeps its beats.
    @Test func gapsSplitTheSearch() throws {
        var ecg = try Self.ecg("wfdb_synth16")
        for i in 2400..<2600 { ecg.values[i] = .nan }
        let intervals = try #require(RPeakDetector.intervals(ecg))
        #expect(intervals.count >= 18)
        #expect(intervals.values.allSatisfy { $0 > 0.7 && $0 < 1 })
    }
}

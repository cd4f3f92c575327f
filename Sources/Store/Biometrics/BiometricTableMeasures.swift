import Biometrics
import Foundation

/// One participant's measures for every unit of a ``BiometricTable``, computed with the
/// Biometrics module's features from the streams read over the recording.
struct BiometricTableMeasures {
    var heartRate: [IntervalStatistics]?
    var heartRateSource: String?
    var heartRateCoverage: [Double]?
    var hrv: [HRVSummary?]?
    var beatSource: String?
    var beats: [IntervalStatistics]?
    var eda: [IntervalStatistics]?
    var responses: [IntervalStatistics]?
    var activity: [IntervalStatistics]?
    var activityCoverage: [Double]?

    init(wearer: RecordingWearables.Wearer, intervals: [TimelineInterval], clock: RecordingClock) {
        func statistics(_ series: TimeSeries) -> [IntervalStatistics] {
            Alignment.statistics(streams: [series], intervals: intervals, clock: clock)
        }
        // Beats: the device's beat intervals, else R peaks detected in ECG, else pulses detected in BVP.
        var beats: TimeSeries?  // the beat intervals found
        if let rr = wearer.best(.rrInterval) {
            beats = rr.series
            beatSource = ChannelKind.rrInterval.rawValue
        } else if let ecg = wearer.best(.ecg), let detected = RPeakDetector.intervals(ecg.series), detected.count > 0 {
            beats = detected
            beatSource = ChannelKind.ecg.rawValue
        } else if let bvp = wearer.best(.bvp), let detected = PulseDetector.beats(in: bvp.series) {
            beats = detected.intervals
            beatSource = ChannelKind.bvp.rawValue
        }
        if let beats {
            self.beats = statistics(beats)
            hrv = Alignment.heartRateVariability(beats, intervals: intervals, clock: clock)
        }
        // Heart rate: the device's, else from the beats.
        if let hr = wearer.best(.heartRate) {
            heartRate = statistics(hr.series)
            heartRateSource = ChannelKind.heartRate.rawValue
            heartRateCoverage = heartRate!.map(\.coverage)
        } else if let beats {
            heartRate = statistics(HeartRateVariability.heartRate(from: beats))
            heartRateSource = beatSource
            heartRateCoverage = self.beats?.map(\.coverage)
        }
        if let stream = wearer.best(.eda) {
            eda = statistics(stream.series)
            if let analysis = ElectrodermalActivity.analyze(stream.series) { responses = statistics(analysis.responseStream) }
        }
        if let x = wearer.best(.accX), let y = wearer.best(.accY), let z = wearer.best(.accZ),
            let enmo = ActivityCounts.enmo(x: x.series, y: y.series, z: z.series, epoch: 1)
        {
            activity = statistics(enmo)
            activityCoverage = statistics(x.series).map(\.coverage)
        }
    }

    /// Writes the measures of unit `index` into `row`.
    func fill(_ row: inout BiometricTableRow, at index: Int) {
        if let heartRate {
            row.heartRateMean = heartRate[index].mean
            row.heartRateMin = heartRate[index].min
            row.heartRateMax = heartRate[index].max
            row.heartRateSource = heartRateSource
            row.heartRateCoverage = heartRateCoverage?[index]
        }
        if let beats {
            row.rmssd = hrv?[index]?.rmssd
            row.beats = beats[index].count
            row.beatSource = beatSource
            row.beatCoverage = beats[index].coverage
        }
        if let eda {
            row.edaMean = eda[index].mean
            row.edaCoverage = eda[index].coverage
            row.scrCount = responses?[index].count ?? 0
            row.scrAmplitudeMean = responses?[index].mean
        }
        if let activity {
            row.activityMean = activity[index].mean
            row.activityCoverage = activityCoverage?[index]
        }
    }
}

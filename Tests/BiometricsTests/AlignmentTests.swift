import Foundation
import Testing

@testable import Biometrics

@Suite struct AlignmentTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    func heartRate(_ values: [Double]) -> TimeSeries {
        TimeSeries(source: "test", kind: .heartRate, label: "HR", unit: "bpm", start: Self.t0, timing: .regular(hz: 1), values: values)
    }

    @Test func perIntervalStatisticsOnARegularStream() {
        // 60, 61, ..., 99 bpm at 1 Hz; the recording starts 10 s after the stream.
        let hr = heartRate((0..<40).map { 60 + Double($0) })
        let clock = RecordingClock(wallClockStart: Self.t0.addingTimeInterval(10))
        let rows = Alignment.statistics(streams: [hr], intervals: [
            .init(start: 0, end: 5, label: "A"), .init(start: 5, end: 15, label: "B"), .init(start: 25, end: 35, label: "late"),
        ], clock: clock)
        #expect(rows.map(\.count) == [5, 10, 5])
        #expect(rows[0].mean == 72 && rows[0].min == 70 && rows[0].max == 74 && rows[0].coverage == 1)
        #expect(rows[1].mean == 79.5 && rows[1].min == 75 && rows[1].max == 84)
        #expect(rows[2].coverage == 0.5 && rows[2].max == 99)  // the stream ends halfway
    }

    @Test func gapsLowerCoverageAndAreNotAveraged() {
        var values = (0..<20).map { _ in 70.0 }
        values[2] = .nan
        values[3] = .nan
        values[4] = 100
        let rows = Alignment.statistics(streams: [heartRate(values)], intervals: [.init(start: 0, end: 10, label: "x")],
                                        clock: RecordingClock(wallClockStart: Self.t0))
        #expect(rows[0].count == 8 && rows[0].coverage == 0.8)
        #expect(rows[0].mean == (7 * 70 + 100) / 8.0)
    }

    @Test func syncMarkerCorrectsTheClock() {
        // The media's clock says 12:00:00; a tag pressed at device time 12:00:42 is heard 40 s into the media.
        let start = Self.t0
        let clock = RecordingClock(wallClockStart: start, syncMarker: start.addingTimeInterval(42), secondsIntoRecording: 40)
        #expect(clock.offset == 2)
        #expect(clock.absolute(40) == start.addingTimeInterval(42))
        #expect(clock.position(of: start.addingTimeInterval(42)) == 40)
        let hr = heartRate((0..<60).map(Double.init))
        let rows = Alignment.statistics(streams: [hr], intervals: [.init(start: 10, end: 11, label: "x")], clock: clock)
        #expect(rows[0].mean == 12)  // sample at stream second 12
    }

    @Test func beatCoverageAndHRVPerInterval() throws {
        // Beats every 0.8 s, one dropped beat after 8 s (a 1.6 s gap in the times).
        var times: [Double] = [], rr: [Double] = []
        var t = 0.0
        for i in 0..<30 {
            let interval = i % 2 == 0 ? 0.78 : 0.82
            t += interval
            if i == 10 { continue }
            times.append(t)
            rr.append(interval)
        }
        let beats = TimeSeries(source: "test", kind: .rrInterval, label: "IBI", unit: "s", start: Self.t0, timing: .irregular(offsets: times), values: rr)
        let clock = RecordingClock(wallClockStart: Self.t0)
        let rows = Alignment.statistics(streams: [beats], intervals: [.init(start: 0, end: 8, label: "a"), .init(start: 0, end: 20, label: "b")], clock: clock)
        // Nine beats fall in [0, 8) (the tenth lands on 8.0 s), but its interval [7.18, 8.0] covers the rest.
        #expect(rows[0].count == 9 && abs(rows[0].coverage - 1) < 1e-9)
        #expect(abs(rows[1].coverage - (20 - 0.78) / 20) < 1e-9)  // the dropped beat's 0.78 s is uncovered
        let hrv = Alignment.heartRateVariability(beats, intervals: [.init(start: 0, end: 20, label: "b")], clock: clock)
        let s = try #require(hrv[0])
        #expect(s.successivePairs == s.beats - 2)  // the pair across the dropped beat is not successive
        #expect(abs(s.rmssd! - 40) < 1e-9)  // every successive difference is ±40 ms
    }

    @Test func realE4StreamsPerTurnAndCSV() throws {
        let e4 = try EmpaticaE4Importer(participant: "P-014").read(Samples.sample("empatica_e4_flirt"))
        let hr = try #require(e4.stream(.heartRate))
        let eda = try #require(e4.stream(.eda))
        let scr = try #require(ElectrodermalActivity.analyze(eda)).responseStream
        // An interview that starts 5 minutes into the wristband session; three turns.
        let clock = RecordingClock(wallClockStart: Date(timeIntervalSince1970: 1_560_279_825 + 300))
        let turns = [TimelineInterval(start: 0, end: 12.5, label: "SPEAKER_00"), .init(start: 12.5, end: 61, label: "SPEAKER_01, \"quoted\""),
                     .init(start: 61, end: 120, label: "SPEAKER_00")]
        let rows = Alignment.statistics(streams: [hr, eda, scr], intervals: turns, clock: clock)
        #expect(rows.count == 9)
        // HR samples at 1 Hz from session second 10: turn 0 covers session seconds [300, 312.5) → 13 samples.
        #expect(rows[0].count == 13)
        #expect(rows[0].mean == hr.values[290...302].reduce(0, +) / 13)
        #expect(rows[1].count == 50)  // EDA at 4 Hz over 12.5 s
        #expect(rows[3].count == 48)  // HR over [312.5, 361) session seconds → stream seconds 303...350
        for row in rows where row.kind != .eda || row.stream != "SCR amplitude" {
            #expect(row.min! <= row.mean! && row.mean! <= row.max!)
            #expect(abs(row.coverage - 1) < 0.03)
        }
        let scrCounts = rows.filter { $0.stream == "SCR amplitude" }.map(\.count)
        let expected = turns.map { turn in
            scr.offsets!.filter { $0 >= 300 + turn.start && $0 < 300 + turn.end }.count
        }
        #expect(scrCounts == expected)
        let csv = Alignment.csv(rows)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 10)
        #expect(lines[0] == "label,start,end,stream,kind,unit,source,n,mean,min,max,coverage")
        #expect(lines[4].hasPrefix("\"SPEAKER_01, \"\"quoted\"\"\",12.5,61.0,HR,heartRate,bpm,Empatica E4,48,"))
    }
}

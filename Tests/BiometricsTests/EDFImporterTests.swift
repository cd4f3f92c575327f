import Foundation
import Testing

@testable import Biometrics

@Suite struct EDFImporterTests {
    @Test func readsThePSGLikePyEDFlib() throws {
        let reference = try Samples.json("formats_reference.json").dict("psg")
        let result = try EDFImporter().read(Samples.sample("edf/sleepedf_SC4001E0_first5min_short_psg.edf"))
        #expect(result.format == .edf || result.format == .edfPlus)
        let labels = reference["labels"] as! [String]
        #expect(result.streams.map(\.label) == labels)
        #expect(result.streams.map(\.count) == (reference["n_samples"] as! [Int]))
        #expect(result.streams.map { $0.sampleRate! } == reference.doubles("rates"))
        #expect(result.streams.allSatisfy { $0.start == utc(reference["start"] as! String) })
        #expect(result.stream(.eeg)?.label == "EEG Fpz-Cz")
        let heads = reference.rows("head"), sums = reference.doubles("sums")
        for (i, stream) in result.streams.enumerated() {
            for (a, b) in zip(stream.values.prefix(5), heads[i]) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
            let sum = stream.values.reduce(0, +)
            #expect(abs(sum - sums[i]) <= 1e-6 * max(1, abs(sums[i])), "\(stream.label)")
        }
        #expect(result.omitted.count == 1)  // the patient field
    }

    @Test func readsTheHypnogramAnnotations() throws {
        let reference = try Samples.json("formats_reference.json").dict("hypnogram")
        let result = try EDFImporter().read(Samples.sample("edf/sleepedf_SC4001EC-Hypnogram.edf"))
        #expect(result.format == .edfPlus)
        #expect(result.streams.isEmpty)
        #expect(result.markers.count == reference["count"] as! Int)
        let start = utc(reference["start"] as! String)
        let first = reference["first"] as! [[Any]]
        for (marker, row) in zip(result.markers, first) {
            #expect(marker.time.timeIntervalSince(start) == (row[0] as! NSNumber).doubleValue)
            #expect(marker.duration == (row[1] as! NSNumber).doubleValue)
            #expect(marker.label == row[2] as! String)
        }
        let last = reference["last"] as! [Any]
        #expect(result.markers.last?.label == last[2] as? String)
        #expect(result.markers.last?.duration == (last[1] as! NSNumber).doubleValue)
    }

    @Test func readsA24BitBDFWithStatusAndAnnotations() throws {
        let reference = try Samples.json("formats_reference.json").dict("bdf")
        let result = try EDFImporter().read(Samples.fixture("bdf/synth.bdf"))
        #expect(result.format == .bdf)
        #expect(result.streams.map(\.label) == ["EEG Fz"])  // Status is decoded into markers
        let eeg = try #require(result.stream(.eeg))
        #expect(eeg.count == 1024 && eeg.sampleRate == 256)
        for (a, b) in zip(eeg.values, reference.doubles("eeg_head")) { #expect(abs(a - b) < 1e-6) }
        #expect(abs(eeg.values.reduce(0, +) - (reference["eeg_sum"] as! NSNumber).doubleValue) < 1e-3)
        #expect(result.markers.map(\.label) == ["stimulus", "trigger 1"])
        #expect(result.markers.first?.duration == 0.5)
        // The Status channel holds code 1 for samples 256..<266 at 256 Hz.
        #expect(result.markers.last?.time == eeg.start.addingTimeInterval(1))
        #expect(result.markers.last?.duration == 10.0 / 256)
        #expect(eeg.start == utc(reference["start"] as! String))
    }

    @Test func twoDigitYearRuleAndTALParsing() {
        let tals = EDFImporter.parseTALs(ArraySlice(Array("+0\u{14}\u{14}\0+30\u{15}30\u{14}Sleep stage W\u{14}\0\0\0".utf8)))
        #expect(tals == [.init(onset: 0, duration: nil, texts: []), .init(onset: 30, duration: 30, texts: ["Sleep stage W"])])
        #expect(EDFImporter.plusYear("Startdate 02-MAR-2002 X X X") == 2002)
        // dd.mm.yy: 84 → 2084, 85 → 1985.
        var header = [UInt8](try! Data(contentsOf: Samples.sample("edf/sleepedf_SC4001E0_first5min_short_psg.edf")))
        header.replaceSubrange(168..<176, with: Array("01.01.84".utf8))
        let late = try! EDFImporter().read(bytes: header, file: "x.edf")
        #expect(late.streams[0].start == CivilTime.date(year: 2084, month: 1, day: 1, hour: 16, minute: 13))
        header.replaceSubrange(168..<176, with: Array("01.01.85".utf8))
        let early = try! EDFImporter().read(bytes: header, file: "x.edf")
        #expect(early.streams[0].start == CivilTime.date(year: 1985, month: 1, day: 1, hour: 16, minute: 13))
    }

    @Test func truncatedFileIsRejectedOrKeepsCompleteRecords() throws {
        let bytes = [UInt8](try Data(contentsOf: Samples.sample("edf/sleepedf_SC4001E0_first5min_short_psg.edf")))
        let cut = Array(bytes.prefix(bytes.count - 1000))
        #expect { try EDFImporter().read(bytes: cut, file: "cut.edf") } throws: { ($0 as? ImportError)?.reason == .truncated }
        let partial = try EDFImporter(keepCompleteRecords: true).read(bytes: cut, file: "cut.edf")
        #expect(partial.notes.contains { $0.hasPrefix("truncated") })
        let full = try EDFImporter().read(bytes: bytes, file: "full.edf")
        #expect(partial.streams[0].count < full.streams[0].count)
        #expect(Array(partial.streams[0].values) == Array(full.streams[0].values.prefix(partial.streams[0].count)))
    }

    @Test func rejectsOtherFormats() {
        #expect { try EDFImporter().read(Samples.sample("fit/garmin-fenix-5-run.fit")) } throws: { ($0 as? ImportError)?.reason == .wrongFormat }
    }
}

/// An EDF+D file written byte by byte: a discontinuous recording keeps its gap as NaN.
@Suite struct EDFDiscontinuousTests {
    static func field(_ s: String, _ width: Int) -> [UInt8] { Array(s.utf8) + [UInt8](repeating: 0x20, count: width - s.utf8.count) }

    static func file() -> [UInt8] {
        var h = field("0", 8) + field("X X X X", 80) + field("Startdate 14-MAR-2026 X X X", 80) + field("14.03.26", 8) + field("09.30.15", 8)
        h += field("768", 8) + field("EDF+D", 44) + field("3", 8) + field("1", 8) + field("2", 4)
        for (a, b, w) in [("EEG test", "EDF Annotations", 16), ("", "", 80), ("uV", "", 8), ("-100", "-1", 8), ("100", "1", 8),
                          ("-100", "-32768", 8), ("100", "32767", 8), ("", "", 80), ("4", "20", 8), ("", "", 32)] {
            h += field(a, w) + field(b, w)
        }
        let tals = ["+0\u{14}\u{14}\0", "+1\u{14}\u{14}\0", "+3\u{14}\u{14}\0+3.5\u{15}0.5\u{14}blink\u{14}\0"]
        for (r, tal) in tals.enumerated() {
            for i in 0..<4 { let v = Int16(r * 10 + i); h += [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }
            h += Array(tal.utf8) + [UInt8](repeating: 0, count: 40 - tal.utf8.count)
        }
        return h
    }

    @Test func gapBetweenRecordsIsNaNAndAnnotationsAreKept() throws {
        let result = try EDFImporter(utcOffset: 3600).read(bytes: Self.file(), file: "d.edf")
        #expect(result.format == .edfPlus)
        let eeg = try #require(result.stream(.eeg))
        #expect(eeg.sampleRate == 4 && eeg.count == 16)
        #expect(Array(eeg.values[0..<8]) == [0, 1, 2, 3, 10, 11, 12, 13])
        #expect(eeg.values[8..<12].allSatisfy { $0.isNaN })
        #expect(Array(eeg.values[12...]) == [20, 21, 22, 23])
        // 09:30:15 at UTC+1 → 08:30:15 UTC; the four-digit year comes from the EDF+ recording field.
        #expect(eeg.start == CivilTime.date(year: 2026, month: 3, day: 14, hour: 8, minute: 30, second: 15))
        #expect(result.markers.map(\.label) == ["blink"])
        #expect(result.markers[0].time == eeg.start.addingTimeInterval(3.5) && result.markers[0].duration == 0.5)
        #expect(!result.notes.contains { $0.contains("time zone") })
    }
}

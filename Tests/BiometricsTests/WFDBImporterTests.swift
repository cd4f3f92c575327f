import Foundation
import Testing

@testable import Biometrics

@Suite struct WFDBImporterTests {
    @Test(arguments: ["synth16", "synth212"])
    func signalsMatchTheWfdbPackage(record: String) throws {
        let reference = try Samples.json("formats_reference.json").dict(record)
        let result = try WFDBImporter().read(Samples.fixture("wfdb/\(record).hea"))
        #expect(result.format == .wfdb)
        #expect(result.streams.map(\.label) == ["ECG", "RESP"])
        #expect(result.stream(.ecg) != nil && result.stream(.respiration) != nil)
        let head = reference.rows("p_signal_head"), tail = reference.rows("p_signal_tail"), sums = reference.doubles("p_signal_sum")
        for (s, stream) in result.streams.enumerated() {
            #expect(stream.count == reference["sig_len"] as! Int)
            #expect(stream.sampleRate == 250)
            #expect(stream.unit == "mV")
            #expect(stream.start == utc(reference["base_datetime"] as! String))
            for (a, b) in zip(stream.values.prefix(10), head[s]) { #expect(abs(a - b) < 1e-9) }
            for (a, b) in zip(stream.values.suffix(5), tail[s]) { #expect(abs(a - b) < 1e-9) }
            #expect(abs(stream.values.reduce(0, +) - sums[s]) < 1e-6)
        }
    }

    @Test func beatAnnotationsMatchTheWfdbPackage() throws {
        let reference = try Samples.json("formats_reference.json").dict("synth16_atr")
        let result = try WFDBImporter().read(Samples.fixture("wfdb/synth16"))
        let samples = reference["sample"] as! [Int], symbols = reference["symbol"] as! [String]
        #expect(result.markers.count == samples.count && samples.count > 20)
        let start = result.streams[0].start
        for (marker, (sample, symbol)) in zip(result.markers, zip(samples, symbols)) {
            #expect(abs(marker.time.timeIntervalSince(start) - Double(sample) / 250) < 1e-6)
            #expect(marker.label == symbol)
            #expect(marker.kind == .beat)
        }
        #expect(result.markers[3].label == "V")
    }

    @Test func format212PacksTwelveBitPairs() throws {
        // 0x801 (−2047) and 0x7FF (2047), then the invalid code −2048 and 1.
        let samples = try WFDBImporter.decode([0x01, 0x78, 0xFF, 0x00, 0x08, 0x01], format: 212, file: "x.dat")
        #expect(samples == [-2047, 2047, nil, 1])
    }

    @Test func missingDateAndTruncatedSignalsAreTypedErrors() throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dat = try Data(contentsOf: Samples.fixture("wfdb/synth16.dat"))
        try dat.prefix(1000).write(to: dir.appendingPathComponent("synth16.dat"))
        try Data(contentsOf: Samples.fixture("wfdb/synth16.hea")).write(to: dir.appendingPathComponent("synth16.hea"))
        #expect { try WFDBImporter().read(dir.appendingPathComponent("synth16.hea")) } throws: { ($0 as? ImportError)?.reason == .truncated }
        try "x 1 100\nx.dat 16 100/mV\n".write(to: dir.appendingPathComponent("x.hea"), atomically: true, encoding: .utf8)
        try Data([1, 0, 2, 0]).write(to: dir.appendingPathComponent("x.dat"))
        #expect { try WFDBImporter().read(dir.appendingPathComponent("x.hea")) } throws: { ($0 as? ImportError)?.reason == .needsInput }
        let given = try WFDBImporter(start: Date(timeIntervalSince1970: 0)).read(dir.appendingPathComponent("x.hea"))
        #expect(given.streams[0].values == [0.01, 0.02])
        #expect(given.streams[0].sampleRate == 100)
    }
}

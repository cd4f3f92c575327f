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

    /// The digital values of every signal of `bytes` (NaN for invalid samples), with gain 1 and baseline 0.
    static func decode(_ bytes: [UInt8], format: Int, signals: Int = 1) -> [[Double]] {
        let decoder = WFDBSampleDecoder(format: format, signals: signals)
        return bytes.withUnsafeBytes { raw in
            (0..<signals).map { decoder.decode(raw, signal: $0, frames: decoder.frameCount(byteCount: raw.count), gain: 1, baseline: 0) }
        }
    }

    static func same(_ a: [[Double]], _ b: [[Double]]) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy { x, y in x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } }
    }

    @Test func format212PacksTwelveBitPairs() throws {
        // 0x801 (−2047) and 0x7FF (2047), then the invalid code −2048 and 1; two trailing bytes hold one more sample (5).
        #expect(Self.same(Self.decode([0x01, 0x78, 0xFF, 0x00, 0x08, 0x01, 0x05, 0x00], format: 212), [[-2047, 2047, .nan, 1, 5]]))
        // The same bytes as two interleaved signals: frames (−2047, 2047), (invalid, 1); the odd sample is no frame.
        #expect(
            Self.same(
                Self.decode([0x01, 0x78, 0xFF, 0x00, 0x08, 0x01, 0x05, 0x00], format: 212, signals: 2), [[-2047, .nan], [2047, 1]]))
    }

    @Test func everyFormatDecodesItsSamplesAndInvalidCode() throws {
        // Two signals in format 16: frames (1, −2), (invalid, 300); a last odd byte is ignored.
        #expect(
            Self.same(
                Self.decode([0x01, 0x00, 0xFE, 0xFF, 0x00, 0x80, 0x2C, 0x01, 0x07], format: 16, signals: 2), [[1, .nan], [-2, 300]]))
        // Format 61 is big-endian.
        #expect(Self.same(Self.decode([0x01, 0x2C, 0x80, 0x00, 0xFF, 0xFE], format: 61), [[300, .nan, -2]]))
        // Format 80: offset binary, 0 invalid.
        #expect(Self.same(Self.decode([0x80, 0x81, 0x00, 0x7F], format: 80), [[0, 1, .nan, -1]]))
        // Formats 24 and 32: little-endian two's complement, the most negative value invalid.
        #expect(Self.same(Self.decode([0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x80, 0x10, 0x00, 0x00], format: 24), [[-1, .nan, 16]]))
        #expect(Self.same(Self.decode([0xFE, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x80], format: 32), [[-2, .nan]]))
    }

    @Test func physicalValuesUseGainAndBaseline() throws {
        let bytes: [UInt8] = [0xE8, 0x03, 0x00, 0x80]  // 1000, invalid
        let values = bytes.withUnsafeBytes {
            WFDBSampleDecoder(format: 16, signals: 1).decode($0, signal: 0, frames: 2, gain: 200, baseline: 1024)
        }
        #expect(values[0] == (1000.0 - 1024.0) / 200.0)
        #expect(values[1].isNaN)
    }

    @Test func missingDateAndTruncatedSignalsAreTypedErrors() throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dat = try Data(contentsOf: Samples.fixture("wfdb/synth16.dat"))
        try dat.prefix(1000).write(to: dir.appendingPathComponent("synth16.dat"))
        try Data(contentsOf: Samples.fixture("wfdb/synth16.hea")).write(to: dir.appendingPathComponent("synth16.hea"))
        #expect { try WFDBImporter().read(dir.appendingPathComponent("synth16.hea")) } throws: {
            ($0 as? ImportError)?.reason == .truncated
        }
        try "x 1 100\nx.dat 16 100/mV\n".write(to: dir.appendingPathComponent("x.hea"), atomically: true, encoding: .utf8)
        try Data([1, 0, 2, 0]).write(to: dir.appendingPathComponent("x.dat"))
        #expect { try WFDBImporter().read(dir.appendingPathComponent("x.hea")) } throws: { ($0 as? ImportError)?.reason == .needsInput }
        let given = try WFDBImporter(start: Date(timeIntervalSince1970: 0)).read(dir.appendingPathComponent("x.hea"))
        #expect(given.streams[0].values == [0.01, 0.02])
        #expect(given.streams[0].sampleRate == 100)
    }
}

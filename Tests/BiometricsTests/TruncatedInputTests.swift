import Foundation
import Testing

@testable import Biometrics

/// Files cut short are detected where the format allows it, and the user is told: never half the
/// data imported as if it were all.
@Suite struct TruncatedInputTests {
    /// A `.atr` without its end-of-file word lost annotations: an error, at an even cut (which the
    /// wfdb package reads silently) and at an odd one (where it raises).
    @Test(arguments: [24, 25, 46])
    func cutAnnotationFile(bytes count: Int) throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for ext in ["hea", "dat"] {
            try Data(contentsOf: Samples.fixture("wfdb/synth16.\(ext)")).write(to: dir.appendingPathComponent("synth16.\(ext)"))
        }
        let atr = try Data(contentsOf: Samples.fixture("wfdb/synth16.atr"))
        #expect(atr.count == 48 && count < atr.count)
        try atr.prefix(count).write(to: dir.appendingPathComponent("synth16.atr"))
        #expect { try WFDBImporter().read(dir.appendingPathComponent("synth16.hea")) } throws: {
            let e = $0 as? ImportError
            return e?.reason == .truncated && e?.file.hasSuffix("synth16.atr") == true
        }
    }

    /// An E4 `IBI.csv` cut after its start row, or inside it: an error, not an empty stream dated 1970.
    @Test(arguments: ["1560279825.000000, IBI\n", "1560279825.000000, IBI", "15602"])
    func e4IntervalsCutAfterOrInsideTheirHeader(text: String) throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let e4 = Samples.sample("empatica_e4_flirt")
        for name in ["EDA.csv", "HR.csv"] {
            try Data(contentsOf: e4.appendingPathComponent(name)).write(to: dir.appendingPathComponent(name))
        }
        let ibi = try String(contentsOf: e4.appendingPathComponent("IBI.csv"), encoding: .utf8)
        #expect(ibi.hasPrefix(text))
        try text.write(to: dir.appendingPathComponent("IBI.csv"), atomically: true, encoding: .utf8)
        #expect { try EmpaticaE4Importer().read(dir) } throws: {
            let e = $0 as? ImportError
            return (e?.reason == .truncated || e?.reason == .malformed) && e?.file.hasSuffix("IBI.csv") == true
        }
    }

    /// A CSV cut inside its last number (the ring sample, 1000 rows): that row is left out and a
    /// note says the file looks cut. A complete last row without a line break is kept.
    @Test func csvCutInsideItsLastNumber() throws {
        let rows = try String(contentsOf: Samples.sample("ppg/ring_data.csv"), encoding: .utf8).split(separator: "\n").prefix(1000)
        let last = try #require(rows.last)
        #expect(last.count == 7)  // "16100.0"
        let importer = CSVImporter(options: .init(sampleRate: 32, start: Date(timeIntervalSince1970: 1_700_000_000), kind: .bvp))
        let complete = try importer.read(text: rows.joined(separator: "\n"), file: "ring.csv")
        #expect(complete.streams.first?.count == 1000)
        #expect(!complete.notes.contains { $0.hasPrefix("truncated") })
        let cut = try importer.read(text: rows.joined(separator: "\n").dropLast(5) + "", file: "ring.csv")
        #expect(cut.streams.first?.count == 999)
        #expect(cut.streams.first?.values.last == Double(rows[998]))
        #expect(cut.notes.contains { $0.hasPrefix("truncated") && $0.contains("\"\(last.dropLast(5))\"") })
        // With a time column, cut inside the time or the value.
        let timed = rows.enumerated().map { "\(1_700_000_000 + Double($0.offset) / 32),\($0.element)" }.joined(separator: "\n")
        for partial in [String(timed.dropLast(3)), String(timed.dropLast(9)), String(timed.dropLast(20))] {
            let result = try CSVImporter(options: .init(kind: .bvp)).read(text: partial, file: "timed.csv")
            #expect(result.streams.first?.count == 999, "\(partial.suffix(30))")
            #expect(result.notes.contains { $0.hasPrefix("truncated") })
        }
    }
}

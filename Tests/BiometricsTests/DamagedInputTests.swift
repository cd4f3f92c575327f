import Foundation
import Testing
import ZIPFoundation

@testable import Biometrics

/// Damaged binary files never crash an importer: they import or throw an `ImportError`.
@Suite struct DamagedInputTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func mutations(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = Generator(state: seed)
        return (0..<count).map { _ in
            var copy = bytes
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                copy[Int.random(in: 0..<copy.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            if Bool.random(using: &rng) { copy.removeLast(Int.random(in: 0..<copy.count, using: &rng)) }
            return copy
        }
    }

    func survives(_ body: () throws -> BiometricImport) {
        do { _ = try body() } catch is ImportError {} catch { Issue.record("unexpected error type \(error)") }
    }

    @Test func fitMutations() throws {
        let bytes = [UInt8](try Data(contentsOf: Samples.sample("fit/garmin-fenix-5-run.fit")))
        for m in Self.mutations(of: bytes, count: 300, seed: 1) {
            survives { try FITImporter(keepCompleteMessages: true).read(bytes: m, file: "m.fit") }
        }
    }

    @Test func edfMutations() throws {
        for name in ["edf/sleepedf_SC4001EC-Hypnogram.edf"] {
            let bytes = [UInt8](try Data(contentsOf: Samples.sample(name)))
            for m in Self.mutations(of: bytes, count: 300, seed: 2) {
                survives { try EDFImporter(keepCompleteRecords: true).read(bytes: m, file: "m.edf") }
            }
        }
        let bdf = [UInt8](try Data(contentsOf: Samples.fixture("bdf/synth.bdf")))
        for m in Self.mutations(of: bdf, count: 300, seed: 3) {
            survives { try EDFImporter().read(bytes: m, file: "m.bdf") }
        }
    }

    /// CSV text damaged anywhere (the E4 HR sample with UNIX times, wide and long): an import or
    /// an `ImportError`, never a trap.
    @Test func csvMutations() throws {
        let lines = try String(contentsOf: Samples.sample("empatica_e4_flirt/HR.csv"), encoding: .utf8).split(separator: "\n")
        let start = try #require(Double(lines[0]))
        let rows = lines.dropFirst(2).prefix(200).enumerated()
        let wide = "time,hr\n" + rows.map { "\(start + Double($0.offset)),\($0.element)" }.joined(separator: "\n")
        let long = rows.map { "\(start + Double($0.offset));hr;\($0.element)" }.joined(separator: "\n")
        for (seed, text) in [(7, wide), (8, long)] {
            for m in Self.mutations(of: Array(text.utf8), count: 300, seed: UInt64(seed)) {
                survives { try CSVImporter().read(bytes: m, file: "m.csv") }
            }
        }
    }

    /// A WFDB header damaged anywhere (the synth16 record): an import or an `ImportError`.
    @Test func wfdbHeaderMutations() throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(contentsOf: Samples.fixture("wfdb/synth16.dat")).write(to: dir.appendingPathComponent("synth16.dat"))
        let header = [UInt8](try Data(contentsOf: Samples.fixture("wfdb/synth16.hea")))
        let url = dir.appendingPathComponent("synth16.hea")
        for m in Self.mutations(of: header, count: 300, seed: 9) {
            try Data(m).write(to: url)
            survives { try WFDBImporter(start: Date(timeIntervalSince1970: 1_700_000_000)).read(url) }
        }
    }

    @Test func zipAndInflateMutations() throws {
        let bytes = [UInt8](try Data(contentsOf: Samples.fixture("empatica_e4_flirt.zip")))
        for m in Self.mutations(of: bytes, count: 200, seed: 4) {
            do {
                var zip = try ZipArchive(bytes: m, file: "m.zip")
                if let entry = zip.entries.first(where: { $0.name == "info.txt" }) { _ = try zip.contents(of: entry) }
            } catch {}
        }
        // A real DEFLATE stream, damaged, as the last member (where a stream wanting more input
        // meets the end of the file): an error or some bytes, never a trap or a hang.
        var original = try ZipArchive(bytes: bytes, file: "e4.zip")
        let entry = try #require(original.entries.first { $0.name == "TEMP.csv" })
        let start = try ZipArchiveTests.dataOffset(of: "TEMP.csv", in: bytes)
        let stream = Array(bytes[start..<(start + entry.compressedSize)])
        let expected = try original.contents(of: entry)
        func read(_ deflated: [UInt8]) throws -> [UInt8] {
            var zip = try ZipArchive(
                bytes: ZipBombTests.zip([("TEMP.csv", deflated, expected.count)], crc: Data(expected).crc32(checksum: 0)), file: "t.zip")
            return try zip.contents(of: zip.entries[0])
        }
        #expect(try read(stream) == expected)
        for m in Self.mutations(of: stream, count: 300, seed: 6) { _ = try? read(m) }
        // Random data as a DEFLATE stream: an error, never a trap or a hang.
        var rng = Generator(state: 5)
        for _ in 0..<500 {
            let junk = (0..<Int.random(in: 1...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(throws: ImportError.self) { try read(junk) }
        }
    }
}

import Foundation
import Testing

@testable import Biometrics

/// Values that once stopped the process (a trap, or an allocation of hundreds of gigabytes) are
/// typed errors that name the file and the value.
@Suite struct ImpossibleValueTests {
    /// A header that announces no signal, or a negative number of them.
    @Test(arguments: ["0", "-1"])
    func wfdbHeaderWithoutSignals(count: String) throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Samples.editedRecord(replacing: "synth16 2 250", with: "synth16 \(count) 250", in: dir)
        #expect { try WFDBImporter().read(url) } throws: {
            let e = $0 as? ImportError
            return e?.reason == .malformed && e?.message.contains("signal") == true
        }
    }

    /// A gain field whose baseline parentheses are reversed (found by the header mutation test).
    @Test func wfdbGainWithReversedParentheses() throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Samples.editedRecord(replacing: "1000.0(0)/mV 16 0 1058", with: "1000.0)0(/mV 16 0 1058", in: dir)
        #expect { try WFDBImporter().read(url) } throws: {
            let e = $0 as? ImportError
            return e?.reason == .malformed && e?.message.contains("1000.0)0(/mV") == true
        }
    }

    /// A CSV time of `inf` or `1e300` (the E4 HR sample with UNIX times, one of them replaced), by
    /// the byte scanner and by the text path (long layout).
    @Test(arguments: ["inf", "1e300", "-1e300", "nan"])
    func csvTimeOutOfRange(time: String) throws {
        let lines = try String(contentsOf: Samples.sample("empatica_e4_flirt/HR.csv"), encoding: .utf8).split(separator: "\n")
        let start = try #require(Double(lines[0]))
        let rows = lines.dropFirst(2).prefix(20).enumerated().map { i, value in (i == 7 ? time : String(start + Double(i)), value) }
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wide = dir.appendingPathComponent("hr.csv"), long = dir.appendingPathComponent("long.csv")
        try ("time,hr\n" + rows.map { "\($0.0),\($0.1)" }.joined(separator: "\n")).write(to: wide, atomically: true, encoding: .utf8)
        try rows.map { "\($0.0);hr;\($0.1)" }.joined(separator: "\n").write(to: long, atomically: true, encoding: .utf8)
        for url in [wide, long] {
            #expect { try CSVImporter().read(url) } throws: {
                let e = $0 as? ImportError
                return e?.reason == .malformed && e?.message.contains("row") == true && e?.message.contains(time) == true
            }
        }
    }

    /// An E4 IBI.csv whose beat offset is `inf` or `1e300` (the sample with one row edited).
    @Test(arguments: ["inf", "1e300", "-5"])
    func e4BeatOffsetOutOfRange(offset: String) throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let e4 = Samples.sample("empatica_e4_flirt")
        try Data(contentsOf: e4.appendingPathComponent("HR.csv")).write(to: dir.appendingPathComponent("HR.csv"))
        var lines = try String(contentsOf: e4.appendingPathComponent("IBI.csv"), encoding: .utf8).components(separatedBy: "\n")
        #expect(lines[3].hasPrefix("100.77"))
        lines[3] = offset + "," + lines[3].split(separator: ",")[1]
        try lines.joined(separator: "\n").write(to: dir.appendingPathComponent("IBI.csv"), atomically: true, encoding: .utf8)
        #expect { try EmpaticaE4Importer().read(dir) } throws: {
            let e = $0 as? ImportError
            return e?.reason == .malformed && e?.message.contains("line 4") == true
        }
    }

    /// An EDF+D whose second data record starts 9e8 s (28 years) after the first: filling the gap
    /// would need 720 GB for one 4 Hz signal.
    @Test func edfRecordOnsetFarAway() throws {
        var bytes = EDFDiscontinuousTests.file()
        let tal = Array("+1\u{14}\u{14}\0".utf8), far = Array("+900000000\u{14}\u{14}\0".utf8)
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: tal) })
        bytes.replaceSubrange(at..<(at + far.count), with: far)
        #expect { try EDFImporter().read(bytes: bytes, file: "far.edf") } throws: {
            let e = $0 as? ImportError
            return e?.reason == .malformed && e?.message.contains("900000000") == true
        }
    }
}

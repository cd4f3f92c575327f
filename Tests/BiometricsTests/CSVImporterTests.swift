import Foundation
import Testing

@testable import Biometrics

@Suite struct CSVImporterTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func headerlessRingPPGNeedsARateThenReadsEveryRow() throws {
        let url = Samples.sample("ppg/ring_data.csv")
        #expect { try CSVImporter().read(url) } throws: {
            let e = $0 as? ImportError
            return e?.reason == .needsInput && e?.message.contains("sample rate") == true
        }
        let result = try CSVImporter(options: .init(sampleRate: 32, start: Self.start, kind: .bvp, unit: "a.u.", source: "ring")).read(url)
        let ppg = try #require(result.stream(.bvp))
        #expect(ppg.count == 91_987)
        #expect(ppg.sampleRate == 32)
        #expect(ppg.values.prefix(3) == [15926, 15920, 15921])
        #expect(ppg.start == Self.start && abs(ppg.duration - 91_987.0 / 32) < 1e-9)
    }

    @Test func headerISOOffsetsSemicolonsGapsAndDuplicates() throws {
        let text = """
            time;heart_rate;eda
            2024-05-01T10:00:00+02:00;70;0,51

            2024-05-01T10:00:01+02:00;NaN;0,52
            2024-05-01T10:00:02+02:00;72;
            2024-05-01T10:00:02+02:00;99;0,60
            2024-05-01T10:00:04+02:00;74;0,54
            """
        let result = try CSVImporter().read(text: text, file: "ring.csv")
        let hr = try #require(result.stream(.heartRate))
        #expect(hr.start == CivilTime.date(year: 2024, month: 5, day: 1, hour: 8))
        // Both values at 10:00:02 are kept: off a regular grid, as irregular samples.
        #expect(hr.offsets == [0, 1, 2, 2, 4])
        #expect(hr.values.count == 5)
        #expect(hr.values[0] == 70 && hr.values[1].isNaN && hr.values[2] == 72 && hr.values[3] == 99 && hr.values[4] == 74)
        let eda = try #require(result.stream(.eda))
        #expect(eda.unit == "uS")
        #expect(eda.sampleRate == 1)
        // Decimal commas; the empty field of the first 10:00:02 row is no sample beside the second row's value.
        #expect(eda.values[0] == 0.51 && eda.values[2] == 0.60 && eda.values[3].isNaN)
        #expect(result.notes.contains { $0.hasPrefix("heart_rate: 1 of 5 rows repeat a timestamp") })
    }

    @Test func unixTimesIrregularKeepOffsets() throws {
        let text = "1700000000,61\n1700000000.9,62\n1700000002.3,63\n1700000005.0,64\n"
        let result = try CSVImporter(options: .init(kind: .heartRate, unit: "bpm")).read(text: text, file: "x.csv")
        let s = try #require(result.streams.first)
        #expect(s.kind == .heartRate && s.sampleRate == nil)
        #expect(s.offsets!.map { ($0 * 10).rounded() / 10 } == [0, 0.9, 2.3, 5.0])
        #expect(s.start == Self.start)
        // Milliseconds are recognised too.
        let ms = try CSVImporter().read(text: "1700000000000,1\n1700000000500,2\n1700000001000,3\n", file: "ms.csv")
        #expect(ms.streams[0].sampleRate == 2 && ms.streams[0].start == Self.start)
    }

    @Test func longLayoutGivesOneStreamPerType() throws {
        let text = """
            timestamp;type;value
            2024-05-01 10:00:00Z;hr;70
            2024-05-01 10:00:00Z;temp;33.1
            2024-05-01 10:00:30Z;hr;71
            2024-05-01 10:01:00Z;hr;73
            2024-05-01 10:01:00Z;temp;33.3
            """
        let result = try CSVImporter().read(text: text, file: "long.csv")
        #expect(result.streams.map(\.kind) == [.heartRate, .temperature])
        #expect(result.streams[0].values == [70, 71, 73] && result.streams[0].sampleRate == 1.0 / 30)
        #expect(result.streams[1].values == [33.1, 33.3])
    }

    /// A long-format file read from its bytes: gaps written "NA" stay gaps, a type keeps its rows in
    /// order whatever comes between them, and a broken row is named by its line number.
    @Test func longLayoutFromBytesKeepsGapsAndNamesBadRows() throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("long.csv")
        let rows = [
            "time;type;value", "1700000000;eda;0.31", "1700000000;hr;70", "1700000001;eda;NA", "1700000001;hr;71",
            "1700000002;eda;0.35", "1700000002;hr;72",
        ]
        try (rows.joined(separator: "\r\n") + "\r\n").write(to: url, atomically: true, encoding: .utf8)
        let result = try CSVImporter().read(url)
        #expect(result.streams.map(\.label) == ["eda", "hr"])
        #expect(result.streams[0].kind == .eda && result.streams[1].kind == .heartRate)
        #expect(result.streams[0].values.count == 3 && result.streams[0].values[1].isNaN)
        #expect(result.streams[0].values[0] == 0.31 && result.streams[0].values[2] == 0.35)
        #expect(result.streams[1].values == [70, 71, 72] && result.streams[1].sampleRate == 1)
        // A complete line (it ends with a line break), so not taken for a row the copy cut short.
        try ((rows + ["1700000003;hr"]).joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        #expect {
            try CSVImporter().read(url)
        } throws: { error in
            (error as? ImportError)?.message == "row 8 is not \"time; type; value\": \"1700000003;hr\""
        }
    }

    /// The first `count` samples of a regular E4 channel file: (UNIX time, value).
    static func e4Samples(_ name: String, count: Int) throws -> [(time: Double, value: Double)] {
        let lines = try String(contentsOf: Samples.sample("empatica_e4_flirt/\(name)"), encoding: .utf8).split(separator: "\n")
        let start = try #require(Double(lines[0])), rate = try #require(Double(lines[1]))
        return try lines.dropFirst(2).prefix(count).enumerated().map { i, line in (start + Double(i) / rate, try #require(Double(line))) }
    }

    /// A headerless long-format file (time;type;value) made from the E4 HR and TEMP samples keeps
    /// its first row: a header is recognised by its content, not its position.
    @Test func headerlessLongLayoutKeepsItsFirstRow() throws {
        let hr = try Self.e4Samples("HR.csv", count: 20), temp = try Self.e4Samples("TEMP.csv", count: 60)
        let rows = (hr.map { ($0.time, "hr", $0.value) } + temp.map { ($0.time, "temp", $0.value) }).sorted { $0.0 < $1.0 }
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("long.csv")
        try rows.map { "\($0.0);\($0.1);\($0.2)" }.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        let result = try CSVImporter().read(url)
        #expect(result.streams.map(\.kind) == [.temperature, .heartRate])
        #expect(result.streams[0].values == temp.map(\.value))
        #expect(result.streams[0].start == Date(timeIntervalSince1970: temp[0].time))
        #expect(result.streams[1].values == hr.map(\.value))
        // With a header row, the same rows give the same streams.
        try ("time;type;value\n" + String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        #expect(try CSVImporter().read(url).streams == result.streams)
    }

    /// A 100 Hz PPG whose clock ticks every 1/64 s repeats 36 % of its timestamps (made from the
    /// ring sample): every row is kept, the rate comes from the whole file, and a note says so.
    @Test func repeatedTimestampsKeepEveryRowOfARegularSignal() throws {
        let ring = try String(contentsOf: Samples.sample("ppg/ring_data.csv"), encoding: .utf8).split(separator: "\n").prefix(2300)
        let values = try ring.map { try #require(Double($0)) }
        let t0 = 1_700_000_000.0
        let times = values.indices.map { i in ((t0 + Double(i) / 100) * 64).rounded(.down) / 64 }
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("ppg.csv")
        let text = "time,ppg\n" + zip(times, ring).map { "\(String(format: "%.3f", $0)),\($1)" }.joined(separator: "\n") + "\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        let repeated = zip(times.dropFirst(), times).filter { $0 == $1 }.count
        #expect(repeated == 828)  // 36 %
        let result = try CSVImporter().read(url)
        let ppg = try #require(result.stream(.bvp))
        let everyRow = ppg.values == values
        #expect(everyRow, "\(ppg.count) samples for \(values.count) rows")
        let rate = ppg.sampleRate ?? 0
        #expect(abs(rate - 100) < 0.1)
        #expect(abs(ppg.start.timeIntervalSince1970 - t0) < 0.002)
        #expect(result.notes.contains { $0.contains("828 of 2300 rows repeat a timestamp") && $0.contains("every row was kept") })
    }

    /// Repeated timestamps off a regular grid keep every sample as an irregular stream.
    @Test func repeatedTimestampsOffAGridKeepEverySampleIrregularly() throws {
        let text = "1700000000,61\n1700000000,62\n1700000002.5,63\n1700000003,64\n1700000007,65\n"
        let result = try CSVImporter(options: .init(kind: .heartRate, unit: "bpm")).read(text: text, file: "x.csv")
        let hr = try #require(result.stream(.heartRate))
        #expect(hr.values == [61, 62, 63, 64, 65])
        #expect(hr.offsets == [0, 0, 2.5, 3, 7])
        #expect(result.notes.contains { $0.contains("1 of 5 rows repeat a timestamp") })
    }

    /// A column named `hr` that holds raw PPG (the ring sample, 32 Hz) is heart rate by its name, and
    /// implausible as such: a warning says so. Naming the column's kind corrects it.
    @Test func columnKindsByNameAndPlausibilityWarnings() throws {
        let ring = try String(contentsOf: Samples.sample("ppg/ring_data.csv"), encoding: .utf8).split(separator: "\n").prefix(640)
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("ring.csv")
        let rows = ring.enumerated().map { i, value in "\(1_700_000_000 + Double(i) / 32),\(value)" }
        try ("time,hr\n" + rows.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        let asNamed = try CSVImporter().read(url)
        #expect(asNamed.streams.map(\.kind) == [.heartRate])
        #expect(asNamed.warnings.count == 1)
        #expect(asNamed.warnings.first?.contains("outside 20–250 bpm") == true)
        let corrected = try CSVImporter(options: .init(columnKinds: ["hr": .bvp])).read(url)
        #expect(corrected.streams.map(\.kind) == [.bvp])
        #expect(corrected.streams.first?.unit == "a.u.")
        #expect(corrected.warnings.isEmpty)
        let unit = try CSVImporter(options: .init(columnKinds: ["HR": .bvp], columnUnits: ["hr": "mV"])).read(url)
        #expect(unit.streams.first?.kind == .bvp && unit.streams.first?.unit == "mV")
        // An EDA above 100 µS is implausible too; the E4 sample is not.
        let eda = try CSVImporter().read(text: "time,eda\n1700000000,150\n1700000001,151\n1700000002,152\n", file: "eda.csv")
        #expect(eda.warnings.first?.contains("outside 0–100 uS") == true)
        #expect(try EmpaticaE4Importer().read(Samples.sample("empatica_e4_flirt")).warnings.isEmpty)
    }

    @Test func unreadableLayoutsAreTypedErrors() {
        #expect { try CSVImporter().read(text: "name,city\nalice,paris\n", file: "x.csv") } throws: { ($0 as? ImportError)?.reason == .malformed }
        #expect { try CSVImporter().read(text: "\n\n", file: "x.csv") } throws: { ($0 as? ImportError)?.reason == .malformed }
        #expect { try CSVImporter(options: .init(sampleRate: 4)).read(text: "1\n2\n", file: "x.csv") } throws: { ($0 as? ImportError)?.reason == .needsInput }
        #expect { try CSVImporter().read(text: "1700000000,1\n1700000001,abc\n", file: "x.csv") } throws: { ($0 as? ImportError)?.reason == .malformed }
    }

    /// The one-pass byte scanner gives what the text path gives, field quirks and errors included.
    @Test(arguments: [
        "15926.0\r\n\"\"\r\n15920.5\r\n\r\n-3e2\r\n 7 \r\n1.\r\n0.020499",
        "1,2,3\n4,,6\n7\n8,9,10,11\n,,\n12,\"13\",NA\n1e400,0x10,-0\n",
        "a;b\n1,5;2\n3;4,25\n\n5;6",
        "1700000000,1,x\n1700000001.5,2,y\n1700000002\n1700000003,4,z,9",
        "1700000000000,1\r\n1700000000500,2\r\n1700000001000\r\n",  // a cut last row (no line break) is left out before either path
        "1700000000,1\n12,2\n",
        "1700000000,1\n1700000001,abc\n",
        "1,2\n3,x\n",
    ])
    func byteScannerMatchesTextPath(_ text: String) throws {
        let importer = CSVImporter(options: .init(sampleRate: 4, start: Self.start))
        func run(_ body: () throws -> BiometricImport) -> Result<[[UInt64]], ImportError> {
            do { return .success(try body().streams.map { $0.values.map(\.bitPattern) + [UInt64($0.count)] }) } catch {
                return .failure(error as! ImportError)
            }
        }
        let bytes = run { try importer.read(text: text, file: "x.csv") }
        let lines = run { try importer.read(lines: TextFile.lines(of: Array(text.utf8)), file: "x.csv") }
        switch (bytes, lines) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect(a.message == b.message)
        default: Issue.record("\(bytes) vs \(lines)")
        }
    }

    @Test func iso8601Parsing() {
        #expect(CivilTime.parseISO8601("2019-06-11T19:03:45Z") == Date(timeIntervalSince1970: 1_560_279_825))
        #expect(CivilTime.parseISO8601("2019-06-11T21:03:45.500+02:00") == Date(timeIntervalSince1970: 1_560_279_825.5))
        #expect(CivilTime.parseISO8601("2019-06-11 20:03:45 +0100") == Date(timeIntervalSince1970: 1_560_279_825))
        #expect(CivilTime.parseISO8601("2019-06-11T19:03:45", defaultOffset: 3600) == Date(timeIntervalSince1970: 1_560_276_225))
        #expect(CivilTime.parseISO8601("11/06/2019") == nil)
        #expect(CivilTime.parseISO8601("2019-13-11") == nil)
    }
}

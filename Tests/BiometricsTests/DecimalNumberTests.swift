import Foundation
import Testing

@testable import Biometrics

/// The CSV importer parses numbers from bytes without making Strings: every result must be the
/// one `Double(String)` gives, bit for bit (or `nil` where it gives `nil`).
@Suite("Numbers parsed from bytes equal Double(String)")
struct DecimalNumberTests {
    static func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { DecimalNumber.parse($0, 0, $0.count) }
    }

    static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
        default: false
        }
    }

    static let edgeCases = [
        "", "-", "+", ".", "1.", ".5", "-.5", "+.5", "-0", "-0.0", "+0", "0", "00012.500", "1e5", "1E-5", "1e", "1e+", "1e-", "2e+3",
        "9007199254740992", "9007199254740993", "900719925474099.3", "0.1", "0.2", "0.3", "1e22", "1e23", "1e-22", "1e-23",
        "123456789012345678901234", "1234567890123456789", "12345678901234567890", "0.000000000000000000000000001", "inf", "-inf",
        "nan", "NaN", "infinity", "0x1p3", "0x10", " 1", "1 ", "1,5", "1..2", "--1", "+-1", "4.9e-324", "2.4703282292062327e-324",
        "1e-400", "1e400", "1e99999", "0e99999", "1.7976931348623157e308", "1.7976931348623159e308", "5e-324", "1560279825.000000",
        "-61", "0.020499", "32.13", "15926.0", "\u{FEFF}1", "١", "1_000", "1e0001", "3.14159265358979323846",
    ]

    @Test("Edge cases", arguments: edgeCases)
    func edgeCase(_ text: String) {
        #expect(
            Self.same(Self.parse(text), Double(text)),
            "\(text.debugDescription): \(String(describing: Self.parse(text))) vs \(String(describing: Double(text)))")
    }

    @Test("200 000 random decimals of every length, sign and exponent")
    func randomDecimals() {
        var generator = SplitMix64(seed: 0x5EED_B10)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            var text = ""
            switch generator.next() % 4 {
            case 0: text += "-"
            case 1: text += "+"
            default: break
            }
            let integerDigits = Int(generator.next() % 20)
            for _ in 0..<integerDigits { text += String(generator.next() % 10) }
            if generator.next() % 3 != 0 {
                text += "."
                for _ in 0..<Int(generator.next() % 20) { text += String(generator.next() % 10) }
            }
            if generator.next() % 4 == 0 {
                text += generator.next() % 2 == 0 ? "e" : "E"
                if generator.next() % 2 == 0 { text += "-" }
                text += String(generator.next() % 40)
            }
            if !Self.same(Self.parse(text), Double(text)) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test("A number followed by a separator or a line end reads as it does alone")
    func numberInsideALine() {
        var generator = SplitMix64(seed: 0xF1E1D)
        var mismatches: [String] = []
        var wordReads = 0, unsignedReads = 0
        for _ in 0..<50_000 {
            var text = generator.next() % 5 == 0 ? "-" : ""
            for _ in 0..<Int(generator.next() % 12) { text += String(generator.next() % 10) }
            if generator.next() % 2 == 0 {
                text += "."
                for _ in 0..<Int(generator.next() % 12) { text += String(generator.next() % 10) }
            }
            if generator.next() % 8 == 0 { text += "e-" + String(generator.next() % 30) }
            let alone = Array(text.utf8).withUnsafeBufferPointer { DecimalNumber.fastPath($0, 0, $0.count) }
            for follower in [",", ";", "\n", "\r\n", "\t", ",12.5\n3", ",0000000000\n", ";ppg;0000000000000000000000\n"] {
                let line = Array((text + follower).utf8)
                let read = line.withUnsafeBufferPointer { DecimalNumber.prefix($0, 0, $0.count) }
                if let alone {
                    // The line reader needs the same value and the field's end.
                    if read?.value.bitPattern != alone.bitPattern || read?.end != text.utf8.count { mismatches.append(text + follower) }
                } else if let read, read.end == text.utf8.count, !Self.same(read.value, Double(text)) {
                    mismatches.append(text + follower)
                }
                // The three-word reader: where it reads, exactly the general reader's value and end.
                if let unsigned = line.withUnsafeBufferPointer({ DecimalNumber.unsignedPrefix($0, 0, $0.count) }) {
                    unsignedReads += 1
                    let read = line.withUnsafeBufferPointer { DecimalNumber.prefix($0, 0, $0.count) }
                    if read?.value.bitPattern != unsigned.value.bitPattern || read?.end != unsigned.end {
                        mismatches.append("unsigned: " + text + follower)
                    }
                }
                // The one-word reader: where it reads the whole field, exactly Double(String)'s value.
                if let word = line.withUnsafeBufferPointer({ DecimalNumber.wordPrefix($0, 0, $0.count) }) {
                    if word.end == text.utf8.count {
                        wordReads += 1
                        if !Self.same(word.value, Double(text)) { mismatches.append("word: " + text + follower) }
                    } else if word.end > text.utf8.count {
                        mismatches.append("word past the field: " + text + follower)
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10).map(\.debugDescription))")
        // Short numbers with room after them are read by the one-word path, not left to the other.
        #expect(wordReads > 20_000)
        // Unsigned decimals of 8 to 19 digits with a point and room after them take the three-word path.
        #expect(unsignedReads > 1_000)
    }

    @Test(
        "The one-word reader reads numbers of up to 7 digits and leaves longer ones",
        arguments: [
            ("15926.0,1", 15926.0, 7), ("-0.25\n12345", -0.25, 5), ("1234567,89", 1234567.0, 7), (".5;000000000", 0.5, 2),
            ("-7.\r\n1234567", -7.0, 3), ("0.020499\n1", nil, nil), ("12345678,9", nil, nil), ("1234.5678\n", nil, nil),
            ("+1.5,00000000", nil, nil), ("1.5", nil, nil),
        ] as [(String, Double?, Int?)])
    func wordPrefix(_ example: (text: String, value: Double?, end: Int?)) {
        let (text, value, end) = example
        let read = Array(text.utf8).withUnsafeBufferPointer { DecimalNumber.wordPrefix($0, 0, $0.count) }
        #expect(read?.value == value && read?.end == end, "\(text.debugDescription): \(String(describing: read))")
    }

    @Test("Every field of the sample CSV exports")
    func sampleFields() throws {
        var fields = 0
        for name in [
            "ppg/ring_data.csv", "empatica_e4_flirt/ACC.csv", "empatica_e4_flirt/BVP.csv", "empatica_e4_flirt/EDA.csv",
            "empatica_e4_flirt/IBI.csv", "fit/garmin-fenix-5-run-records.csv",
        ] {
            let text = try String(contentsOf: Samples.sample(name), encoding: .utf8)
            for line in text.split(whereSeparator: \.isNewline) {
                for field in line.split(separator: ",", omittingEmptySubsequences: false) {
                    let trimmed = String(field.trimmingCharacters(in: .whitespaces))
                    #expect(Self.same(Self.parse(trimmed), Double(trimmed)), "\(name): \(trimmed)")
                    fields += 1
                }
            }
        }
        #expect(fields > 100_000)
    }

    @Test("The byte-scanning importer reads the ring export exactly as Double(String) does, gaps included")
    func ringExport() throws {
        let url = Samples.sample("ppg/ring_data.csv")
        let imported = try CSVImporter(options: .init(sampleRate: 32, start: Date(timeIntervalSince1970: 0))).read(url)
        let values = try #require(imported.streams.first).values
        // Blank lines are skipped; a "" field is a gap.
        let reference = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line -> Double? in
            let field = line.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r"))
            if field.isEmpty { return nil }
            let inner = field.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return inner.isEmpty ? Double.nan : Double(inner)!
        }
        #expect(values.count == reference.count)
        let identical = zip(values, reference).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
        #expect(identical)
        #expect(values.contains { $0.isNaN })
    }

    @Test("CRLF lines, a byte-order mark, semicolons and ISO times read through bytes")
    func crlfAndTimes() throws {
        let text =
            "\u{FEFF}time;hr;eda\r\n2024-03-01T09:30:00+01:00;61.5;0.25\r\n2024-03-01T09:30:01+01:00;;0.5\r\n\r\n2024-03-01T09:30:02+01:00;63;1e-1\r\n"
        let imported = try CSVImporter().read(text: text, file: "crlf.csv")
        #expect(imported.streams.map(\.label) == ["hr", "eda"])
        let hr = try #require(imported.stream(.heartRate))
        #expect(hr.sampleRate == 1 && hr.start == Date(timeIntervalSince1970: 1_709_281_800))
        #expect(hr.values[0] == 61.5 && hr.values[1].isNaN && hr.values[2] == 63)
        #expect(try #require(imported.stream(.eda)).values == [0.25, 0.5, 0.1])
    }

    @Test("Text lines of a CRLF file (E4, WFDB headers) split at every line end")
    func crlfTextLines() {
        #expect(TextFile.lines(of: Array("\u{FEFF}1560279825.0\r\n4.0\r\n0.02\r\n".utf8)) == ["1560279825.0", "4.0", "0.02", ""])
        #expect(TextFile.lines(of: Array("a\nb".utf8)) == ["a", "b"])
    }
}

/// A small deterministic generator (SplitMix64) so the random cases are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49EB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Foundation
import Testing

@testable import Biometrics

@Suite struct FITImporterTests {
    /// The committed fitparse decode: timestamp (local PDT), heart_rate, cadence, speed, distance, lat, long, altitude, temperature.
    func referenceRows() throws -> [(time: Date, values: [Double])] {
        let text = try String(contentsOf: Samples.sample("fit/garmin-fenix-5-run-records.csv"), encoding: .utf8)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: -7 * 3600)
        f.dateFormat = "EEE MMM dd HH:mm:ss 'PDT' yyyy"
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let fields = line.split(separator: ",")
            return (f.date(from: String(fields[0]))!, fields.dropFirst().map { Double($0)! })
        }
    }

    @Test func recordsMatchTheFitparseDecode() throws {
        let result = try FITImporter().read(Samples.sample("fit/garmin-fenix-5-run.fit"))
        let rows = try referenceRows()
        #expect(rows.count == 21)
        let columns: [(ChannelKind, Int)] = [(.heartRate, 0), (.cadence, 1), (.speed, 2), (.distance, 3), (.altitude, 6), (.temperature, 7)]
        for (kind, column) in columns {
            let stream = try #require(result.stream(kind), "\(kind)")
            #expect(stream.count == rows.count, "\(kind)")
            for (i, row) in rows.enumerated() {
                #expect(stream.start.addingTimeInterval(stream.offset(at: i)) == row.time)
                #expect(abs(stream.values[i] - row.values[column]) < 1e-9, "\(kind) row \(i)")
            }
        }
        // No location by default, and its omission is reported.
        #expect(result.stream(.latitude) == nil && result.stream(.longitude) == nil)
        #expect(result.omitted.contains { $0.hasPrefix("GPS positions in 21 records") })
        #expect(result.omitted.contains { $0.contains("user profile") })
        #expect(result.streams.first?.source == "Garmin (product 2697)")
    }

    @Test func locationOnRequestInDegrees() throws {
        let result = try FITImporter(includeLocation: true).read(Samples.sample("fit/garmin-fenix-5-run.fit"))
        let rows = try referenceRows()
        let lat = try #require(result.stream(.latitude)), lon = try #require(result.stream(.longitude))
        #expect(abs(lat.values[0] - rows[0].values[4] * 180 / 2_147_483_648) < 1e-12)
        #expect(abs(lon.values[0] - rows[0].values[5] * 180 / 2_147_483_648) < 1e-12)
        #expect(abs(lat.values[0] - 38.23) < 0.01)  // semicircles → degrees
    }

    @Test func hrvBeatsAndEventsMatchFitparse() throws {
        let reference = try Samples.json("formats_reference.json").dict("fit")
        let result = try FITImporter().read(Samples.sample("fit/garmin-fenix-5-run.fit"))
        let rr = try #require(result.stream(.rrInterval))
        let expected = reference.doubles("hrv")
        #expect(rr.count == expected.count && rr.count == 113)
        for (a, b) in zip(rr.values, expected) { #expect(abs(a - b) < 1e-12) }
        #expect(abs((rr.offsets?.last ?? 0) - expected.reduce(0, +)) < 1e-9)
        let events = reference["events"] as! [[String]]
        #expect(result.markers.count == events.count)
        #expect(result.markers.map(\.time) == events.map { utc($0[0]) })
        #expect(result.markers.first?.label == "timer start")
        #expect(result.markers[1].label == "timer stop_all")
        #expect(result.markers[2].label == "event 38 marker")
    }

    @Test func truncatedFileIsRejectedByDefault() {
        #expect { try FITImporter().read(Samples.sample("fit/activity-unexpected-eof.fit")) } throws: {
            let e = $0 as? ImportError
            return e?.reason == .truncated && e?.message.contains("complete messages") == true && e?.file.hasSuffix("activity-unexpected-eof.fit") == true
        }
    }

    @Test func truncatedFileKeepsCompleteMessagesOnRequest() throws {
        let result = try FITImporter(keepCompleteMessages: true).read(Samples.sample("fit/activity-unexpected-eof.fit"))
        #expect(result.notes.contains { $0.hasPrefix("truncated") })
        // Cutting the good file anywhere keeps a prefix of its records.
        let bytes = [UInt8](try Data(contentsOf: Samples.sample("fit/garmin-fenix-5-run.fit")))
        let full = try FITImporter().read(bytes: bytes, file: "full.fit")
        let cut = try FITImporter(keepCompleteMessages: true).read(bytes: Array(bytes.prefix(3000)), file: "cut.fit")
        let hrCut = try #require(cut.stream(.heartRate)), hrFull = try #require(full.stream(.heartRate))
        #expect(hrCut.count > 0 && hrCut.count < hrFull.count)
        #expect(hrCut.values == Array(hrFull.values.prefix(hrCut.count)))
        #expect { try FITImporter().read(bytes: Array(bytes.prefix(3000)), file: "cut.fit") } throws: { ($0 as? ImportError)?.reason == .truncated }
    }

    /// A `device_info` message stamped at the end of the activity but written first (as some Garmin
    /// files do) does not move the streams' start: it is the first record's.
    @Test func streamsStartAtTheFirstRecordNotAnEarlierWrittenMessage() throws {
        let bytes = [UInt8](try Data(contentsOf: Samples.sample("fit/garmin-fenix-5-run.fit")))
        let full = try FITImporter().read(bytes: bytes, file: "full.fit")
        let hr = try #require(full.stream(.heartRate))
        let end = UInt32(hr.end.timeIntervalSince1970 - FITImporter.epochOffset) + 600
        // local 0, little-endian device_info (global 23): timestamp (uint32); the file redefines local 0 next.
        var messages: [UInt8] = [0x40, 0, 0, 23, 0, 1, 253, 4, 0x86]
        messages += [0x00, UInt8(end & 0xFF), UInt8(end >> 8 & 0xFF), UInt8(end >> 16 & 0xFF), UInt8(end >> 24)]
        #expect(bytes[14] == 0x40)  // the original data begins with a definition message
        messages += bytes[14..<(bytes.count - 2)]
        let result = try FITImporter().read(bytes: FITSyntheticTests.file(messages), file: "device-info-first.fit")
        #expect(result.streams.map(\.kind) == full.streams.map(\.kind))
        for (mine, reference) in zip(result.streams, full.streams) {
            #expect(mine.start == reference.start, "\(mine.kind)")
            #expect(mine.offsets == reference.offsets, "\(mine.kind)")
            #expect(mine.offsets?.allSatisfy { $0 >= 0 } == true, "\(mine.kind)")
        }
        #expect(result.stream(.heartRate)?.start == hr.start)
    }

    @Test func damagedCRCAndOtherFormatsAreTypedErrors() throws {
        var bytes = [UInt8](try Data(contentsOf: Samples.sample("fit/garmin-fenix-5-run.fit")))
        bytes[bytes.count - 1] ^= 0xFF
        #expect { try FITImporter().read(bytes: bytes, file: "bad.fit") } throws: { ($0 as? ImportError)?.reason == .malformed }
        #expect { try FITImporter().read(Samples.sample("edf/sleepedf_SC4001EC-Hypnogram.edf")) } throws: { ($0 as? ImportError)?.reason == .wrongFormat }
    }
}

/// A FIT file written byte by byte: big-endian definitions, developer fields, compressed timestamps.
@Suite struct FITSyntheticTests {
    static func file(_ messages: [UInt8]) -> [UInt8] {
        var header: [UInt8] = [14, 0x10, 0x54, 0x08]
        let n = UInt32(messages.count)
        header += [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24)] + Array(".FIT".utf8)
        let headerCRC = CRC16.fit(header[...])
        header += [UInt8(headerCRC & 0xFF), UInt8(headerCRC >> 8)]
        let body = header + messages
        let crc = CRC16.fit(body[...])
        return body + [UInt8(crc & 0xFF), UInt8(crc >> 8)]
    }

    static let t0: UInt32 = 1_000_000_000  // low five bits are 0

    static let messages: [UInt8] = {
        var m: [UInt8] = []
        // local 0, little-endian file_id: manufacturer (uint16) 1, product (uint16) 2697
        m += [0x40, 0, 0, 0, 0, 2, 1, 2, 0x84, 2, 2, 0x84]
        m += [0x00, 1, 0, 0x89, 0x0A]
        // local 1, big-endian record with a developer field: timestamp (uint32), heart_rate (uint8); dev field 2 bytes
        m += [0x61, 0, 1, 0, 20, 2, 253, 4, 0x86, 3, 1, 0x02, 1, 0, 2, 0]
        m += [0x01, 0x3B, 0x9A, 0xCA, 0x00, 70, 0xAB, 0xCD]
        // local 2, big-endian record without timestamp: heart_rate; dev field 2 bytes
        m += [0x62, 0, 1, 0, 20, 1, 3, 1, 0x02, 1, 0, 2, 0]
        m += [0x80 | (2 << 5) | 5, 71, 0x01, 0x02]  // compressed: t0 + 5
        m += [0x80 | (2 << 5) | 3, 72, 0x01, 0x02]  // offset 3 < 5: rolls over to t0 + 35
        m += [0x80 | (2 << 5) | 3, 0xFF, 0x01, 0x02]  // invalid heart rate: a gap, not a value
        // local 3, little-endian hrv: time as two uint16 (ms)
        m += [0x43, 0, 0, 78, 0, 1, 0, 4, 0x84]
        m += [0x03, 0x20, 0x03, 0xFF, 0xFF]  // 800 ms, invalid
        return m
    }()

    @Test func decodesByteOrderDeveloperFieldsAndCompressedTimestamps() throws {
        let result = try FITImporter().read(bytes: Self.file(Self.messages), file: "synthetic.fit")
        let hr = try #require(result.stream(.heartRate))
        #expect(hr.values == [70, 71, 72])
        #expect(hr.offsets == [0, 5, 35])
        #expect(hr.start == Date(timeIntervalSince1970: Double(Self.t0) + FITImporter.epochOffset))
        #expect(hr.source == "Garmin (product 2697)")
        #expect(result.stream(.rrInterval)?.values == [0.8])
    }

    @Test func everyCutIsATypedErrorOrAPrefix() throws {
        let bytes = Self.file(Self.messages)
        for cut in stride(from: 1, to: bytes.count - 1, by: 3) {
            let prefix = Array(bytes.prefix(cut))
            #expect(throws: ImportError.self) { try FITImporter().read(bytes: prefix, file: "cut.fit") }
            if let partial = try? FITImporter(keepCompleteMessages: true).read(bytes: prefix, file: "cut.fit"), let hr = partial.stream(.heartRate) {
                #expect([70.0, 71, 72].starts(with: hr.values))
            }
        }
    }
}

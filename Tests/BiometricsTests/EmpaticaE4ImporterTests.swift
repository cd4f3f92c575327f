import Foundation
import Testing

@testable import Biometrics

@Suite struct EmpaticaE4ImporterTests {
    static let start = Date(timeIntervalSince1970: 1_560_279_825)

    func check(_ result: BiometricImport) throws {
        #expect(result.format == .empaticaE4)
        #expect(result.streams.map(\.kind) == [.accX, .accY, .accZ, .bvp, .eda, .heartRate, .temperature, .rrInterval])
        let accX = try #require(result.stream(.accX))
        #expect(accX.sampleRate == 32)
        #expect(accX.count == 9998)
        #expect(accX.unit == "g")
        #expect(accX.values[0] == -61.0 / 64.0)
        #expect(result.stream(.accZ)?.values[1] == 11.0 / 64.0)
        let bvp = try #require(result.stream(.bvp))
        #expect(bvp.sampleRate == 64 && bvp.count == 9998 && bvp.values[2] == -0.0 && bvp.values.last == -18.86)
        #expect(result.stream(.eda)?.sampleRate == 4)
        #expect(result.stream(.eda)?.values.first == 0 && result.stream(.eda)?.values.last == 0.094807)
        let hr = try #require(result.stream(.heartRate))
        #expect(hr.start == Self.start.addingTimeInterval(10))  // HR starts 10 s later
        #expect(hr.sampleRate == 1 && hr.values[0] == 93)
        let temp = try #require(result.stream(.temperature))
        #expect(temp.start == Self.start && temp.values.last == 33.41)
        let ibi = try #require(result.stream(.rrInterval))
        #expect(ibi.sampleRate == nil)
        #expect(ibi.count == 4999)
        #expect(ibi.offsets?.first == 83.503822 && ibi.values.first == 0.609403)
        #expect(ibi.offsets?.last == 8934.049576 && ibi.values.last == 1.234432)
        #expect(result.markers.isEmpty)  // tags.csv is empty in this export
    }

    @Test func readsTheFolder() throws {
        try check(try EmpaticaE4Importer().read(Samples.sample("empatica_e4_flirt")))
    }

    @Test func readsTheZipIdentically() throws {
        let zip = try EmpaticaE4Importer().read(Samples.fixture("empatica_e4_flirt.zip"))
        try check(zip)
        #expect(zip == (try EmpaticaE4Importer().read(Samples.sample("empatica_e4_flirt"))))
    }

    @Test func readsTagsAsMarkers() throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "1560279825.000000\n32.000000\n1.5\n2.5\n".write(to: dir.appendingPathComponent("TEMP.csv"), atomically: true, encoding: .utf8)
        try "1560279900.250000\n1560280000.000000\n".write(to: dir.appendingPathComponent("tags.csv"), atomically: true, encoding: .utf8)
        let result = try EmpaticaE4Importer(participant: "P-014").read(dir)
        #expect(result.markers.map(\.time) == [Date(timeIntervalSince1970: 1_560_279_900.25), Date(timeIntervalSince1970: 1_560_280_000)])
        #expect(result.markers.allSatisfy { $0.kind == .tag })
        #expect(result.streams.first?.participant == "P-014")
        #expect(result.streams.first?.values == [1.5, 2.5])
    }

    @Test func rejectsAFolderWithoutChannelFilesAndBadRows() throws {
        #expect { try EmpaticaE4Importer().read(Samples.sample("edf")) } throws: { ($0 as? ImportError)?.reason == .wrongFormat }
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "1560279825.0\n4.0\n0.1\nabc\n".write(to: dir.appendingPathComponent("EDA.csv"), atomically: true, encoding: .utf8)
        #expect { try EmpaticaE4Importer().read(dir) } throws: {
            let e = $0 as? ImportError
            return e?.reason == .malformed && e?.message.contains("line 4") == true
        }
    }
}
